"""Rule 3: a patient, a chair and a clinician hold one visit at a time, in every status, and a
patient's infusions keep the clinic's distance whoever books them.

Completing a visit or marking a no-show used to free its time for a second booking in the same
chair with the same nurse; now only a cancellation (or a move) frees it, in the availability
engine and in the database's exclusion constraints alike.
"""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scheduling.availability import available_slots
from scheduling.models import Appointment
from scheduling.series import series_book, series_propose
from scheduling.services import appointment_book
from scheduling.visits import visit_advance, visit_complete
from tests.factories import submitted_intake
from tests.rules.conftest import NOW, TUESDAY_9, WEDNESDAY_9
from tests.scheduling.conftest import booked, settled_readings

pytestmark = pytest.mark.django_db


def _infusion_at(world, person, start, *, staff=True):
    return appointment_book(
        clinic=world.clinic,
        service=world.infusion,
        starts_at=start,
        patient=person,
        booked_by=world.desk if staff else person.user,
        staff=staff,
        now=NOW,
    )


def cleared_patient(world):
    intake = submitted_intake(world.clinic, now=NOW)
    intake.status = "cleared"
    intake.save()
    return intake.patient


def _run_through(visit, world):
    """Check in, start, observe and discharge, as the nurse does it."""
    nurse = visit.provider
    at = visit.starts_at
    visit_advance(appointment=visit, action="check_in", by=world.desk, now=at)
    visit_advance(appointment=visit, action="start", by=nurse, now=at)
    visit_advance(appointment=visit, action="observe", by=nurse, now=at)
    settled_readings(visit, nurse)
    return visit_complete(
        appointment=visit,
        by=nurse,
        vitals_near_baseline=True,
        escort_present=True,
        side_effects="none",
        now=at + dt.timedelta(minutes=90),
    )


@pytest.mark.parametrize("ending", ["completed", "no_show"])
def test_a_finished_visit_still_holds_its_chair_and_nurse(world, ending):
    others = [world.cleared, *(cleared_patient(world) for _ in range(2))]
    first = _infusion_at(world, others[0], TUESDAY_9)
    second = _infusion_at(world, others[1], TUESDAY_9)  # the other chair and nurse
    if ending == "completed":
        _run_through(first, world)
    else:
        visit_advance(appointment=first, action="no_show", by=world.desk, now=TUESDAY_9)

    free = available_slots(
        clinic=world.clinic, service=world.infusion, first_day=TUESDAY_9.date(), days=1, now=NOW
    )
    assert TUESDAY_9 not in [slot.starts_at for slot in free]
    with pytest.raises(ValidationError):
        _infusion_at(world, others[2], TUESDAY_9)
    assert Appointment.objects.filter(starts_at=TUESDAY_9).exclude(status="cancelled").count() == 2
    assert {first.chair_id, second.chair_id} == set(
        world.clinic.chairs.values_list("id", flat=True)
    )


@pytest.mark.parametrize("status", ["completed", "no_show", "observation", "checked_in"])
def test_the_database_refuses_a_second_visit_over_any_status_but_cancelled(world, status):
    first = booked(world.infusion, TUESDAY_9, who=world.clinic.provider_hours.first().provider,
                   chair=world.clinic.chairs.first(), status=status)  # fmt: skip

    for same in ({"who": first.provider}, {"chair": first.chair}, {"person": first.patient}):
        with pytest.raises(IntegrityError), transaction.atomic():
            booked(world.infusion, TUESDAY_9 + dt.timedelta(minutes=30), **same)
    booked(world.infusion, TUESDAY_9, who=first.provider, status="cancelled")  # frees nothing held


def test_infusions_keep_the_clinics_distance_through_every_door(world):
    world.clinic.infusion_gap_hours = 48
    world.clinic.save()
    _infusion_at(world, world.cleared, TUESDAY_9)

    # The patient's own booking, the front desk's and the series planner all refuse the next day.
    with pytest.raises(ValidationError, match="You have another infusion on Tue Nov 10, 9:00 AM"):
        _infusion_at(world, world.cleared, WEDNESDAY_9, staff=False)
    with pytest.raises(ValidationError, match="at least 48 hours apart"):
        _infusion_at(world, world.cleared, WEDNESDAY_9)
    with pytest.raises(ValidationError, match="another infusion on Tue Nov 10"):
        series_book(
            clinic=world.clinic,
            service=world.infusion,
            patient=world.cleared,
            starts=[WEDNESDAY_9, WEDNESDAY_9 + dt.timedelta(days=3)],
            by=world.desk,
            now=NOW,
        )
    assert world.cleared.appointments.count() == 1
    assert _infusion_at(world, world.cleared, TUESDAY_9 + dt.timedelta(hours=48))


