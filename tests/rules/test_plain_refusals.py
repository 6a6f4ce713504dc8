"""Found by the break-it pass: values the database refuses came back to staff as the raw
"Constraint … is violated." Each now reads as a person would say it, and keeps the input."""

import pytest
from django.urls import reverse

from scheduling.models import Appointment, VitalSigns
from scheduling.visits import visit_advance
from tests.rules.conftest import TUESDAY_9
from tests.scheduling.conftest import booked

pytestmark = pytest.mark.django_db


def test_a_blood_pressure_the_wrong_way_round_is_explained(world):
    nurse = world.clinic.memberships.filter(role="nurse").first().user
    visit = booked(world.infusion, TUESDAY_9, who=nurse, chair=world.clinic.chairs.first())
    visit_advance(appointment=visit, action="check_in", by=world.desk, now=TUESDAY_9)
    import time_machine

    with time_machine.travel(TUESDAY_9, tick=False):
        page = world.staff_client(nurse).post(
            reverse("admin:scheduling_appointment_change", args=[visit.pk]),
            {
                "action": "vitals",
                "phase": "before",
                "systolic": 80,
                "diastolic": 120,
                "heart_rate": 70,
                "spo2": 98,
            },
        )
    html = page.content.decode()

    assert "The bottom number (diastolic) must be lower than the top number" in html
    assert "is violated" not in html
    assert not VitalSigns.objects.exists()
    assert Appointment.objects.get(pk=visit.pk).status == "checked_in"


def test_time_off_ending_before_it_starts_is_explained(world, at_now):
    nurse = world.clinic.memberships.filter(role="nurse").first().user
    page = world.staff_client(world.manager).post(
        reverse("admin:scheduling_providerexception_add"),
        {
            "clinic": world.clinic.pk,
            "provider": nurse.pk,
            "date": "2026-11-12",
            "kind": "time_off",
            "starts_at": "11:00",
            "ends_at": "09:00",
        },
    )
    html = page.content.decode()
    assert "The end comes after the start" in html and "is violated" not in html
