from django.core.management.base import BaseCommand
from django.db import transaction

from patients.fields import EncryptedJSONField, EncryptedTextField


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key of PORTAL_ENCRYPTION_KEYS "
        "(run after putting a new key first; then remove the old key)."
    )

    def handle(self, *args, **options) -> None:
        from django.apps import apps

        total = 0
        for model in apps.get_models():
            fields = [
                f.name
                for f in model._meta.get_fields()
                if isinstance(f, EncryptedTextField | EncryptedJSONField)
            ]
            if not fields:
                continue
            with transaction.atomic():
                for row in model.objects.select_for_update().iterator(chunk_size=500):
                    row.save(update_fields=fields)
                    total += 1
            self.stdout.write(f"{model._meta.label}: {', '.join(fields)}")
        self.stdout.write(self.style.SUCCESS(f"{total} rows re-encrypted with the first key."))
