"""What the fault tests share: signed-in patients without going through the sign-in page, a
clinic to book at, and reading what the provider was handed (tests.faults.backends)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from email import policy
from email.parser import BytesParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils.crypto import get_random_string

from clinic.models import ClinicMembership, OpeningHours
from patients.models import OutboundMessage
from scheduling.availability import available_slots
from tests.factories import ClinicFactory, patient
from tests.scheduling.conftest import consultation, provider

from .processes import Response

CLIENT_NETWORK = "10.64"  # the addresses our "proxy" reports for the patients


class Visitor:
    """A signed-in patient's browser: a session made directly in the database (as signing in
    would), a CSRF cookie, the cookies the site sets, and the address a proxy reports for it."""

    def __init__(self, user, number: int) -> None:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        self.user = user
        self.csrf = get_random_string(32)
        self.cookies = SimpleCookie()
        self.cookies["sessionid"] = session.session_key
        self.cookies["csrftoken"] = self.csrf
        self.address = f"{CLIENT_NETWORK}.{number // 250}.{number % 250 + 1}"

    def request(self, site, method: str, path: str, **fields: str) -> Response:
        headers = {
            "Cookie": "; ".join(f"{name}={c.coded_value}" for name, c in self.cookies.items()),
            "X-Forwarded-For": self.address,
        }
        body = None
        if method == "POST":
            body = urlencode({**fields, "csrfmiddlewaretoken": self.csrf})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = site.request(method, path, body=body, headers=headers)
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        for name in [name for name, c in self.cookies.items() if not c.value]:
            del self.cookies[name]  # a cookie the site deleted (e.g. messages, once shown)
        return response

    def book(self, site, clinic, service, start: dt.datetime) -> Response:
        return self.request(
            site, "POST", booking_path(clinic, service, start), reason="A consultation, please."
        )


def make_patients(count: int, *, texts: bool = False) -> list:
    """Patient profiles with distinct emails (and mobile numbers with consent to texts)."""
    from patients.services import consent_record

    people = []
    for number in range(count):
        if texts:  # 555-0100 to 555-0199: numbers kept for fiction
            person = patient(phone=f"+1626555{100 + number:04d}")
            consent_record(patient=person, channel="sms", granted=True, method="portal")
        else:
            person = patient()
        people.append(person)
    return people


def bookable_clinic():
    """A clinic open every day with one physician (9:00-12:00): one visit at a time, so a time
    can be booked once."""
    clinic = ClinicFactory()
    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=day, opens_at=dt.time(8), closes_at=dt.time(18))
        for day in range(7)
    )
    provider(clinic, ClinicMembership.Role.PHYSICIAN)
    return clinic, consultation(clinic, slug="consultation")


def free_slot_starts(clinic, service, *, count: int, days_ahead: int = 2) -> list[dt.datetime]:
    """The first free time of each of `count` days from `days_ahead` days on."""
    first_day = (dt.datetime.now(tz=clinic.zone) + dt.timedelta(days=days_ahead)).date()
    slots = available_slots(clinic=clinic, service=service, first_day=first_day, days=count + 3)
    firsts: dict[dt.date, dt.datetime] = {}
    for slot in slots:
        firsts.setdefault(slot.starts_at.astimezone(clinic.zone).date(), slot.starts_at)
    return sorted(firsts.values())[:count]


def booking_path(clinic, service, start: dt.datetime) -> str:
    local = start.astimezone(clinic.zone).isoformat()
    return f"/book/{clinic.slug}/{service.slug}/confirm/?start={quote(local)}"


# --- What the provider was handed -------------------------------------------------------------


def message_id(key: str) -> str:
    """The Message-ID the outbox gives every attempt of the email with this key."""
    return f"<{key.replace(':', '.')}@{settings.MESSAGE_ID_DOMAIN}>"


def provider_name(message: OutboundMessage) -> str:
    """How the provider knows a message: a Message-ID for email, the key for a text."""
    if message.channel == OutboundMessage.Channel.EMAIL:
        return message_id(message.idempotency_key)
    return message.idempotency_key


def hand_overs(directory: Path) -> Counter:
    """How many times each message was handed to the provider (channel, name)."""
    log = directory / "handed-over.log"
    lines = log.read_text().splitlines() if log.exists() else []
    return Counter(tuple(line.split()[:2]) for line in lines)


def emails_written(directory: Path) -> Counter:
    """The .eml files written, counted by Message-ID."""
    found: Counter = Counter()
    for path in (directory / "mail").glob("*.eml"):
        with path.open("rb") as handle:
            found[str(BytesParser(policy=policy.default).parse(handle)["Message-ID"]).strip()] += 1
    return found


def texts_written(directory: Path) -> set[str]:
    """The text files written (one a key: the demo provider drops a key it already has)."""
    return {path.stem for path in (directory / "sms").glob("*.json")}


def text_file_stem(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


# A zone for each hour of offset from UTC, west to east.
ZONES_AROUND_THE_WORLD = [
    "Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Denver",
    "America/Chicago", "America/New_York", "America/Halifax", "America/Sao_Paulo",
    "Atlantic/South_Georgia", "Atlantic/Cape_Verde", "UTC", "Africa/Lagos",
    "Africa/Johannesburg", "Europe/Moscow", "Asia/Dubai", "Asia/Karachi", "Asia/Dhaka",
    "Asia/Bangkok", "Asia/Shanghai", "Asia/Tokyo", "Australia/Brisbane", "Pacific/Noumea",
    "Pacific/Tarawa", "Pacific/Tongatapu", "Pacific/Kiritimati",
]  # fmt: skip


def daytime_zone() -> str:
    """A zone where it is the middle of the day now. Texts wait for the morning in a clinic's
    night (patients.outbox), and a test that sends texts must not depend on when it runs."""
    now = dt.datetime.now(tz=dt.UTC)
    return next(
        zone for zone in ZONES_AROUND_THE_WORLD if 10 <= now.astimezone(ZoneInfo(zone)).hour < 18
    )


def outbox_notices(
    people,
    clinic,
    *,
    due_from: dt.datetime,
    spread: dt.timedelta = dt.timedelta(0),
    text_first: bool = False,
) -> list:
    """A portal notice to each patient by email and by text, queued as the app queues them
    (outbox_add) without asking a worker to send. Each is due a moment after the one before,
    from `due_from` on and over `spread`: a sweep sends them in this order."""
    from patients.outbox import outbox_add

    channels = [OutboundMessage.Channel.EMAIL, OutboundMessage.Channel.SMS]
    if text_first:
        channels.reverse()
    step = max(spread / max(len(people), 1), dt.timedelta(milliseconds=2))
    queued = []
    for number, person in enumerate(people):
        for order, channel in enumerate(channels):
            queued.append(
                outbox_add(
                    key=f"intake_update:fault-{person.pk}:{channel}",
                    kind="intake_update",
                    channel=channel,
                    due_at=due_from + step * number + dt.timedelta(milliseconds=order),
                    patient=person,
                    clinic=clinic,
                )
            )
    return queued


def sweep_now(broker_url: str) -> None:
    """Ask the workers for a sweep through the broker, as beat does."""
    from celery import Celery

    app = Celery("faults", broker=broker_url, set_as_current=False)
    try:
        app.send_task("patients.sweep_outbox")
    finally:
        app.close()


def expected_hand_overs(messages) -> Counter:
    """Each message handed to the provider exactly once."""
    return Counter((message.channel, provider_name(message)) for message in messages)
