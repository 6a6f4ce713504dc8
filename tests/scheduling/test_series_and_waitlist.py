"""Infusion series (proposed, booked all or nothing, with progress) and the waitlist."""

import datetime as dt
import itertools

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from patients.models import AuditEvent, Intake
from scheduling.booking import SlotUnavailable
from scheduling.models import Appointment, InfusionSeries, WaitlistEntry
from scheduling.series import series_book, series_progress, series_propose
from scheduling.services import appointment_book, appointment_cancel
from scheduling.visits import visit_advance, visit_complete
from scheduling.waitlist import waitlist_claim, waitlist_expire_offers, waitlist_join
from tests.factories import patient, staff_member, submitted_intake
from tests.scheduling.conftest import (
    Role,
    book_series,
    booked,
    chairs,
    consultation,
    infusion,
    provider,
    settled_readings,
    utc,
)

pytestmark = pytest.mark.django_db

NOW = utc(2026, 11, 9, 16)  # Monday 08:00 PST


@pytest.fixture
def unit(clinic):
    nurses = [provider(clinic, Role.NURSE, hours=((8, 18),)) for _ in range(2)]
    room = chairs(clinic, 2)
    intake = submitted_intake(clinic)
    Intake.objects.filter(pk=intake.pk).update(status=Intake.Status.CLEARED)
    return clinic, infusion(clinic), intake.patient, nurses, room


def test_proposal_spaces_sessions_and_keeps_to_the_weekly_limit(unit):
    clinic, service, _, _, _ = unit

    slots = series_propose(
        clinic=clinic,
        service=service,
        sessions=6,
        per_week=2,
        min_gap_hours=48,
        first_day=dt.date(2026, 11, 9),
        preferred_time=dt.time(10),
        now=NOW,
    )

    starts = [s.starts_at for s in slots]
    local = [s.astimezone(clinic.zone) for s in starts]
    assert len(starts) == 6
    assert all(b - a >= dt.timedelta(hours=48) for a, b in itertools.pairwise(starts))
    weeks = [d.isocalendar()[1] for d in local]
    assert max(weeks.count(w) for w in set(weeks)) <= 2
    assert all(d.hour == 10 and d.minute == 0 for d in local)  # the preferred time was free


def test_a_whole_series_is_booked_in_one_step_with_progress(unit, clinic):
    clinic, service, person, _, _ = unit

    series = book_series(service, person, sessions=6, now=NOW)

    assert series.appointments.filter(status="booked").count() == 6
    first = series.appointments.order_by("starts_at").first()
    nurse = staff_member(clinic, Role.NURSE)
    for action in ("check_in", "start", "observe"):
        first = visit_advance(appointment=first, action=action, by=nurse, now=first.starts_at)
    settled_readings(first, nurse)
    visit_complete(
        appointment=first,
        by=nurse,
        vitals_near_baseline=True,
        escort_present=True,
        side_effects="none",
        now=first.starts_at,
    )
    progress = series_progress(series)
    assert (progress["done"], progress["planned"], len(progress["upcoming"])) == (1, 6, 5)


def test_a_series_is_confirmed_in_one_message_with_every_date_and_one_calendar_file(unit, clinic):
    from django.core import mail
    from icalendar import Calendar

    from patients.models import OutboundMessage
    from patients.outbox import outbox_sweep

    clinic, service, person, _, _ = unit
    series = book_series(service, person, sessions=6, now=NOW, preferred_time=dt.time(10))

    outbox_sweep(now=NOW)

    notices = OutboundMessage.objects.exclude(kind__in=["reminder", "readiness_check"])
    assert list(notices.values_list("kind", "status")) == [("series_confirmation", "sent")]
    reminders_ahead = [
        (visit.id, hours)
        for visit in series.appointments.all()
        for hours in (48, 3)
        if visit.starts_at - dt.timedelta(hours=hours) > NOW
    ]
    assert OutboundMessage.objects.filter(kind="reminder").count() == len(reminders_ahead) >= 10
    (sent,) = [m for m in mail.outbox if "booked" in m.subject]
    assert sent.subject == f"Your 6 appointments at {clinic.name} are booked"
    for visit in series.appointments.all():
        local = visit.starts_at.astimezone(clinic.zone)
        assert f"{local:%A, %B} {local.day}, {local:%Y} at 10:00 AM" in sent.body
    (name, ics, kind) = sent.attachments[0]
    events = Calendar.from_ical(ics).walk("VEVENT")
    assert (name, kind, len(events)) == ("appointments.ics", "text/calendar; method=REQUEST", 6)
    assert {str(e["summary"]) for e in events} == {f"Appointment at {clinic.name}"}


