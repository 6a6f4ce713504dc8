"""Safety limits that hold: alert limits only within sane ranges, a discharge checked against the
readings (or overridden with a written reason), an infusion started without a baseline reading or
a readiness confirmation shown and recorded, and a no-show that needs a tick and can be undone."""

import datetime as dt
import importlib

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from patients.models import AuditEvent
from scheduling.models import Appointment, Discharge, ReadinessCheck, VitalsThresholds
from scheduling.visits import visit_advance, visit_complete, visit_undo_no_show, vitals_record
from tests.factories import ClinicFactory, patient, staff_member
from tests.scheduling.conftest import Role, booked, chairs, infusion, provider, utc

pytestmark = pytest.mark.django_db

START = utc(2026, 11, 10, 17)  # 9:00 AM in Pasadena


@pytest.fixture
def visit(clinic):
    nurse = provider(clinic, Role.NURSE)
    (chair,) = chairs(clinic, 1)
    return booked(infusion(clinic), START, who=nurse, chair=chair)


@pytest.fixture
def nurse(clinic):
    return staff_member(clinic, Role.NURSE)


def run(visit, by, *actions, at=START):
    for action in actions:
        visit = visit_advance(appointment=visit, action=action, by=by, now=at)
    return visit


def reading(visit, by, phase, bp, minutes, heart_rate=76, spo2=98):
    systolic, diastolic = bp
    vitals_record(
        appointment=visit,
        by=by,
        phase=phase,
        systolic=systolic,
        diastolic=diastolic,
        heart_rate=heart_rate,
        spo2=spo2,
        taken_at=START + dt.timedelta(minutes=minutes),
    )


def discharge(visit, by, **extra):
    checklist = {"vitals_near_baseline": True, "escort_present": True, "side_effects": "none"}
    return visit_complete(
        appointment=visit, by=by, now=START + dt.timedelta(hours=2), **{**checklist, **extra}
    )


# --- Alert limits -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "limits",
    [
        {"systolic_max": 40},
        {"spo2_min": 150},
        {"diastolic_max": 20},
        {"heart_rate_min": 90},
        {"heart_rate_max": 250},
        {"heart_rate_min": 80, "heart_rate_max": 80},
    ],
)
def test_the_database_refuses_alert_limits_no_clinic_would_mean(clinic, limits):
    with pytest.raises(IntegrityError), transaction.atomic():
        VitalsThresholds.objects.create(clinic=clinic, **limits)


