"""The demo SMS backend, recording every call.

patients.sms.FileSmsBackend writes one file per idempotency key and skips a key it has already
written, so a message sent twice would leave no trace. The bench needs to see a duplicate if
there is one: each call is also appended, as one line, to a log file of the calling process."""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from patients.sms import FileSmsBackend


class RecordingSmsBackend(FileSmsBackend):
    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        provider_id = super().send(to=to, body=body, idempotency_key=idempotency_key)
        directory = Path(settings.BENCH_SMS_LOG_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / f"sent-{os.getpid()}.log", "a", encoding="utf-8") as log:
            log.write(idempotency_key + "\n")
        return provider_id