def test_one_impossible_session_books_none_of_them(unit, clinic):
    clinic, service, person, nurses, room = unit
    slots = series_propose(
        clinic=clinic,
        service=service,
        sessions=6,
        per_week=2,
        min_gap_hours=48,
        first_day=dt.date(2026, 11, 9),
        now=NOW,
    )
    # Someone takes both chairs at the fourth session's time.
    fourth = slots[3].starts_at
    booked(service, fourth, who=nurses[0], chair=room[0])
    booked(service, fourth, who=nurses[1], chair=room[1])

    with pytest.raises(SlotUnavailable):
        series_book(
            clinic=clinic,
            service=service,
            patient=person,
            starts=[s.starts_at for s in slots],
            by=staff_member(clinic, Role.FRONT_DESK),
            now=NOW,
        )

    assert not InfusionSeries.objects.exists()
    assert not Appointment.objects.filter(patient=person).exists()


def test_a_series_needs_a_cleared_patient_and_a_booker(unit, clinic):
    clinic, service, _, _, _ = unit
    start = [utc(2026, 11, 10, 18)]

    with pytest.raises(ValidationError, match="needs a physician's clearance first"):
        series_book(
            clinic=clinic,
            service=service,
            patient=patient(),
            starts=start,
            by=staff_member(clinic, Role.FRONT_DESK),
            now=NOW,
        )
    with pytest.raises(PermissionDenied):
        series_book(
            clinic=clinic,
            service=service,
            patient=unit[2],
            starts=start,
            by=staff_member(clinic, Role.NURSE),
            now=NOW,
        )


def test_planning_page_proposes_then_books_all(client, unit, clinic):
    clinic, service, person, _, _ = unit
    client.force_login(staff_member(clinic, Role.FRONT_DESK))
    url = reverse("admin:scheduling_infusionseries_add")
    form = {
        "clinic": clinic.pk,
        "patient_email": person.user.email,
        "service": service.pk,
        "sessions": 6,
        "per_week": 2,
        "min_gap_hours": 48,
        "first_day": "2026-11-16",
        "preferred_time": "09:00",
        "propose": "1",
    }

    with time_machine.travel(NOW, tick=False):  # the planning page works on the real clock
        proposed = client.post(url, form)
        starts = [s.strftime("%Y-%m-%dT%H:%M") for s in proposed.context["proposal"]]
        booked_page = client.post(url, {**form, "book": "1", "start": starts})

    series = InfusionSeries.objects.get()
    assert booked_page["Location"] == reverse(
        "admin:scheduling_infusionseries_change", args=[series.pk]
    )
    assert series.appointments.count() == 6


# --- Waitlist -------------------------------------------------------------------------------


@pytest.fixture
def consult(clinic):
    doctor = provider(clinic)
    return consultation(clinic), doctor


def _fill_day(service, doctor):
    """Everyone's booked on Tuesday: 09:00-12:00, four visits of 45 minutes."""
    return [
        booked(service, utc(2026, 11, 10, 17) + dt.timedelta(minutes=45 * i), who=doctor)
        for i in range(4)
    ]


