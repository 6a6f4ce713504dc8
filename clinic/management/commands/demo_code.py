from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError

from clinic.demo_data import DEMO_DOMAIN, demo_totp_secret


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo staff account (demo data only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")

    def handle(self, *args, email: str, **options) -> None:
        import time

        if not email.endswith(f"@{DEMO_DOMAIN}"):
            raise CommandError("Only demo accounts have a known secret.")
        secret = demo_totp_secret(email)
        self.stdout.write(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
        self.stdout.write(f"(secret for an authenticator app: {secret})")
