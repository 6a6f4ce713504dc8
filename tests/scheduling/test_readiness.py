"""Before an infusion the patient confirms they are ready; unconfirmed at 24 hours, the front
desk gets a task to call them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from patients.models import AuditEvent, Intake, OutboundMessage
from scheduling.models import FrontDeskTask
from scheduling.readiness import readiness_confirm, readiness_sweep
from scheduling.services import appointment_book
from tests.factories import submitted_intake
from tests.scheduling.conftest import Role, chairs, infusion, provider, utc

pytestmark = pytest.mark.django_db

NOW = utc(2026, 11, 9, 16)
THURSDAY_9 = utc(2026, 11, 12, 17)


@pytest.fixture
def visit(clinic):
    provider(clinic, Role.NURSE)
    chairs(clinic, 1)
    intake = submitted_intake(clinic)
    Intake.objects.filter(pk=intake.pk).update(status=Intake.Status.CLEARED)
    person = intake.patient
    return appointment_book(
        clinic=clinic,
        service=infusion(clinic),
        starts_at=THURSDAY_9,
        patient=person,
        booked_by=person.user,
        now=NOW,
    )


def test_an_infusion_asks_for_readiness_48_hours_before(visit):
    ask = OutboundMessage.objects.get(kind="readiness_check", channel="email")

    assert ask.due_at == THURSDAY_9 - dt.timedelta(hours=48)


def test_unconfirmed_at_24_hours_makes_one_front_desk_task(visit):
    assert readiness_sweep(now=THURSDAY_9 - dt.timedelta(hours=30)) == 0
    assert readiness_sweep(now=THURSDAY_9 - dt.timedelta(hours=23)) == 1
    assert readiness_sweep(now=THURSDAY_9 - dt.timedelta(hours=22)) == 0  # a second run

    task = FrontDeskTask.objects.get()
    assert task.appointment == visit and task.done_at is None
    (event,) = AuditEvent.objects.filter(patient=visit.patient, object_type="frontdesktask")
    assert (event.actor, event.action, event.path, event.object_id) == (
        None,
        "create",
        "task scheduling.readiness_sweep",
        str(task.pk),
    )


def test_confirming_all_three_is_recorded_and_closes_the_task(visit):
    readiness_sweep(now=THURSDAY_9 - dt.timedelta(hours=23))

    with pytest.raises(ValidationError, match="confirm all three"):
        readiness_confirm(
            appointment=visit,
            driver_arranged=True,
            fasting_understood=False,
            medications_understood=True,
        )
    readiness_confirm(
        appointment=visit,
        driver_arranged=True,
        fasting_understood=True,
        medications_understood=True,
    )

    assert visit.readiness.driver_arranged
    assert FrontDeskTask.objects.get().done_at is not None
    assert readiness_sweep(now=THURSDAY_9 - dt.timedelta(hours=20)) == 0


def test_the_patient_confirms_in_the_portal(visit):
    client = Client()
    client.force_login(visit.patient.user)
    url = reverse("scheduling:appointment", args=[visit.id])

    before = client.get(url).content.decode()
    client.post(
        reverse("scheduling:appointment_ready", args=[visit.id]),
        {"driver_arranged": "on", "fasting_understood": "on", "medications_understood": "on"},
    )
    after = client.get(url).content.decode()

    assert "Getting ready for your infusion" in before and "I am ready" in before
    assert "You confirmed you are ready" in after


def test_front_desk_sees_and_closes_the_task(visit, clinic):
    from tests.factories import staff_member

    readiness_sweep(now=THURSDAY_9 - dt.timedelta(hours=23))
    client = Client()
    client.force_login(staff_member(clinic, Role.FRONT_DESK))
    task = FrontDeskTask.objects.get()

    listing = client.get(reverse("admin:scheduling_frontdesktask_changelist"))
    client.post(
        reverse("admin:scheduling_frontdesktask_changelist"),
        {"action": "mark_done", "_selected_action": [task.pk]},
    )

    assert task in listing.context["cl"].result_list
    task.refresh_from_db()
    assert task.done_at is not None
