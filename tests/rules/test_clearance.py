"""Rule 1: no infusion without a physician's clearance at that clinic, whoever books it.

Each door that can put an infusion on the calendar, or promise one, is driven with a patient
whose intake is submitted but not decided; each must refuse with a reason and write nothing.
The same door with the cleared patient books, so a door that refuses everybody cannot pass.
"""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from scheduling.models import Appointment, InfusionSeries, WaitlistEntry
from scheduling.services import appointment_book, appointment_cancel
from scheduling.waitlist import waitlist_join
from tests.rules.conftest import NOW, TUESDAY_9, WEDNESDAY_9, local_input

pytestmark = pytest.mark.django_db


def _patient_books(world, person, at_now):
    url = reverse("scheduling:book_confirm", args=[world.clinic.slug, world.infusion.slug])
    response = world.patient_client(person).post(
        f"{url}?{urlencode({'start': TUESDAY_9.isoformat()})}", {"reason": "My back, for years"}
    )
    return response.content.decode()


def _front_desk_books(world, person, at_now):
    client = world.staff_client(world.desk)
    fields = {
        "clinic": world.clinic.pk,
        "service": world.infusion.pk,
        "day": "2026-11-10",
        "patient_email": person.user.email,
        "start": local_input(TUESDAY_9, world.clinic),
        "reason": "Called in",
        "book": "Book",
    }
    response = client.post(reverse("admin:scheduling_appointment_add"), fields)
    return response.content.decode() if response.status_code == 200 else response["Location"]


def _series_planner_books(world, person, at_now):
    client = world.staff_client(world.desk)
    fields = {
        "clinic": world.clinic.pk,
        "patient_email": person.user.email,
        "service": world.infusion.pk,
        "sessions": 2,
        "per_week": 2,
        "min_gap_hours": 24,
        "first_day": "2026-11-10",
        "start": [local_input(TUESDAY_9, world.clinic), local_input(WEDNESDAY_9, world.clinic)],
        "book": "Book",
    }
    response = client.post(reverse("admin:scheduling_infusionseries_add"), fields)
    return response.content.decode() if response.status_code == 200 else response["Location"]


def _service_books(world, person, at_now):
    try:
        appointment_book(
            clinic=world.clinic,
            service=world.infusion,
            starts_at=TUESDAY_9,
            patient=person,
            booked_by=world.desk,
            staff=True,
            now=NOW,
        )
    except ValidationError as error:
        return " ".join(error.messages)
    return "booked"


BOOKING_DOORS = {
    "patient booking page": _patient_books,
    "front desk's Book a visit": _front_desk_books,
    "series planner": _series_planner_books,
    "booking service (booster link, API, tasks)": _service_books,
}


@pytest.mark.parametrize("door", BOOKING_DOORS.values(), ids=BOOKING_DOORS.keys())
def test_no_door_books_an_infusion_for_an_uncleared_patient(world, at_now, door):
    said = door(world, world.waiting, at_now)

    assert not Appointment.objects.filter(patient=world.waiting).exists()
    assert not InfusionSeries.objects.filter(patient=world.waiting).exists()
    assert "clear" in said  # a reason, not a silent failure


@pytest.mark.parametrize("door", BOOKING_DOORS.values(), ids=BOOKING_DOORS.keys())
def test_every_door_books_an_infusion_for_a_cleared_patient(world, at_now, door):
    door(world, world.cleared, at_now)

    assert Appointment.objects.filter(patient=world.cleared, starts_at=TUESDAY_9).exists()


def test_the_staff_page_says_why_before_offering_any_time(world, at_now):
    client = world.staff_client(world.desk)
    page = client.post(
        reverse("admin:scheduling_appointment_add"),
        {
            "clinic": world.clinic.pk,
            "service": world.infusion.pk,
            "day": "2026-11-10",
            "patient_email": world.waiting.user.email,
        },
    ).content.decode()

    assert "needs a physician&#x27;s clearance first" in page
    assert "“Submitted”" in page
    assert 'name="start"' not in page  # no time to pick


