from django.core.management.base import BaseCommand

from clinic.demo import seed_demo
from clinic.demo_data import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the fictional demo clinics, services, staff and logins (safe to run again)."

    def handle(self, *args, **options) -> None:
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email:<{width}}  {login.role} — {login.where}")
