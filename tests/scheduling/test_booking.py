"""Booking, cancelling and rescheduling: clear refusals, nothing half-written, no double booking."""

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from patients.models import Intake
from scheduling.models import Appointment
from scheduling.services import (
    PolicyWindow,
    SlotUnavailable,
    appointment_book,
    appointment_cancel,
    appointment_reschedule,
)
from tests.factories import ClinicFactory, patient, patient_of, submitted_intake
from tests.scheduling.conftest import Role, booked, chairs, consultation, infusion, provider, utc

NOW = utc(2026, 11, 9, 16)  # Monday 08:00 PST
TUESDAY_9 = utc(2026, 11, 10, 17)  # 09:00 PST


@pytest.fixture
def setup(clinic):
    doctor = provider(clinic)
    return clinic, consultation(clinic), doctor


def book(service, start, person=None, **kwargs):
    person = person or patient()
    return appointment_book(
        clinic=service.clinic,
        service=service,
        starts_at=start,
        patient=person,
        booked_by=person.user,
        now=NOW,
        **kwargs,
    )


@pytest.mark.django_db
def test_a_free_slot_is_booked_with_its_provider_and_periods(setup):
    _, service, doctor = setup

    visit = book(service, TUESDAY_9, reason="Back pain for two years")

    assert visit.provider == doctor and visit.status == Appointment.Status.BOOKED
    assert visit.ends_at - visit.starts_at == dt.timedelta(minutes=45)
    assert visit.reason == "Back pain for two years"


@pytest.mark.django_db
def test_a_taken_slot_is_refused_with_the_nearest_free_slots(setup):
    service = setup[1]
    book(service, TUESDAY_9)

    with pytest.raises(SlotUnavailable) as refused:
        book(service, TUESDAY_9)

    assert "not available" in refused.value.messages[0]
    alternatives = [slot.starts_at for slot in refused.value.alternatives]
    assert alternatives and TUESDAY_9 not in alternatives
    assert min(abs(a - TUESDAY_9) for a in alternatives) <= dt.timedelta(hours=1)
    assert Appointment.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "message"),
    [
        (utc(2026, 11, 9, 10), "already passed"),
        (utc(2026, 11, 10, 2), "outside the hours"),  # 18:00 PST the evening before
        (utc(2026, 11, 10, 17, 5), "not available"),  # off the 15-minute grid
    ],
)
def test_impossible_times_are_refused_clearly(setup, start, message):
    service = setup[1]

    with pytest.raises(SlotUnavailable) as refused:
        book(service, start)

    assert message in refused.value.messages[0]
    assert not Appointment.objects.exists()


@pytest.mark.django_db
def test_minimum_notice_and_horizon_are_explained(clinic):
    provider(clinic)
    service = consultation(clinic, min_notice_hours=48, horizon_days=7)

    with pytest.raises(SlotUnavailable, match="48 hours' notice"):
        book(service, TUESDAY_9)
    with pytest.raises(SlotUnavailable, match="open 7 days ahead"):
        book(service, utc(2026, 11, 24, 17))


@pytest.mark.django_db
def test_a_naive_time_is_refused(setup):
    with pytest.raises(Exception, match="time zone"):
        book(setup[1], dt.datetime(2026, 11, 10, 9))  # noqa: DTZ001


@pytest.mark.django_db
def test_infusions_need_a_cleared_intake_whoever_books_them(clinic):
    nurse = provider(clinic, Role.NURSE)
    chairs(clinic, 1)
    service = infusion(clinic)
    waiting = submitted_intake(clinic)

    with pytest.raises(Exception, match="cleared your intake"):
        book(service, TUESDAY_9, person=waiting.patient)
    with pytest.raises(Exception, match=r"clearance first: .*intake at .* is “Submitted”"):
        book(service, TUESDAY_9, person=waiting.patient, staff=True)
    with pytest.raises(Exception, match="“No intake at this clinic”"):
        book(service, TUESDAY_9, person=patient_of(clinic), staff=True)
    assert not Appointment.objects.exists()

    Intake.objects.filter(pk=waiting.pk).update(status=Intake.Status.CLEARED)
    visit = book(service, TUESDAY_9, person=waiting.patient, staff=True)
    assert visit.provider == nurse and visit.chair is not None


@pytest.mark.django_db
def test_staff_only_services_are_refused_online(setup):
    service = setup[1]
    service.bookable_online = False
    service.save()

    with pytest.raises(Exception, match="booked by the clinic"):
        book(service, TUESDAY_9)


@pytest.mark.django_db
def test_a_service_of_another_clinic_is_refused(setup):
    clinic = setup[0]
    foreign = consultation(ClinicFactory())

    with pytest.raises(Exception, match="not offered at this clinic"):
        appointment_book(
            clinic=clinic,
            service=foreign,
            starts_at=TUESDAY_9,
            patient=patient(),
            booked_by=None,
            now=NOW,
        )


@pytest.mark.django_db
def test_a_patient_cannot_be_in_two_visits_at_once(clinic):
    provider(clinic)
    provider(clinic)
    service = consultation(clinic)
    person = patient()
    book(service, TUESDAY_9, person=person)

    with pytest.raises(Exception, match="already have a visit"):
        book(service, TUESDAY_9, person=person)