def test_an_uncleared_patient_is_shown_no_infusion_times(world, at_now):
    client = world.patient_client(world.waiting)
    page = client.get(
        reverse("scheduling:book_time", args=[world.clinic.slug, world.infusion.slug])
    ).content.decode()

    assert "Infusions are booked after a physician clears you" in page
    assert (
        reverse("scheduling:book_time", args=[world.clinic.slug, world.consultation.slug]) in page
    )
    assert "data-slot" not in page and "?start=" not in page
    cleared = world.patient_client(world.cleared).get(
        reverse("scheduling:book_time", args=[world.clinic.slug, world.infusion.slug])
    )
    assert "Infusions are booked after a physician clears you" not in cleared.content.decode()


def test_an_uncleared_patient_cannot_join_an_infusion_waitlist(world, at_now):
    with pytest.raises(ValidationError, match="cleared your intake"):
        waitlist_join(
            patient=world.waiting,
            clinic=world.clinic,
            service=world.infusion,
            earliest=TUESDAY_9.date(),
            latest=TUESDAY_9.date(),
            today=NOW.date(),
        )
    page = world.patient_client(world.waiting).post(
        reverse("scheduling:waitlist_join", args=[world.clinic.slug, world.infusion.slug]),
        {"earliest": "2026-11-10", "latest": "2026-11-10"},
    )

    assert "Infusions are booked after a physician clears you" in page.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_a_second_claim_of_one_offer_says_it_is_already_taken(world, at_now):
    """Found by the break-it pass: a claim from a stale second tab said the offer had ended
    while the entry showed Booked."""
    from scheduling.waitlist import waitlist_claim

    entry = waitlist_join(
        patient=world.cleared,
        clinic=world.clinic,
        service=world.infusion,
        earliest=TUESDAY_9.date(),
        latest=TUESDAY_9.date(),
        today=NOW.date(),
    )
    entry.status, entry.offered_start = WaitlistEntry.Status.OFFERED, TUESDAY_9
    entry.offer_expires_at = NOW + dt.timedelta(minutes=15)
    entry.save()
    waitlist_claim(entry=entry, now=NOW)

    with pytest.raises(ValidationError, match="already taken this time"):
        waitlist_claim(entry=entry, now=NOW)
    assert Appointment.objects.filter(patient=world.cleared).count() == 1


def test_a_freed_infusion_time_goes_to_the_first_cleared_patient_waiting(world, at_now):
    """An entry from before clearance was required (or a clearance withdrawn) never holds the
    head of the queue: the offer skips to the first patient who could claim it."""
    early = WaitlistEntry.objects.create(
        clinic=world.clinic,
        service=world.infusion,
        patient=world.waiting,
        earliest=TUESDAY_9.date(),
        latest=TUESDAY_9.date(),
    )
    later = waitlist_join(
        patient=world.cleared,
        clinic=world.clinic,
        service=world.infusion,
        earliest=TUESDAY_9.date(),
        latest=TUESDAY_9.date(),
        today=NOW.date(),
    )
    other = world.cleared.__class__.objects.exclude(pk__in=[world.cleared.pk, world.waiting.pk])
    assert not other.exists()
    from tests.factories import submitted_intake

    third = submitted_intake(world.clinic, now=NOW)
    third.status = "cleared"
    third.save()
    visit = appointment_book(
        clinic=world.clinic,
        service=world.infusion,
        starts_at=TUESDAY_9,
        patient=third.patient,
        booked_by=third.patient.user,
        now=NOW,
    )
    appointment_cancel(appointment=visit, by=third.patient.user, by_patient=True, now=NOW)

    early.refresh_from_db()
    later.refresh_from_db()
    assert early.status == WaitlistEntry.Status.WAITING
    assert later.status == WaitlistEntry.Status.OFFERED and later.offered_start == TUESDAY_9


def test_the_series_planner_proposes_no_time_for_an_uncleared_patient(world, at_now):
    """Found by the break-it pass: the planner proposed six times, refusing only on booking."""
    client = world.staff_client(world.desk)
    page = client.post(
        reverse("admin:scheduling_infusionseries_add"),
        {
            "clinic": world.clinic.pk,
            "patient_email": world.waiting.user.email,
            "service": world.infusion.pk,
            "sessions": 2,
            "per_week": 2,
            "min_gap_hours": 48,
            "first_day": "2026-11-10",
            "propose": "Propose times",
        },
    ).content.decode()

    assert "needs a physician&#x27;s clearance first" in page
    assert 'name="start"' not in page