def test_a_cancelled_slot_is_offered_to_the_first_waiting_patient(consult, clinic):
    service, doctor = consult
    visits = _fill_day(service, doctor)
    first = waitlist_join(
        patient=patient(),
        clinic=clinic,
        service=service,
        earliest=dt.date(2026, 11, 10),
        latest=dt.date(2026, 11, 12),
        today=dt.date(2026, 11, 9),
    )
    second = waitlist_join(
        patient=patient(),
        clinic=clinic,
        service=service,
        earliest=dt.date(2026, 11, 10),
        latest=dt.date(2026, 11, 10),
        today=dt.date(2026, 11, 9),
    )

    appointment_cancel(appointment=visits[1], by=doctor, by_patient=False, now=NOW)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistEntry.Status.OFFERED
    assert first.offered_start == visits[1].starts_at
    assert first.offer_expires_at == NOW + dt.timedelta(minutes=15)
    assert second.status == WaitlistEntry.Status.WAITING


def test_the_offer_is_claimed_inside_fifteen_minutes(consult, clinic):
    service, doctor = consult
    visits = _fill_day(service, doctor)
    entry = waitlist_join(
        patient=patient(),
        clinic=clinic,
        service=service,
        earliest=dt.date(2026, 11, 10),
        latest=dt.date(2026, 11, 10),
        today=dt.date(2026, 11, 9),
    )
    appointment_cancel(appointment=visits[0], by=doctor, by_patient=False, now=NOW)

    visit = waitlist_claim(entry=entry, now=NOW + dt.timedelta(minutes=10))

    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.BOOKED
    assert visit.starts_at == visits[0].starts_at and visit.patient == entry.patient


def test_an_unclaimed_offer_passes_to_the_next_patient(consult, clinic):
    service, doctor = consult
    visits = _fill_day(service, doctor)
    entries = [
        waitlist_join(
            patient=patient(),
            clinic=clinic,
            service=service,
            earliest=dt.date(2026, 11, 10),
            latest=dt.date(2026, 11, 10),
            today=dt.date(2026, 11, 9),
        )
        for _ in range(2)
    ]
    appointment_cancel(appointment=visits[2], by=doctor, by_patient=False, now=NOW)

    with pytest.raises(ValidationError, match="offer has ended"):
        waitlist_claim(entry=entries[0], now=NOW + dt.timedelta(minutes=16))
    expired = waitlist_expire_offers(now=NOW + dt.timedelta(minutes=16))

    for entry in entries:
        entry.refresh_from_db()
    assert expired == 1
    assert entries[0].status == WaitlistEntry.Status.WAITING
    assert entries[1].status == WaitlistEntry.Status.OFFERED
    assert entries[1].offered_start == visits[2].starts_at
    assert waitlist_expire_offers(now=NOW + dt.timedelta(minutes=17)) == 0  # a second run: nothing
    # Neither patient did this: the system did, and each one's audit trail says so.
    trail = AuditEvent.objects.filter(actor=None, object_type="waitlistentry").order_by("at", "id")
    assert [(e.patient_id, e.action, e.path) for e in trail] == [
        (entries[0].patient_id, "update", "waitlist offer"),
        (entries[0].patient_id, "update", "task scheduling.expire_waitlist_offers"),
        (entries[1].patient_id, "update", "waitlist offer"),
    ]


def test_waitlist_dates_are_checked(consult, clinic):
    service, _ = consult

    with pytest.raises(ValidationError):
        waitlist_join(
            patient=patient(),
            clinic=clinic,
            service=service,
            earliest=dt.date(2026, 11, 12),
            latest=dt.date(2026, 11, 10),
            today=dt.date(2026, 11, 9),
        )
    with pytest.raises(ValidationError):
        waitlist_join(
            patient=patient(),
            clinic=clinic,
            service=service,
            earliest=dt.date(2026, 11, 1),
            latest=dt.date(2026, 11, 10),
            today=dt.date(2026, 11, 9),
        )


