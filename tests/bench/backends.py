"""The demo email and SMS backends, recording every hand-over.

Both demo backends keep the first message of a key and drop a repeat (patients.sms.FileSmsBackend
by idempotency key, config.mail.EmlFileBackend by Message-ID), as providers honouring an
idempotency key do, so a message sent twice would leave no trace in their files. The bench needs
to see a duplicate if there is one: each hand-over is also appended, as one line, to a log file
of the calling process (sent-<pid>.log: texts' keys; mailed-<pid>.log: emails' Message-IDs)."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from config.mail import EmlFileBackend
from patients.sms import FileSmsBackend


def _record(prefix: str, name: str) -> None:
    directory = Path(settings.BENCH_SMS_LOG_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{prefix}-{os.getpid()}.log", "a", encoding="utf-8") as log:
        log.write(name + "\n")


class RecordingSmsBackend(FileSmsBackend):
    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        provider_id = super().send(to=to, body=body, idempotency_key=idempotency_key)
        _record("sent", idempotency_key)
        return provider_id


class RecordingEmailBackend(EmlFileBackend):
    def send_messages(self, email_messages) -> int:
        sent = super().send_messages(email_messages)
        for message in email_messages:
            _record("mailed", message.extra_headers["Message-ID"])
        return sent
