"""One visit is one calendar event (RFC 5545, RFC 5546): the same UID in every email and in the
portal's download, SEQUENCE up on every move and cancellation, METHOD:REQUEST then CANCEL, the
clinic as organizer, and nothing about the service or the patient's condition."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from patients.models import Intake
from patients.outbox import outbox_sweep
from scheduling.models import Appointment
from scheduling.services import appointment_book, appointment_cancel, appointment_reschedule
from tests.factories import patient, submitted_intake
from tests.scheduling.conftest import (
    Role,
    book_series,
    booked,
    chairs,
    consultation,
    infusion,
    provider,
    utc,
)

pytestmark = pytest.mark.django_db

NOW = utc(2026, 11, 9, 16)  # Monday 08:00 PST
THURSDAY_9 = utc(2026, 11, 12, 17)
FRIDAY_10 = utc(2026, 11, 13, 18)
SERVICE_NAME = "IV ketamine for CRPS"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def setup(clinic):
    provider(clinic)
    service = consultation(clinic, name=SERVICE_NAME, slug="crps-consult")
    person = patient(preferred_name="Sam")
    return clinic, service, person


def book(service, person):
    return appointment_book(
        clinic=service.clinic,
        service=service,
        starts_at=THURSDAY_9,
        patient=person,
        booked_by=person.user,
        reason="My fibromyalgia flares",
        now=NOW,
    )


def calendar_of(message):
    """The calendar attached to a sent email, and the attachment's content type."""
    (attachment,) = [a for a in message.attachments if a[2].startswith("text/calendar")]
    return Calendar.from_ical(attachment[1]), attachment[2], attachment[1]


def the_event(calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def test_book_move_cancel_is_one_event_whose_sequence_rises(setup):
    clinic, service, person = setup

    visit = book(service, person)
    outbox_sweep(now=NOW)
    moved = appointment_reschedule(
        appointment=visit, starts_at=FRIDAY_10, by=person.user, by_patient=True, now=NOW
    )
    outbox_sweep(now=NOW)
    appointment_cancel(appointment=moved, by=person.user, by_patient=True, now=NOW)
    outbox_sweep(now=NOW)

    assert len(mail.outbox) == 3
    calendars = [calendar_of(m) for m in mail.outbox]
    methods = [str(c["method"]) for c, _, _ in calendars]
    events = [the_event(c) for c, _, _ in calendars]
    uids = {str(e["uid"]) for e in events}
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]
    assert [int(e["sequence"]) for e in events] == [0, 1, 2]
    assert uids == {f"{visit.calendar_uid}@{settings.MESSAGE_ID_DOMAIN}"}
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    # The move changed the time of the event the patient already has.
    assert [e.decoded("dtstart") for e in events] == [THURSDAY_9, FRIDAY_10, FRIDAY_10]
    assert [kind for _, kind, _ in calendars] == [
        "text/calendar; method=REQUEST",
        "text/calendar; method=REQUEST",
        "text/calendar; method=CANCEL",
    ]
    for event in events:
        organizer = event["organizer"]
        assert str(organizer) == f"mailto:{clinic.email}"
        assert organizer.params["CN"] == clinic.name
        assert str(event["attendee"]) == f"mailto:{person.user.email}"
        assert event.decoded("dtstamp") == NOW
        assert event["dtstart"].params["TZID"] == "America/Los_Angeles"
    for _, _, raw in calendars:
        text = raw.decode() if isinstance(raw, bytes) else raw
        assert SERVICE_NAME not in text and "CRPS" not in text and "fibromyalgia" not in text
        assert f"SUMMARY:Appointment at {clinic.name}" in text


def test_a_visit_moved_twice_keeps_its_uid_and_counts_each_move(setup):
    _, service, person = setup
    first = book(service, person)

    second = appointment_reschedule(
        appointment=first, starts_at=FRIDAY_10, by=person.user, by_patient=True, now=NOW
    )
    third = appointment_reschedule(
        appointment=second, starts_at=THURSDAY_9, by=person.user, by_patient=True, now=NOW
    )

    rows = Appointment.objects.order_by("created_at")
    assert [(r.calendar_uid, r.calendar_sequence) for r in rows] == [
        (first.calendar_uid, 0),
        (first.calendar_uid, 1),
        (first.calendar_uid, 2),
    ]
    assert third.calendar_sequence == 2


