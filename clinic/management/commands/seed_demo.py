from django.core.management.base import BaseCommand
from django.db import transaction

from clinic.demo import seed_demo
from clinic.demo_data import DEMO_DOMAIN, DEMO_PASSWORD
from content.demo import seed_conditions, seed_content
from patients.demo import seed_demo_patients
from scheduling.demo import seed_demo_visits, seed_schedules


class Command(BaseCommand):
    help = "Load the fictional demo clinics, staff, conditions and patients (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        logins = [(login.email, f"{login.role} — {login.where}") for login in seed_demo()]
        seed_conditions()
        seed_schedules()
        logins += seed_demo_patients(domain=DEMO_DOMAIN, password=DEMO_PASSWORD)
        seed_demo_visits()
        seed_content()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _ in logins)
        for email, what in logins:
            self.stdout.write(f"  {email:<{width}}  {what}")
        self.stdout.write(
            "Staff sign in with two factors. The code of a demo staff account, from another "
            "terminal:\n  make demo-code EMAIL=nurse.pasadena@demo.stillwater.example"
        )
