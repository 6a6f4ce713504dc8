"""Text messages: one small interface, a demo backend that writes files under var/sms/, and an
adapter for a provider's HTTP API. Choose with SMS_BACKEND; the provider's address and token
come from the environment (SMS_API_URL, SMS_API_TOKEN, SMS_FROM)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The provider refused or could not be reached. `permanent` errors are not retried."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class FileSmsBackend:
    """Demo: each text becomes a file named by its idempotency key, so sending twice writes the
    same file once."""

    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        directory = Path(settings.SMS_FILE_PATH)
        directory.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_" else "_" for c in idempotency_key)
        path = directory / f"{name}.json"
        payload = {"to": to, "body": body, "at": timezone.now().isoformat()}
        if not path.exists():
            path.write_text(json.dumps(payload, indent=2))
        return f"file:{path.name}"


class HttpSmsBackend:
    """A provider's JSON API: POST {to, from, body} with the key as Idempotency-Key, so the
    provider itself drops a repeat of a message we already handed over."""

    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        request = urllib.request.Request(  # noqa: S310 - the configured provider's https URL
            settings.SMS_API_URL,
            data=json.dumps({"to": to, "from": settings.SMS_FROM, "body": body}).encode(),
            headers={
                "Authorization": f"Bearer {settings.SMS_API_TOKEN}",
                "Content-Type": "application/json",
                "Idempotency-Key": idempotency_key,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return json.loads(response.read() or b"{}").get("id", "")
        except urllib.error.HTTPError as error:
            raise SmsError(
                f"provider answered {error.code}", permanent=400 <= error.code < 500
            ) from None
        except (urllib.error.URLError, TimeoutError) as error:
            raise SmsError(f"provider unreachable: {error.__class__.__name__}") from None


def sms_backend():
    return import_string(settings.SMS_BACKEND)()
