"""Outcomes over time: baseline from the intake, check-ins since, responder status and the
booster suggestion when benefit fades."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from patients.models import FollowUpSurvey
from patients.outcomes import outcomes_for
from tests.factories import staff_member, submitted_intake
from tests.scheduling.conftest import Role, booked, infusion, provider, utc

pytestmark = pytest.mark.django_db


def check_in(intake, pain: int, days: int):
    visit = booked(
        infusion(intake.clinic, slug=f"inf-{days}"),
        utc(2026, 11, 1) + dt.timedelta(days=days),
        who=provider(intake.clinic, Role.NURSE),
        person=intake.patient,
        status="completed",
    )
    return FollowUpSurvey.objects.create(
        patient=intake.patient,
        clinic=intake.clinic,
        appointment=visit,
        kind="after_infusion",
        due_at=timezone.now(),
        answered_at=timezone.now() + dt.timedelta(days=days),
        pain=pain,
    )


@pytest.mark.parametrize(
    ("pains", "response", "booster"),
    [
        ([], "none yet", False),
        ([7, 7], "not responding", False),  # 12.5 % down
        ([4], "strong responder", False),  # 50 % down
        ([5], "responder", False),  # 37.5 % down
        ([2], "strong responder", False),
        ([2, 3, 7], "not responding", True),  # helped, then back near baseline: a booster
    ],
)
def test_response_and_booster_suggestion(clinic, pains, response, booster):
    intake = submitted_intake(clinic, average_pain=8, worst_pain=9)
    for day, pain in enumerate(pains):
        check_in(intake, pain, day + 1)

    outcomes = outcomes_for(patient=intake.patient)

    assert outcomes.baseline_pain == 8
    assert outcomes.response == response
    assert outcomes.booster_suggested is booster


def test_the_dashboard_shows_the_chart_and_the_same_figures_as_a_table(clinic):
    intake = submitted_intake(clinic, average_pain=8, worst_pain=9)
    check_in(intake, 4, 2)
    client = Client()
    client.force_login(intake.patient.user)

    page = client.get(reverse("patients:dashboard")).content.decode()

    assert 'id="outcomes-chart"' in page and 'id="outcomes-data"' in page
    assert "Your pain is down by half or more." in page
    assert "<td>4</td>" in page


def test_an_intake_and_a_check_in_on_the_same_day_are_both_drawn_with_their_values(clinic):
    import json

    import time_machine

    with time_machine.travel(utc(2026, 11, 2, 17), tick=False):  # 9 AM in Pasadena
        intake = submitted_intake(clinic, average_pain=6, worst_pain=8)
        FollowUpSurvey.objects.create(
            patient=intake.patient,
            clinic=clinic,
            appointment=booked(
                infusion(clinic),
                utc(2026, 11, 1, 17),
                who=provider(clinic, Role.NURSE),
                person=intake.patient,
            ),
            kind="after_infusion",
            due_at=timezone.now(),
            answered_at=timezone.now() + dt.timedelta(hours=6),  # 3 PM, the same day
            pain=4,
        )
        client = Client()
        client.force_login(intake.patient.user)
        page = client.get(reverse("patients:dashboard")).content.decode()

    embedded = page.split('id="outcomes-data" type="application/json">', 1)[1].split("</script>")[0]
    chart = json.loads(embedded)
    assert chart["pain"] == [6, 4]
    assert [day for day, _label in chart["labels"]] == ["2026-11-02", "2026-11-02"]
    assert chart["labels"][0][1] == "Intake"


def test_staff_see_the_booster_suggestion_with_one_step_booking(clinic):
    intake = submitted_intake(clinic, average_pain=8, worst_pain=9)
    for day, pain in enumerate([2, 3, 7]):
        check_in(intake, pain, day + 1)
    booster = infusion(clinic, kind="booster", name="Booster", slug="booster")
    client = Client()
    client.force_login(staff_member(clinic, Role.FRONT_DESK))

    page = client.get(reverse("admin:patients_patientprofile_change", args=[intake.patient.pk]))

    html = page.content.decode()
    assert "a booster may help" in html
    assert f"service={booster.pk}&amp;patient={intake.patient.pk}" in html


def test_staff_see_only_their_clinics_scores_and_messages_of_a_shared_patient(clinic):
    from clinic.models import Clinic
    from patients.outbox import outbox_add
    from tests.factories import ClinicFactory

    here = submitted_intake(clinic, average_pain=8, worst_pain=9)
    elsewhere_clinic = ClinicFactory(name="Elsewhere Clinic")
    person = here.patient
    check_in(here, 4, 2)
    visit = check_in(submitted_intake(elsewhere_clinic, person), 1, 3).appointment
    for where, key in ((clinic, "ours"), (Clinic.objects.get(pk=elsewhere_clinic.pk), "theirs")):
        outbox_add(
            key=key,
            kind="survey_invite",
            channel="email",
            due_at=timezone.now(),
            patient=person,
            clinic=where,
            appointment=visit if key == "theirs" else None,
        )
    client = Client()
    client.force_login(staff_member(clinic, Role.NURSE))

    page = client.get(reverse("admin:patients_patientprofile_change", args=[person.pk]))

    log = page.context["communication_log"]
    assert [m.idempotency_key for m in log] == ["ours"]
    assert "Check-in invitation" in page.text
    assert [p["pain"] for p in page.context["outcomes"].points if p["source"] != "intake"] == [4]
    listing = client.get(page.context["communication_log_url"])
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == log