def test_joining_twice_updates_the_one_entry(consult, clinic):
    service, _ = consult
    person = patient()
    for latest in (dt.date(2026, 11, 12), dt.date(2026, 11, 20)):
        waitlist_join(
            patient=person,
            clinic=clinic,
            service=service,
            earliest=dt.date(2026, 11, 10),
            latest=latest,
            today=dt.date(2026, 11, 9),
        )

    entry = WaitlistEntry.objects.get()
    assert entry.latest == dt.date(2026, 11, 20)


def test_rescheduling_offers_the_old_time(consult, clinic):
    from scheduling.services import appointment_reschedule

    service, _ = consult
    person = patient()
    visit = appointment_book(
        clinic=clinic,
        service=service,
        starts_at=utc(2026, 11, 10, 17),
        patient=person,
        booked_by=person.user,
        now=NOW,
    )
    entry = waitlist_join(
        patient=patient(),
        clinic=clinic,
        service=service,
        earliest=dt.date(2026, 11, 10),
        latest=dt.date(2026, 11, 10),
        today=dt.date(2026, 11, 9),
    )

    appointment_reschedule(
        appointment=visit, starts_at=utc(2026, 11, 11, 17), by=person.user, by_patient=True, now=NOW
    )

    entry.refresh_from_db()
    assert entry.status == "offered" and entry.offered_start == utc(2026, 11, 10, 17)


def test_patients_join_claim_and_leave_the_waitlist_in_the_portal(consult, clinic):
    import time_machine
    from django.test import Client

    service, doctor = consult
    visits = _fill_day(service, doctor)
    person = patient()
    client = Client()
    client.force_login(person.user)
    join = reverse("scheduling:waitlist_join", args=[clinic.slug, service.slug])

    with time_machine.travel(NOW, tick=False):
        bad = client.post(join, {"earliest": "2026-11-12", "latest": "2026-11-10"})
        client.post(join, {"earliest": "2026-11-10", "latest": "2026-11-11"})
        appointment_cancel(appointment=visits[3], by=doctor, by_patient=False, now=NOW)
        page = client.get(reverse("scheduling:waitlist")).content.decode()
        entry = WaitlistEntry.objects.get(patient=person)
        claimed = client.post(reverse("scheduling:waitlist_claim", args=[entry.id]))

    assert "The last day comes after the first" in bad.content.decode()
    assert "Claim this time" in page and "11:15 AM PST" in page
    visit = Appointment.objects.get(patient=person)
    assert claimed["Location"] == reverse("scheduling:appointment", args=[visit.id])


def test_another_patients_waitlist_entry_cannot_be_claimed(consult, clinic):
    from django.test import Client

    service, _ = consult
    theirs = WaitlistEntry.objects.create(
        clinic=clinic,
        service=service,
        patient=patient(),
        earliest=dt.date(2026, 11, 10),
        latest=dt.date(2026, 11, 10),
    )
    client = Client()
    client.force_login(patient().user)

    assert client.post(reverse("scheduling:waitlist_claim", args=[theirs.id])).status_code == 404
    assert client.post(reverse("scheduling:waitlist_leave", args=[theirs.id])).status_code == 404


def test_the_beat_task_expires_offers():
    from scheduling.tasks import expire_waitlist_offers

    assert expire_waitlist_offers.run() == 0


def test_a_booster_is_booked_against_the_patients_series(unit, clinic):
    clinic, service, person, _, _ = unit
    series = book_series(service, person, sessions=2, now=NOW)
    booster = infusion(clinic, kind="booster", name="Booster infusion", slug="booster")

    visit = appointment_book(
        clinic=clinic,
        service=booster,
        starts_at=utc(2026, 12, 7, 18),
        patient=person,
        booked_by=person.user,
        now=NOW,
    )

    assert visit.series == series
    assert series_progress(series)["boosters"] == 1
