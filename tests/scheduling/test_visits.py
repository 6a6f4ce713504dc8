"""The clinic's day: status flow with timestamps, who may move it, vital signs, discharge."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from scheduling.models import Appointment, Discharge, VitalsThresholds
from scheduling.visits import next_actions, visit_advance, visit_complete, vitals_record
from tests.factories import ClinicFactory, staff_member
from tests.scheduling.conftest import (
    Role,
    booked,
    chairs,
    consultation,
    infusion,
    provider,
    settled_readings,
    utc,
)

pytestmark = pytest.mark.django_db

START = utc(2026, 11, 10, 17)


@pytest.fixture
def visit(clinic):
    nurse = provider(clinic, Role.NURSE)
    (chair,) = chairs(clinic, 1)
    return booked(infusion(clinic), START, who=nurse, chair=chair)


def run(visit, by, *actions, at=START):
    for action in actions:
        visit = visit_advance(appointment=visit, action=action, by=by, now=at)
    return visit


def test_an_infusion_runs_from_check_in_to_discharge_with_timestamps(visit, clinic):
    nurse = staff_member(clinic, Role.NURSE)

    visit = run(visit, nurse, "check_in", "start", "observe")
    settled_readings(visit, nurse)
    done = visit_complete(
        appointment=visit,
        by=nurse,
        vitals_near_baseline=True,
        escort_present=True,
        side_effects="Mild dizziness, resolved",
        now=START,
    )

    assert done.status == Appointment.Status.COMPLETED
    assert all([done.checked_in_at, done.started_at, done.observation_at, done.completed_at])
    assert Discharge.objects.get(appointment=done).side_effects == "Mild dizziness, resolved"


@pytest.mark.parametrize(
    ("near_baseline", "escort", "effects", "missing"),
    [
        (False, True, "none", "vital signs back near baseline"),
        (True, False, "none", "an escort"),
        (True, True, " ", "the side effects"),
    ],
)
def test_an_infusion_is_not_completed_without_its_checklist(
    visit, clinic, near_baseline, escort, effects, missing
):
    nurse = staff_member(clinic, Role.NURSE)
    visit = run(visit, nurse, "check_in", "start", "observe")
    settled_readings(visit, nurse)

    with pytest.raises(ValidationError, match=missing):
        visit_complete(
            appointment=visit,
            by=nurse,
            vitals_near_baseline=near_baseline,
            escort_present=escort,
            side_effects=effects,
            now=START,
        )
    visit.refresh_from_db()
    assert visit.status == Appointment.Status.OBSERVATION
    assert not Discharge.objects.exists()


def test_steps_cannot_be_skipped(visit, clinic):
    nurse = staff_member(clinic, Role.NURSE)

    with pytest.raises(ValidationError, match="does not apply"):
        run(visit, nurse, "start")
    with pytest.raises(ValidationError):
        visit_complete(appointment=visit, by=nurse, now=START)


def test_check_in_opens_two_hours_before_and_no_show_only_after_the_start(visit, clinic):
    assert next_actions(visit, START - dt.timedelta(hours=3)) == []
    assert next_actions(visit, START - dt.timedelta(hours=1)) == ["check_in"]
    assert next_actions(visit, START + dt.timedelta(minutes=20)) == ["check_in", "no_show"]


def test_a_consultation_completes_without_a_chair_or_checklist(clinic):
    doctor = provider(clinic)
    visit = booked(consultation(clinic), START, who=doctor)

    visit = run(visit, doctor, "check_in")
    done = visit_complete(appointment=visit, by=doctor, now=START)

    assert done.status == "completed"


@pytest.mark.parametrize(
    ("role", "may_check_in", "may_run"),
    [
        (Role.FRONT_DESK, True, False),
        (Role.NURSE, True, True),
        (Role.PHYSICIAN, True, True),
        (Role.CLINIC_MANAGER, True, False),
    ],
)
def test_who_moves_a_visit_along(visit, clinic, role, may_check_in, may_run):
    user = staff_member(clinic, role)

    if may_check_in:
        visit = run(visit, user, "check_in")
    else:
        with pytest.raises(PermissionDenied):
            run(visit, user, "check_in")
        visit = run(visit, staff_member(clinic, Role.NURSE), "check_in")
    if may_run:
        assert run(visit, user, "start").status == "in_progress"
    else:
        with pytest.raises(PermissionDenied):
            run(visit, user, "start")


def test_staff_of_another_clinic_cannot_touch_the_visit(visit):
    outsider = staff_member(ClinicFactory(), Role.NURSE)

    with pytest.raises(PermissionDenied):
        run(visit, outsider, "check_in")


def test_vitals_past_the_clinics_limits_are_flagged(visit, clinic):
    nurse = staff_member(clinic, Role.NURSE)
    VitalsThresholds.objects.create(clinic=clinic, systolic_max=150, heart_rate_max=110)
    visit = run(visit, nurse, "check_in", "start")

    _, calm = vitals_record(
        appointment=visit,
        by=nurse,
        phase="before",
        systolic=128,
        diastolic=82,
        heart_rate=72,
        spo2=98,
        pain=6,
    )
    _, alerts = vitals_record(
        appointment=visit,
        by=nurse,
        phase="during",
        systolic=158,
        diastolic=96,
        heart_rate=115,
        spo2=90,
    )

    assert calm == []
    assert alerts == ["systolic 158 > 150", "heart rate 115 > 110", "SpO2 90 % < 92 %"]


def test_impossible_vitals_are_refused_and_not_saved(visit, clinic):
    nurse = staff_member(clinic, Role.NURSE)
    visit = run(visit, nurse, "check_in")

    with pytest.raises(ValidationError):
        vitals_record(
            appointment=visit,
            by=nurse,
            phase="before",
            systolic=80,
            diastolic=120,
            heart_rate=70,
            spo2=99,
        )
    with pytest.raises(ValidationError):
        vitals_record(
            appointment=visit,
            by=nurse,
            phase="before",
            systolic=120,
            diastolic=80,
            heart_rate=70,
            spo2=140,
        )
    assert not visit.vitals.exists()


def test_vitals_only_between_check_in_and_completion(visit, clinic):
    with pytest.raises(ValidationError, match="between check-in and completion"):
        vitals_record(
            appointment=visit,
            by=staff_member(clinic, Role.NURSE),
            phase="before",
            systolic=120,
            diastolic=80,
            heart_rate=70,
            spo2=98,
        )


# --- Pages ----------------------------------------------------------------------------------


def test_nurse_runs_the_visit_from_its_page(client, visit, clinic):
    client.force_login(staff_member(clinic, Role.NURSE))
    url = reverse("admin:scheduling_appointment_change", args=[visit.pk])
    import time_machine

    with time_machine.travel(START, tick=False):
        assert "Check in" in client.get(url).content.decode()
        client.post(url, {"action": "check_in"})
        client.post(url, {"action": "start"})
        client.post(
            url,
            {
                "action": "vitals",
                "phase": "during",
                "systolic": "172",
                "diastolic": "101",
                "heart_rate": "96",
                "spo2": "97",
            },
        )
        page = client.get(url).content.decode()
        client.post(url, {"action": "observe"})
        client.post(
            url,
            {
                "action": "vitals",
                "phase": "after",
                "systolic": "134",
                "diastolic": "86",
                "heart_rate": "78",
                "spo2": "98",
            },
        )
        client.post(
            url,
            {
                "action": "complete",
                "vitals_near_baseline": "on",
                "escort_present": "on",
                "side_effects": "none",
            },
        )

    assert "vitals-alert" in page and "systolic 172 &gt; 160" in page
    visit.refresh_from_db()
    assert visit.status == "completed"


def test_board_shows_chairs_providers_and_visits_of_the_day(client, visit, clinic):
    client.force_login(staff_member(clinic, Role.FRONT_DESK))

    page = client.get(
        reverse("admin:scheduling_board"), {"clinic": clinic.pk, "date": "2026-11-10"}
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert "Chair 1" in html and visit.patient.legal_name in html
    assert "9:00 AM" in html  # local time of the visit's row
    assert 'rowspan="6"' in html  # chair: 50 + 40 minutes = six quarter-hours
    assert f"?clinic={clinic.pk}&amp;date=2026-11-09" in html  # the day before, one click


def test_board_of_another_clinic_falls_back_to_your_own(client, visit, clinic):
    other = ClinicFactory()
    client.force_login(staff_member(clinic, Role.NURSE))

    page = client.get(reverse("admin:scheduling_board"), {"clinic": other.pk, "date": "2026-11-10"})

    assert page.context["clinic"] == clinic


def test_front_desk_books_a_visit_for_a_patient(client, clinic):
    provider(clinic)
    service = consultation(clinic)
    from tests.factories import patient_of

    person = patient_of(clinic)
    client.force_login(staff_member(clinic, Role.FRONT_DESK))
    query = {
        "clinic": clinic.pk,
        "service": service.pk,
        "day": "2026-11-10",
        "patient_email": person.user.email,
    }
    url = reverse("admin:scheduling_appointment_add")

    import time_machine

    with time_machine.travel(utc(2026, 11, 9, 16), tick=False):
        page = client.post(url, query)  # the times of that day
        response = client.post(
            url, {**query, "start": "2026-11-10T09:00", "reason": "Called in", "book": "Book"}
        )

    assert "9:00 AM PST" in page.content.decode()
    assert person.user.email not in response["Location"]  # no patient data in any URL
    visit = Appointment.objects.get()
    assert visit.patient == person and visit.starts_at == START
    assert response["Location"] == reverse("admin:scheduling_appointment_change", args=[visit.pk])


def test_front_desk_moves_a_visit_and_the_reason_is_kept(client, clinic):
    import time_machine

    doctor = provider(clinic)
    visit = booked(consultation(clinic), START, who=doctor)
    client.force_login(staff_member(clinic, Role.FRONT_DESK))
    url = reverse("admin:scheduling_appointment_add") + f"?move={visit.pk}"

    with time_machine.travel(utc(2026, 11, 9, 16), tick=False):
        page = client.get(url)
        form = page.context["form"]
        fields = {name: form[name].value() for name in form.fields}
        response = client.post(
            url,
            {
                **fields,
                "start": "2026-11-10T10:30",
                "reason": "Patient asked, work",
                "book": "Move here",
            },
        )

    assert "Moving the visit of" in page.content.decode()
    moved = Appointment.objects.get(rescheduled_from=visit)
    assert moved.starts_at == utc(2026, 11, 10, 18, 30)
    assert moved.reschedule_reason == "Patient asked, work"
    visit.refresh_from_db()
    assert visit.status == "cancelled" and visit.cancelled_by == "clinic"
    assert response["Location"] == reverse("admin:scheduling_appointment_change", args=[moved.pk])


def test_moving_a_visit_of_another_clinic_is_refused(client, clinic):
    other = ClinicFactory()
    visit = booked(consultation(other), START, who=provider(other))
    client.force_login(staff_member(clinic, Role.FRONT_DESK))

    response = client.get(reverse("admin:scheduling_appointment_add") + f"?move={visit.pk}")

    assert response.status_code == 403


def test_board_shows_a_visit_outside_the_opening_hours(client, clinic):
    doctor = provider(clinic)
    early = booked(consultation(clinic), utc(2026, 11, 10, 14, 30), who=doctor)  # 06:30 PST
    client.force_login(staff_member(clinic, Role.NURSE))

    page = client.get(
        reverse("admin:scheduling_board"), {"clinic": clinic.pk, "date": "2026-11-10"}
    )

    html = page.content.decode()
    assert early.patient.legal_name in html
    assert "6:30 AM" in html


def test_a_suggested_booster_opens_booking_with_the_patient_chosen_without_their_email_in_a_url(
    client, clinic
):
    from tests.factories import submitted_intake

    intake = submitted_intake(clinic)
    client.force_login(staff_member(clinic, Role.FRONT_DESK))
    url = (
        reverse("admin:scheduling_appointment_add")
        + f"?clinic={clinic.pk}&patient={intake.patient.pk}"
    )

    page = client.get(url)

    assert page.context["form"].initial["patient_email"] == intake.patient.user.email
    other = submitted_intake(ClinicFactory())
    assert (
        client.get(
            reverse("admin:scheduling_appointment_add") + f"?patient={other.patient.pk}"
        ).status_code
        == 403
    )
