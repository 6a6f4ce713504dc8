"""A page in the admin that lists the demo's outgoing email (var/mail/*.eml), newest first.

It exists only while email goes to files (local/demo mode) and only for staff who hold
clinic.read_demo_mail (network admins): the messages are addressed to real demo accounts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse

from .mail import EmlFileBackend

FILE_NAME = re.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{8}\.eml$")
LIST_LIMIT = 200


@dataclass(frozen=True)
class MailSummary:
    name: str
    subject: str
    to: str
    date: str


def _mail_dir() -> Path:
    backend = settings.EMAIL_BACKEND
    if backend != f"{EmlFileBackend.__module__}.{EmlFileBackend.__qualname__}":
        raise Http404("Email is not written to files here.")
    return Path(settings.EMAIL_FILE_PATH)


def _parse(path: Path) -> EmailMessage:
    with path.open("rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


def _file(name: str) -> Path:
    if not FILE_NAME.match(name):
        raise Http404
    path = _mail_dir() / name
    if not path.is_file():
        raise Http404
    return path


def _when(message: EmailMessage) -> str:
    """When it was sent, on the reader's clock with its label (the admin runs in their zone)."""
    from clinic.localtime import local_time

    sent = getattr(message["date"], "datetime", None)
    if sent is None:
        return str(message["date"] or "")
    if sent.tzinfo is None:  # "-0000": UTC, the sender's zone unsaid (RFC 5322, 3.3)
        sent = sent.replace(tzinfo=dt.UTC)
    return local_time(sent)


@permission_required("clinic.read_demo_mail", raise_exception=True)
def mail_list(request):
    directory = _mail_dir()
    files = directory.glob("*.eml") if directory.exists() else []
    names = sorted((p.name for p in files if FILE_NAME.match(p.name)), reverse=True)[:LIST_LIMIT]
    messages = []
    for name in names:
        message = _parse(directory / name)
        messages.append(
            MailSummary(
                name=name,
                subject=str(message["subject"] or ""),
                to=str(message["to"] or ""),
                date=_when(message),
            )
        )
    context = {**admin.site.each_context(request), "title": "Demo mail", "messages_": messages}
    return TemplateResponse(request, "admin/demo_mail/list.html", context)


@permission_required("clinic.read_demo_mail", raise_exception=True)
def mail_detail(request, name: str):
    message = _parse(_file(name))
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    context = {
        **admin.site.each_context(request),
        "title": str(message["subject"] or "(no subject)"),
        "name": name,
        "headers": [(key, str(message[key])) for key in ("From", "To", "Date", "Subject")],
        "text": text.get_content() if text else "",
        "html": html.get_content() if html else "",
    }
    return TemplateResponse(request, "admin/demo_mail/detail.html", context)


@permission_required("clinic.read_demo_mail", raise_exception=True)
def mail_download(request, name: str):
    return FileResponse(_file(name).open("rb"), as_attachment=True, content_type="message/rfc822")