def test_a_manager_typing_impossible_limits_gets_clear_errors_and_keeps_the_input(client, clinic):
    limits = VitalsThresholds.objects.create(clinic=clinic)
    client.force_login(staff_member(clinic, Role.CLINIC_MANAGER))
    url = reverse("admin:scheduling_vitalsthresholds_change", args=[limits.pk])

    response = client.post(
        url,
        {
            "clinic": clinic.pk,
            "systolic_max": "40",
            "diastolic_max": "100",
            "heart_rate_min": "50",
            "heart_rate_max": "120",
            "spo2_min": "150",
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "greater than or equal to 120" in errors["systolic_max"][0]
    assert "less than or equal to 98" in errors["spo2_min"][0]
    html = response.content.decode()
    assert 'value="40"' in html and 'value="150"' in html  # what was typed is still there
    limits.refresh_from_db()
    assert (limits.systolic_max, limits.spo2_min) == (160, 92)


def test_heart_rate_limits_the_wrong_way_round_are_named_at_the_field(client, clinic):
    limits = VitalsThresholds.objects.create(clinic=clinic)
    client.force_login(staff_member(clinic, Role.CLINIC_MANAGER))

    response = client.post(
        reverse("admin:scheduling_vitalsthresholds_change", args=[limits.pk]),
        {
            "clinic": clinic.pk,
            "systolic_max": "160",
            "diastolic_max": "100",
            "heart_rate_min": "80",
            "heart_rate_max": "80",
            "spo2_min": "92",
        },
    )

    errors = response.context["adminform"].form.errors
    assert errors["heart_rate_max"] == ["The heart rate maximum must be above the minimum."]


def test_the_migration_resets_impossible_limits_so_the_checks_can_be_added(clinic):
    migration = importlib.import_module("scheduling.migrations.0009_vitals_limits_sane")
    constraints = VitalsThresholds._meta.constraints
    with connection.schema_editor() as editor:  # the table as it was before the migration
        for constraint in constraints:
            editor.remove_constraint(VitalsThresholds, constraint)
    bad = VitalsThresholds.objects.create(clinic=clinic, systolic_max=40, spo2_min=150)
    odd = VitalsThresholds.objects.create(
        clinic=ClinicFactory(), heart_rate_min=75, heart_rate_max=80, diastolic_max=125
    )
    fine = VitalsThresholds.objects.create(clinic=ClinicFactory(), systolic_max=150)

    migration.reset_impossible_limits(django_apps, None)
    with connection.cursor() as cursor:  # check the deferred foreign keys now, as a commit would
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        for constraint in constraints:
            editor.add_constraint(VitalsThresholds, constraint)

    bad.refresh_from_db()
    odd.refresh_from_db()
    fine.refresh_from_db()
    assert (bad.systolic_max, bad.spo2_min, bad.diastolic_max) == (160, 92, 100)
    assert (odd.heart_rate_min, odd.heart_rate_max) == (75, 80)  # in range and in order
    assert odd.diastolic_max == 125 and odd.systolic_max == 160
    assert fine.systolic_max == 150


# --- Discharge against the readings -----------------------------------------------------------


def test_discharge_is_refused_when_the_last_reading_is_past_the_limits(visit, nurse):
    visit = run(visit, nurse, "check_in")
    reading(visit, nurse, "before", (128, 82), 0)
    visit = run(visit, nurse, "start", "observe")
    reading(visit, nurse, "after", (165, 102), 100)

    with pytest.raises(ValidationError) as refused:
        discharge(visit, nurse)

    message = " ".join(refused.value.messages)
    assert "not back near baseline" in message
    assert "165/102" in message and "10:40 AM PST" in message
    assert "systolic 165 > 160" in message and "diastolic 102 > 100" in message
    assert "baseline 128/82" in message
    visit.refresh_from_db()
    assert visit.status == Appointment.Status.OBSERVATION
    assert not Discharge.objects.exists()


def test_discharge_is_refused_without_a_reading_after_the_infusion(visit, nurse):
    visit = run(visit, nurse, "check_in")
    reading(visit, nurse, "before", (128, 82), 0)
    visit = run(visit, nurse, "start")
    reading(visit, nurse, "during", (150, 95), 40)
    visit = run(visit, nurse, "observe")

    with pytest.raises(ValidationError, match="no reading was taken after the infusion"):
        discharge(visit, nurse)


def test_a_reading_within_the_limits_but_20_percent_above_the_baseline_is_not_near_it(visit, nurse):
    visit = run(visit, nurse, "check_in")
    reading(visit, nurse, "before", (110, 70), 0)
    visit = run(visit, nurse, "start", "observe")
    reading(visit, nurse, "after", (140, 80), 100)  # 140 > 110 * 1.2 = 132

    with pytest.raises(ValidationError, match="systolic 140 is more than 20 % above the baseline"):
        discharge(visit, nurse)

    reading(visit, nurse, "after", (130, 80), 110)  # settled ten minutes later
    assert discharge(visit, nurse).status == Appointment.Status.COMPLETED
    assert Discharge.objects.get().vitals_concerns == ""


def test_a_clinician_may_discharge_anyway_with_a_reason_that_is_kept(visit, nurse):
    visit = run(visit, nurse, "check_in")
    reading(visit, nurse, "before", (128, 82), 0)
    visit = run(visit, nurse, "start", "observe")
    reading(visit, nurse, "after", (165, 102), 100)

    done = discharge(
        visit,
        nurse,
        vitals_near_baseline=False,
        baseline_override_reason="Usual pressure for her; Dr Vale reviewed and agreed.",
    )

    kept = Discharge.objects.get(appointment=done)
    assert done.status == Appointment.Status.COMPLETED
    assert kept.vitals_near_baseline is False
    assert "systolic 165 > 160" in kept.vitals_concerns
    assert kept.baseline_override_reason == "Usual pressure for her; Dr Vale reviewed and agreed."


def test_the_visit_page_shows_the_readings_problem_before_discharge_and_the_override_after(
    client, visit, nurse
):
    visit = run(visit, nurse, "check_in")
    reading(visit, nurse, "before", (128, 82), 0)
    visit = run(visit, nurse, "start", "observe")
    reading(visit, nurse, "after", (165, 102), 100)
    client.force_login(nurse)
    url = reverse("admin:scheduling_appointment_change", args=[visit.pk])
    form = {
        "action": "complete",
        "vitals_near_baseline": "on",
        "escort_present": "on",
        "side_effects": "Nausea, settled",
    }

    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        before = client.get(url).content.decode()
        refused = client.post(url, form, follow=True).content.decode()
        client.post(url, {**form, "baseline_override_reason": "Her usual pressure, reviewed."})
        after = client.get(url).content.decode()

    assert "The readings do not show the patient back near baseline" in before
    assert "systolic 165 &gt; 160" in before
    assert "Vital signs are not back near baseline" in refused
    visit.refresh_from_db()
    assert visit.status == Appointment.Status.COMPLETED
    assert "Discharged anyway because" in after and "Her usual pressure, reviewed." in after


def test_a_refused_discharge_keeps_what_the_nurse_typed(client, visit, nurse):
    visit = run(visit, nurse, "check_in", "start", "observe")
    client.force_login(nurse)
    url = reverse("admin:scheduling_appointment_change", args=[visit.pk])

    with time_machine.travel(START + dt.timedelta(hours=2), tick=False):
        page = client.post(
            url,
            {"action": "complete", "escort_present": "on", "side_effects": "Mild dizziness"},
        )

    assert page.status_code == 200
    assert page.context["discharge_form"]["side_effects"].value() == "Mild dizziness"
    assert "no reading was taken after the infusion" in page.content.decode()


# --- Starting without a baseline or a readiness confirmation ---------------------------------


def test_an_infusion_started_without_baseline_or_readiness_records_both(visit, nurse):
    visit = run(visit, nurse, "check_in", "start")

    assert visit.started_without == ["baseline_vitals", "readiness"]


def test_an_infusion_started_with_both_records_nothing_missing(visit, nurse):
    ReadinessCheck.objects.create(
        appointment=visit,
        driver_arranged=True,
        fasting_understood=True,
        medications_understood=True,
        confirmed_at=START - dt.timedelta(days=1),
    )
    visit = run(visit, nurse, "check_in")
    reading(visit, nurse, "before", (128, 82), 0)

    assert run(visit, nurse, "start").started_without == []


def test_the_visit_page_warns_before_the_start_and_shows_what_was_missing_after(
    client, visit, nurse
):
    visit = run(visit, nurse, "check_in")
    client.force_login(nurse)
    url = reverse("admin:scheduling_appointment_change", args=[visit.pk])

    with time_machine.travel(START, tick=False):
        before = client.get(url).content.decode()
        client.post(url, {"action": "start"})
        after = client.get(url).content.decode()

    assert "Starting now records that the infusion started without" in before
    assert "a baseline (before) reading" in before
    assert "the patient&#x27;s readiness confirmation" in before
    assert "Started without" in after and "a baseline (before) reading" in after


# --- No-show: a tick to mark it, an undo the same day -----------------------------------------


def test_marking_a_no_show_needs_the_tick(client, visit, clinic):
    client.force_login(staff_member(clinic, Role.FRONT_DESK))
    url = reverse("admin:scheduling_appointment_change", args=[visit.pk])
    later = START + dt.timedelta(minutes=30)

    with time_machine.travel(later, tick=False):
        page = client.get(url).content.decode()
        untouched = client.post(url, {"action": "no_show"}, follow=True).content.decode()
        for not_a_tick in ("false", "0", "off", "no"):  # found by the fifth break-it pass
            client.post(url, {"action": "no_show", "confirm_no_show": not_a_tick})
        visit.refresh_from_db()
        status_without_tick = visit.status
        client.post(url, {"action": "no_show", "confirm_no_show": "1"})

    assert 'name="confirm_no_show"' in page and "required" in page
    assert status_without_tick == Appointment.Status.BOOKED
    assert "Tick “The patient has not come”" in untouched
    visit.refresh_from_db()
    assert visit.status == Appointment.Status.NO_SHOW and visit.no_show_at == later


def test_front_desk_undoes_a_no_show_the_same_day_and_it_is_audited(client, visit, clinic):
    desk = staff_member(clinic, Role.FRONT_DESK)
    later = START + dt.timedelta(minutes=30)
    visit = run(visit, desk, "no_show", at=later)
    client.force_login(desk)
    url = reverse("admin:scheduling_appointment_change", args=[visit.pk])

    with time_machine.travel(later + dt.timedelta(minutes=5), tick=False):
        page = client.get(url).content.decode()
        client.post(url, {"action": "undo_no_show"})

    assert "Undo the no-show (back to booked)" in page
    visit.refresh_from_db()
    assert visit.status == Appointment.Status.BOOKED and visit.no_show_at is None
    assert AuditEvent.objects.filter(
        actor=desk, object_id=str(visit.pk), fields__contains=["no_show_undone"]
    ).exists()


def test_a_no_show_is_not_undone_the_next_day(visit, clinic):
    desk = staff_member(clinic, Role.FRONT_DESK)
    visit = run(visit, desk, "no_show", at=START + dt.timedelta(minutes=30))

    with pytest.raises(ValidationError, match="only on the day of the visit"):
        visit_undo_no_show(appointment=visit, by=desk, now=START + dt.timedelta(days=1))


def test_a_no_show_keeps_its_time_so_the_undo_finds_it_free(visit, clinic):
    """A no-show holds its chair and nurse (only a cancellation frees a time): nobody can be
    booked over it, and the same-day undo never finds the time taken."""
    desk = staff_member(clinic, Role.FRONT_DESK)
    later = START + dt.timedelta(minutes=30)
    visit = run(visit, desk, "no_show", at=later)
    with pytest.raises(IntegrityError), transaction.atomic():
        booked(visit.service, START, who=visit.provider, chair=visit.chair, person=patient())

    visit_undo_no_show(appointment=visit, by=desk, now=later)
    visit.refresh_from_db()
    assert visit.status == Appointment.Status.BOOKED


def test_only_staff_who_check_in_may_undo_a_no_show(visit, clinic):
    later = START + dt.timedelta(minutes=30)
    visit = run(visit, staff_member(clinic, Role.FRONT_DESK), "no_show", at=later)

    with pytest.raises(PermissionDenied):
        visit_undo_no_show(
            appointment=visit, by=staff_member(ClinicFactory(), Role.FRONT_DESK), now=later
        )
