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


def test_a_note_of_invisible_characters_is_no_note(world):
    """Found by the second break-it pass: a zero-width space cleared a flagged intake."""
    from django.core.exceptions import ValidationError

    from patients.models import Intake
    from patients.services import intake_decide
    from tests.factories import staff_member, submitted_intake
    from tests.rules.conftest import NOW
    from tests.scheduling.conftest import Role

    flagged = submitted_intake(world.clinic, now=NOW, phq9=[0] * 8 + [1])  # urgent
    physician = staff_member(world.clinic, Role.PHYSICIAN)
    for note in ("\u200b", " \u00a0\u200b\ufeff ", "\u2028"):
        with pytest.raises(ValidationError, match="say why it is safe"):
            intake_decide(intake=flagged, by=physician, decision="cleared", note=note, now=NOW)
    assert Intake.objects.get(pk=flagged.pk).status != "cleared"


def test_a_story_cannot_carry_a_consent_dated_in_the_future(db):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from content.models import SuccessStory
    from content.services import success_story_check
    from tests.rules.conftest import NOW

    story = SuccessStory(
        is_published=True,
        consent_given_by="The patient",
        consent_given_at=NOW + dt.timedelta(days=200),
        consent_method="signed_form",
    )
    with pytest.raises(ValidationError, match="cannot be dated in the future"):
        success_story_check(story, now=NOW)


@pytest.mark.parametrize("blank", ["\u2800", "\u3164", "\u115f\u1160", "\u0301", "\uffa0"])
def test_blank_looking_letters_are_no_note_either(blank):
    """Found by the third break-it pass: U+2800 (a blank Braille pattern) passed as a note."""
    from clinic.text import written

    assert written(blank) == ""
    assert written(f"Call back {blank}") == f"Call back {blank}"


def test_a_clinic_cancel_reason_of_a_soft_hyphen_is_no_reason(world):
    """Found by the fourth break-it pass: U+00AD cancelled a visit with a reason that reads
    as nothing."""
    from scheduling.admin_forms import StaffCancelForm

    for blank in ("\u00ad", " \u00ad\u200b "):
        form = StaffCancelForm({"reason": blank})
        assert not form.is_valid() and "Say why the clinic cancels" in str(form.errors)
    assert StaffCancelForm({"reason": "Nurse ill"}).is_valid()


def test_the_gap_between_infusions_is_at_least_twelve_hours(world):
    from django.core.exceptions import ValidationError

    world.clinic.infusion_gap_hours = 0
    with pytest.raises(ValidationError, match="greater than or equal to 12"):
        world.clinic.full_clean()
