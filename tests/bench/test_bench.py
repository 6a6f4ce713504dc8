"""The bench's own instruments, so that its figures can be trusted (the bench itself runs only
with `make bench`: its modules are not test_ files and run nothing on import)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from clinic.models import OpeningHours
from patients.models import CommunicationConsent, OutboundMessage
from patients.outbox import outbox_sweep
from scheduling.availability import available_slots
from scheduling.models import Appointment
from tests.bench import seed, sweep
from tests.bench.load import Request, each_once, run_load
from tests.bench.web import QueryCounter
from tests.factories import ClinicFactory, patient
from tests.scheduling.conftest import chairs, infusion, provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic():
    """A clinic open every day 08:00-18:00 in Pasadena's zone."""
    clinic = ClinicFactory(time_zone="America/Los_Angeles")
    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=d, opens_at=dt.time(8), closes_at=dt.time(18))
        for d in range(7)
    )
    return clinic


def test_the_floor_is_one_query_through_the_whole_middleware_stack(settings):
    settings.ROOT_URLCONF = "tests.bench.urls"
    client = Client()
    client.get("/bench/floor")
    with QueryCounter() as queries:
        response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert queries.count == 1


def test_the_query_counter_counts_every_statement_of_a_request(settings):
    settings.ROOT_URLCONF = "tests.bench.urls"
    with QueryCounter() as queries:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        Client().get("/bench/floor")
    assert queries.count == 2


def test_a_bigger_table_asks_availability_the_same_question(clinic):
    """The fill keeps the same 14 days ahead at every size: the free slots there are the same
    with ten times more appointments, so a slower answer can only come from the table's size."""
    nurse = provider(clinic, role="nurse", hours=((7, 19),))
    provider(clinic, role="nurse", hours=((7, 19),))
    chairs(clinic, 3)
    service = infusion(clinic)
    now = timezone.now()
    today = now.astimezone(clinic.zone).date()

    def free():
        return [
            (slot.starts_at, slot.provider_ids)
            for slot in available_slots(
                clinic=clinic, service=service, first_day=today, days=14, now=now
            )
        ]

    assert seed.fill_appointments(clinic=clinic, service=service, total=400, today=today) == 400
    small = free()
    assert seed.fill_appointments(clinic=clinic, service=service, total=4000, today=today) == 4000
    assert Appointment.objects.filter(clinic=clinic).count() == 4000
    assert free() == small
    assert small, "half the nurses' time is left free in the window"
    assert Appointment.objects.filter(provider=nurse, status="booked").exists()


@pytest.fixture
def backends(settings, tmp_path):
    settings.EMAIL_BACKEND = "tests.bench.backends.RecordingEmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.SMS_BACKEND = "tests.bench.backends.RecordingSmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    settings.BENCH_SMS_LOG_DIR = tmp_path / "sms-log"
    return tmp_path


def test_the_delivery_count_sees_every_message_once_and_a_resend_as_a_duplicate(clinic, backends):
    nurse = provider(clinic, role="nurse")
    person = patient(phone="+16265550123")
    for channel in ("email", "sms"):
        CommunicationConsent.objects.create(
            patient=person, channel=channel, granted=True, method="staff"
        )
    now = timezone.now()
    visit = Appointment.objects.create(
        clinic=clinic,
        service=infusion(clinic),
        patient=person,
        provider=nurse,
        starts_at=now + dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=2, minutes=50),
        provider_until=now + dt.timedelta(days=2, minutes=50),
        chair_until=now + dt.timedelta(days=2, minutes=50),
    )
    keys = []
    for offset, channel in ((24, "email"), (2, "sms")):
        key = f"reminder:{visit.id}:{offset}h:{channel}"
        keys.append(key)
        OutboundMessage.objects.create(
            idempotency_key=key,
            kind="reminder",
            channel=channel,
            due_at=now,
            patient=person,
            appointment=visit,
            clinic=clinic,
        )
    # Sweep at noon tomorrow in the clinic's zone: due, before the visit, and not in the night
    # (a text would be held back until morning).
    tomorrow = now.astimezone(clinic.zone).date() + dt.timedelta(days=1)
    noon = dt.datetime.combine(tomorrow, dt.time(12), clinic.zone)
    outbox_sweep(now=noon)

    mail, sms_log = backends / "mail", backends / "sms-log"
    counted = sweep.delivered(sms_log)
    assert len(list(mail.glob("*.eml"))) == 1
    assert counted == sweep._expected(keys)
    assert set(counted.values()) == {1}

    # A worker that died after sending leaves the message to be sent again under its key.
    OutboundMessage.objects.update(status="pending")
    outbox_sweep(now=noon + dt.timedelta(seconds=1))
    assert set(sweep.delivered(sms_log).values()) == {2}
    assert len(list(mail.glob("*.eml"))) == 1  # the demo provider kept one copy of the email


@pytest.mark.django_db(transaction=True)
def test_the_load_driver_sends_each_request_once_and_counts_unexpected_answers(live_server):
    host, port = live_server.thread.host, live_server.thread.port
    requests = [Request("GET", "/robots.txt")] * 4 + [Request("GET", "/no-such-page/")]
    result = run_load(
        host=host,
        port=port,
        next_request=each_once(requests),
        clients=2,
        seconds=30,
        max_requests=100,
        warmup=1,
    )
    assert result["requests"] == 3
    assert result["errors"] == 1
    assert result["statuses"] == {"200": 3, "404": 1}
