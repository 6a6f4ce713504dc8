"""Demo email: each outgoing message becomes one .eml file under EMAIL_FILE_PATH."""

import hashlib
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    """Writes every message as `<UTC timestamp>-<random>.eml`, readable by any mail client.

    Django's own file backend appends a whole connection's messages to one .log file; one file a
    message lets the admin list them and a test (or a person) open exactly the one it wants.

    Like a provider that takes an idempotency key, it keeps the first message of a Message-ID
    and drops a repeat: the outbox resends a message whose worker died after handing it over
    (before marking it sent) under the same Message-ID. A marker file per Message-ID under
    `.sent/`, made with O_EXCL, decides which of two racing writers keeps its copy.
    """

    def __init__(self, *, file_path: str | Path | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            marker = self._marker(message)
            if marker is not None and marker.exists():
                sent += 1  # delivered before: accepted, not written again
                continue
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
            path = self.directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(message.message().as_bytes(linesep="\r\n"))
            tmp.replace(path)  # readers never see half a message
            if marker is not None and not self._claim(marker):
                path.unlink(missing_ok=True)  # another writer kept the same message first
            sent += 1
        return sent

    def _marker(self, message) -> Path | None:
        message_id = message.extra_headers.get("Message-ID")
        if not message_id:
            return None
        digest = hashlib.sha256(message_id.encode()).hexdigest()[:32]
        return self.directory / ".sent" / digest

    @staticmethod
    def _claim(marker: Path) -> bool:
        marker.parent.mkdir(exist_ok=True)
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
        except FileExistsError:
            return False
        return True