def test_a_series_proposal_works_around_the_patients_other_infusions(world):
    _infusion_at(world, world.cleared, WEDNESDAY_9)

    slots = series_propose(
        clinic=world.clinic,
        service=world.infusion,
        sessions=3,
        per_week=3,
        min_gap_hours=48,
        first_day=TUESDAY_9.date(),
        preferred_time=dt.time(9),
        patient=world.cleared,
        now=NOW,
    )

    taken = sorted([WEDNESDAY_9] + [slot.starts_at for slot in slots])
    assert all(b - a >= dt.timedelta(hours=48) for a, b in itertools.pairwise(taken))
    series = series_book(
        clinic=world.clinic,
        service=world.infusion,
        patient=world.cleared,
        starts=[slot.starts_at for slot in slots],
        by=world.desk,
        min_gap_hours=48,
        now=NOW,
    )
    assert series.appointments.count() == 3


def test_the_series_own_gap_holds_between_its_sessions(world):
    with pytest.raises(ValidationError, match="Two of the chosen times"):
        series_book(
            clinic=world.clinic,
            service=world.infusion,
            patient=world.cleared,
            starts=[TUESDAY_9, WEDNESDAY_9],
            by=world.desk,
            min_gap_hours=48,
            now=NOW,
        )
    assert not world.cleared.appointments.exists()


def test_the_picker_offers_no_time_the_patient_could_not_take(world, at_now):
    """Found by the break-it pass: times over the patient's own infusion, or within the
    clinic's gap of it, were offered and refused only on submit."""
    from django.urls import reverse

    from scheduling.selectors import month_view

    first = _infusion_at(world, world.cleared, TUESDAY_9)
    view = month_view(
        clinic=world.clinic,
        service=world.infusion,
        month=TUESDAY_9.date(),
        chosen_day=WEDNESDAY_9.date(),
        patient=world.cleared,
        now=NOW,
    )
    assert view.times and all(
        slot.starts_at - first.starts_at >= dt.timedelta(hours=24) for slot in view.times
    )
    everyone = month_view(
        clinic=world.clinic,
        service=world.infusion,
        month=TUESDAY_9.date(),
        chosen_day=WEDNESDAY_9.date(),
        now=NOW,
    )
    assert len(everyone.times) > len(view.times)  # the others' picker is not narrowed
    # Moving that infusion, its own time does not count against the new one.
    moving = month_view(
        clinic=world.clinic,
        service=world.infusion,
        month=TUESDAY_9.date(),
        chosen_day=WEDNESDAY_9.date(),
        patient=world.cleared,
        moving=first,
        now=NOW,
    )
    assert len(moving.times) == len(everyone.times)
    page = world.patient_client(world.cleared).get(
        reverse("scheduling:book_time", args=[world.clinic.slug, world.infusion.slug]),
        {"month": "2026-11-01", "date": "2026-11-10"},
    )
    assert "9:00 AM" not in page.content.decode().split("Choose a day and time")[1]


def test_a_visit_the_clinic_moves_says_so(world):
    """Found by the break-it pass: a move by the front desk read 'Moved by the patient'."""
    from scheduling.services import appointment_reschedule

    visit = _infusion_at(world, world.cleared, TUESDAY_9)
    moved = appointment_reschedule(
        appointment=visit,
        starts_at=TUESDAY_9 + dt.timedelta(days=2),
        by=world.desk,
        by_patient=False,
        now=NOW,
    )
    assert moved.reschedule_reason == "Moved by the clinic"


def test_the_nearest_times_offered_after_a_refusal_are_ones_the_patient_can_take(world):
    """Found by the third break-it pass: "how about…" offered times over the patient's own
    visit, or within the clinic's gap of their infusion."""
    from scheduling.booking import SlotUnavailable

    _infusion_at(world, world.cleared, TUESDAY_9)
    taken = _infusion_at(world, cleared_patient(world), WEDNESDAY_9)
    with pytest.raises(SlotUnavailable) as refused:
        appointment_book(
            clinic=world.clinic,
            service=world.infusion,
            starts_at=WEDNESDAY_9 + dt.timedelta(minutes=7),  # off the grid: refused
            patient=world.cleared,
            booked_by=world.cleared.user,
            now=NOW,
        )
    offered = [slot.starts_at for slot in refused.value.alternatives]
    assert offered
    assert all(abs(start - TUESDAY_9) >= dt.timedelta(hours=24) for start in offered)
    assert taken.starts_at == WEDNESDAY_9
