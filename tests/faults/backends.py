"""The demo's email and text backends as a provider the fault tests can watch and slow down.

Each message handed over is appended as one line to FAULTS_SEND_LOG: "<channel> <id> <pid>",
where <id> is the email's Message-ID or the text's idempotency key (the names a provider sees).
FileSmsBackend writes a key's file once, so a text handed over twice leaves one file; the log
still shows the second hand-over. Lines are appended with O_APPEND in one write, so the lines of
several workers never mix.
"""

from __future__ import annotations

import os
import time

from django.conf import settings

from config.mail import EmlFileBackend
from patients.sms import FileSmsBackend

_handed_over = 0  # in this process


def _handed(channel: str, name: str) -> None:
    global _handed_over
    line = f"{channel} {name} {os.getpid()}\n".encode()
    descriptor = os.open(settings.FAULTS_SEND_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(descriptor, line)
    finally:
        os.close(descriptor)
    _handed_over += 1
    # The provider has the message; its answer is slow, or never comes.
    if settings.FAULTS_STALL_AFTER and _handed_over >= settings.FAULTS_STALL_AFTER:
        time.sleep(3600)
    if settings.FAULTS_SEND_SECONDS:
        time.sleep(settings.FAULTS_SEND_SECONDS)


class RecordingEmailBackend(EmlFileBackend):
    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            sent += super().send_messages([message])
            _handed("email", message.extra_headers["Message-ID"])
        return sent


class RecordingSmsBackend(FileSmsBackend):
    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        provider_id = super().send(to=to, body=body, idempotency_key=idempotency_key)
        _handed("sms", idempotency_key)
        return provider_id