@pytest.mark.django_db
def test_the_database_itself_refuses_a_double_booking(setup):
    clinic, service, doctor = setup
    first = booked(service, TUESDAY_9, who=doctor)

    with pytest.raises(IntegrityError), transaction.atomic():
        booked(service, TUESDAY_9 + dt.timedelta(minutes=30), who=doctor)
    (chair,) = chairs(clinic, 1)
    nurse_service = infusion(clinic)
    nurses = [provider(clinic, Role.NURSE) for _ in range(2)]
    booked(nurse_service, TUESDAY_9, who=nurses[0], chair=chair)
    with pytest.raises(IntegrityError), transaction.atomic():
        booked(nurse_service, TUESDAY_9 + dt.timedelta(minutes=80), who=nurses[1], chair=chair)
    assert Appointment.objects.filter(status="booked").count() == 2
    assert first.pk


@pytest.mark.django_db(transaction=True)
def test_many_parallel_bookings_of_one_slot_exactly_one_wins(setup):
    service = setup[1]
    people = [patient() for _ in range(16)]
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def attempt(person):
        try:
            barrier.wait()
            book(service, TUESDAY_9, person=person)
            outcomes.append("booked")
        except SlotUnavailable as refused:
            outcomes.append("refused" if refused.alternatives else "refused-no-alternatives")
        except Exception as error:  # anything else is a failure of the test
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("booked") == 1
    assert outcomes.count("refused") == len(people) - 1
    assert Appointment.objects.filter(starts_at=TUESDAY_9, status="booked").count() == 1


@pytest.mark.django_db
def test_cancel_inside_the_policy_is_done_outside_it_says_call(setup):
    clinic, service, _ = setup
    clinic.cancel_notice_hours = 24
    clinic.save()
    visit = book(service, TUESDAY_9)

    with pytest.raises(PolicyWindow, match="call"):
        appointment_cancel(
            appointment=visit,
            by=visit.patient.user,
            by_patient=True,
            now=TUESDAY_9 - dt.timedelta(hours=2),
        )
    visit.refresh_from_db()
    assert visit.status == "booked"

    appointment_cancel(
        appointment=visit, by=visit.patient.user, by_patient=True, now=NOW, reason="Feeling better"
    )
    visit.refresh_from_db()
    assert (visit.status, visit.cancelled_by, visit.cancel_reason) == (
        "cancelled",
        "patient",
        "Feeling better",
    )


@pytest.mark.django_db
def test_the_clinic_may_cancel_inside_the_window(setup):
    visit = book(setup[1], TUESDAY_9)

    appointment_cancel(
        appointment=visit,
        by=setup[2],
        by_patient=False,
        now=TUESDAY_9 - dt.timedelta(hours=1),
        reason="Physician ill",
    )

    visit.refresh_from_db()
    assert visit.cancelled_by == "clinic"


@pytest.mark.django_db
def test_reschedule_moves_the_visit_and_records_why(setup):
    service = setup[1]
    visit = book(service, TUESDAY_9)

    moved = appointment_reschedule(
        appointment=visit,
        starts_at=TUESDAY_9 + dt.timedelta(days=1),
        by=visit.patient.user,
        by_patient=True,
        now=NOW,
        reason="Work shift changed",
    )

    visit.refresh_from_db()
    assert visit.status == "cancelled" and moved.rescheduled_from == visit
    assert moved.reschedule_reason == "Work shift changed"
    assert moved.reason == visit.reason


@pytest.mark.django_db
def test_a_failed_reschedule_leaves_the_visit_untouched(setup):
    service = setup[1]
    visit = book(service, TUESDAY_9)
    other = book(service, TUESDAY_9 + dt.timedelta(hours=1))

    with pytest.raises(SlotUnavailable):
        appointment_reschedule(
            appointment=visit,
            starts_at=other.starts_at,
            by=visit.patient.user,
            by_patient=True,
            now=NOW,
        )

    visit.refresh_from_db()
    assert visit.status == "booked"
    assert Appointment.objects.filter(status="booked").count() == 2


@pytest.mark.django_db
def test_reschedule_to_an_overlapping_time_of_the_same_visit_works(setup):
    visit = book(setup[1], TUESDAY_9)

    later = TUESDAY_9 + dt.timedelta(minutes=15)
    moved = appointment_reschedule(
        appointment=visit, starts_at=later, by=visit.patient.user, by_patient=True, now=NOW
    )

    assert moved.starts_at == TUESDAY_9 + dt.timedelta(minutes=15)


@pytest.mark.django_db
def test_reschedule_inside_its_own_window_says_call(setup):
    clinic, service, _ = setup
    clinic.reschedule_notice_hours = 48
    clinic.save()
    visit = book(service, TUESDAY_9)

    with pytest.raises(PolicyWindow, match="rescheduled online up to 48 hours"):
        appointment_reschedule(
            appointment=visit,
            starts_at=TUESDAY_9 + dt.timedelta(days=2),
            by=visit.patient.user,
            by_patient=True,
            now=NOW,
        )