def test_the_portal_download_is_the_same_event_as_the_emails_at_its_current_sequence(setup):
    clinic, service, person = setup
    client = Client()  # served as "testserver": the UID's host is still the portal's domain
    client.force_login(person.user)
    visit = book(service, person)
    moved = appointment_reschedule(
        appointment=visit, starts_at=FRIDAY_10, by=person.user, by_patient=True, now=NOW
    )
    outbox_sweep(now=NOW)
    (emailed,) = [the_event(calendar_of(m)[0]) for m in mail.outbox if "moved" in m.subject]

    of_moved = Calendar.from_ical(
        client.get(reverse("scheduling:appointment_ics", args=[moved.id])).content
    )
    # An old link (the visit before the move) gives the event as it is now, not a stale copy.
    of_old = Calendar.from_ical(
        client.get(reverse("scheduling:appointment_ics", args=[visit.id])).content
    )
    appointment_cancel(appointment=moved, by=person.user, by_patient=True, now=NOW)
    of_cancelled = Calendar.from_ical(
        client.get(reverse("scheduling:appointment_ics", args=[moved.id])).content
    )

    for calendar in (of_moved, of_old):
        event = the_event(calendar)
        assert str(calendar["method"]) == "REQUEST"
        assert str(event["uid"]) == str(emailed["uid"])
        assert int(event["sequence"]) == int(emailed["sequence"]) == 1
        assert event.decoded("dtstart") == FRIDAY_10
        assert str(event["uid"]).endswith(f"@{settings.MESSAGE_ID_DOMAIN}")
    cancelled = the_event(of_cancelled)
    assert str(of_cancelled["method"]) == "CANCEL"
    assert (str(cancelled["uid"]), int(cancelled["sequence"])) == (str(emailed["uid"]), 2)
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["organizer"]) == f"mailto:{clinic.email}"


def test_a_series_file_has_one_event_a_visit_each_with_its_own_uid(clinic):
    provider(clinic, Role.NURSE, hours=((8, 18),))
    chairs(clinic, 1)
    intake = submitted_intake(clinic)
    Intake.objects.filter(pk=intake.pk).update(status=Intake.Status.CLEARED)
    service = infusion(clinic, name="Ketamine for treatment-resistant depression")
    series = book_series(service, intake.patient, sessions=4, now=NOW)

    outbox_sweep(now=NOW)

    (sent,) = [m for m in mail.outbox if "booked" in m.subject]
    calendar, kind, raw = calendar_of(sent)
    events = calendar.walk("VEVENT")
    visits = series.appointments.order_by("starts_at")
    assert (str(calendar["method"]), kind) == ("REQUEST", "text/calendar; method=REQUEST")
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"{v.calendar_uid}@{settings.MESSAGE_ID_DOMAIN}" for v in visits
    )
    assert len({str(e["uid"]) for e in events}) == len(events) == 4
    assert {int(e["sequence"]) for e in events} == {0}
    text = raw.decode() if isinstance(raw, bytes) else raw
    assert service.name not in text and "depression" not in text


def test_the_migration_gives_existing_visits_the_uid_of_their_first_version(setup):
    """Rows from before the calendar fields: a chain of moves takes its first visit's id (the UID
    its confirmation carried) and each row its place in the chain."""
    _, service, person = setup
    doctor = provider(service.clinic)
    first = booked(service, THURSDAY_9, who=doctor, person=person, status="cancelled")
    second = booked(service, FRIDAY_10, who=doctor, person=person, status="cancelled")
    third = booked(service, FRIDAY_10 + dt.timedelta(days=1), who=doctor, person=person)
    alone = booked(service, THURSDAY_9, who=doctor)
    Appointment.objects.filter(pk=second.pk).update(rescheduled_from=first)
    Appointment.objects.filter(pk=third.pk).update(rescheduled_from=second)
    migration = importlib.import_module("scheduling.migrations.0007_calendar_uid_and_sequence")

    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL)

    rows = {a.pk: (a.calendar_uid, a.calendar_sequence) for a in Appointment.objects.all()}
    assert rows == {
        first.pk: (first.pk, 0),
        second.pk: (first.pk, 1),
        third.pk: (first.pk, 2),
        alone.pk: (alone.pk, 0),
    }


def test_the_database_refuses_two_rows_for_one_version_of_an_event(setup):
    from django.db import IntegrityError, transaction

    _, service, person = setup
    visit = book(service, person)
    other = booked(service, FRIDAY_10, who=visit.provider)

    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.filter(pk=other.pk).update(calendar_uid=visit.calendar_uid)
    Appointment.objects.filter(pk=other.pk).update(
        calendar_uid=visit.calendar_uid, calendar_sequence=1
    )
