"""Follow-up check-ins: planned when an infusion is completed, answered in the portal, scored;
item 9 above zero shows crisis resources and alerts the clinic."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from patients.models import FollowUpSurvey, Intake, OutboundMessage
from scheduling.models import Appointment
from scheduling.visits import visit_advance, visit_complete
from tests.factories import staff_member, submitted_intake
from tests.scheduling.conftest import (
    Role,
    book_series,
    chairs,
    infusion,
    provider,
    settled_readings,
    utc,
)

pytestmark = pytest.mark.django_db

NOW = utc(2026, 11, 9, 16)


@pytest.fixture
def course(clinic):
    from clinic.models import OpeningHours

    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=d, opens_at=dt.time(8), closes_at=dt.time(18))
        for d in range(7)
    )
    provider(clinic, Role.NURSE, hours=((8, 18),))
    chairs(clinic, 1)
    intake = submitted_intake(clinic, conditions=["ptsd"])
    Intake.objects.filter(pk=intake.pk).update(status=Intake.Status.CLEARED)
    series = book_series(infusion(clinic), intake.patient, sessions=2, now=NOW)
    return clinic, intake.patient, list(series.appointments.order_by("starts_at"))


def complete(visit):
    nurse = staff_member(visit.clinic, Role.NURSE)
    for action in ("check_in", "start", "observe"):
        visit = visit_advance(appointment=visit, action=action, by=nurse, now=visit.starts_at)
    settled_readings(visit, nurse)
    return visit_complete(
        appointment=visit,
        by=nurse,
        vitals_near_baseline=True,
        escort_present=True,
        side_effects="none",
        now=visit.starts_at,
    )


def test_each_infusion_gets_a_next_day_check_in_and_the_last_one_7_and_30_days(course):
    clinic, _, (first, last) = course

    complete(first)
    assert list(FollowUpSurvey.objects.values_list("kind", flat=True)) == ["after_infusion"]
    after = FollowUpSurvey.objects.get()
    local = after.due_at.astimezone(clinic.zone)
    assert (local.date() - first.starts_at.astimezone(clinic.zone).date()).days == 1
    assert local.hour == 10  # 10:00 clinic time, whatever the offset that day

    complete(last)
    planned = sorted(FollowUpSurvey.objects.values_list("kind", "days_after"))
    assert planned == [
        ("after_infusion", 1),
        ("after_infusion", 1),
        ("after_series", 7),
        ("after_series", 30),
    ]
    assert OutboundMessage.objects.filter(kind="survey_invite").count() == 4


def test_each_clinic_sets_its_own_check_in_schedule(course):
    clinic, person, (first, last) = course
    clinic.infusion_check_in_days = [2]
    clinic.series_check_in_days = [14, 90]
    clinic.check_in_time = dt.time(17, 30)
    clinic.save()

    complete(first)
    complete(last)

    surveys = FollowUpSurvey.objects.order_by("due_at")
    planned = {(s.kind, s.days_after): s.due_at.astimezone(clinic.zone) for s in surveys}
    last_day = last.starts_at.astimezone(clinic.zone).date()
    assert sorted(surveys.values_list("kind", "days_after")) == [
        ("after_infusion", 2),
        ("after_infusion", 2),
        ("after_series", 14),
        ("after_series", 90),
    ]
    ninety = planned[("after_series", 90)]
    assert (ninety.date() - last_day).days == 90
    assert (ninety.hour, ninety.minute) == (17, 30)  # the clinic's chosen time, its own zone
    first_check_in = surveys.first().due_at
    client = Client()
    with time_machine.travel(first_check_in - dt.timedelta(minutes=1)):
        client.force_login(person.user)
        assert "2 days after your infusion" not in client.get(reverse("patients:dashboard")).text
    with time_machine.travel(first_check_in):
        client.force_login(person.user)
        assert "2 days after your infusion" in client.get(reverse("patients:dashboard")).text


def test_a_clinic_may_ask_nothing_after_single_infusions(course):
    clinic, _, (first, last) = course
    clinic.infusion_check_in_days = []
    clinic.save()

    complete(first)
    assert not FollowUpSurvey.objects.exists()
    complete(last)
    assert sorted(FollowUpSurvey.objects.values_list("days_after", flat=True)) == [7, 30]


def test_the_patient_answers_the_day_after_check_in(course):
    _, person, (first, _) = course
    complete(first)
    survey = FollowUpSurvey.objects.get()
    client = Client()
    client.force_login(person.user)

    bad = client.post(
        reverse("patients:survey", args=[survey.id]),
        {"pain": "12", "side_effects": ["none", "nausea"]},
    )
    client.post(
        reverse("patients:survey", args=[survey.id]),
        {"pain": "3", "side_effects": ["nausea", "dizziness"], "side_effects_other": ""},
    )

    errors = bad.context["form"].errors
    assert "pain" in errors and "side_effects" in errors
    survey.refresh_from_db()
    assert survey.answered_at and survey.pain == 3
    assert survey.side_effects == ["nausea", "dizziness"]


def test_the_series_check_in_scores_mood_and_item_nine_shows_help(course):
    clinic, person, (first, last) = course
    complete(first)
    complete(last)
    survey = FollowUpSurvey.objects.get(kind="after_series", days_after=7)
    client = Client()
    client.force_login(person.user)
    form = client.get(reverse("patients:survey", args=[survey.id])).context["form"]
    answers = {"pain": "4"}
    for name in form.fields:
        if name != "pain":
            answers[name] = "1"

    page = client.post(reverse("patients:survey", args=[survey.id]), answers)

    assert 'href="tel:988"' in page.content.decode()
    survey.refresh_from_db()
    assert (survey.phq9_score, survey.phq9_item9, survey.gad7_score, survey.pcl5_score) == (
        9,
        1,
        7,
        20,
    )
    assert OutboundMessage.objects.filter(
        kind="urgent_survey_alert", to_address=clinic.email
    ).exists()


def test_another_patients_check_in_is_a_404(course):
    from tests.factories import patient

    _, _, (first, _) = course
    complete(first)
    client = Client()
    client.force_login(patient().user)

    assert (
        client.get(reverse("patients:survey", args=[FollowUpSurvey.objects.get().id])).status_code
        == 404
    )


def test_a_consultation_plans_no_check_in(clinic):
    from tests.scheduling.conftest import booked, consultation

    doctor = provider(clinic)
    visit = booked(consultation(clinic), utc(2026, 11, 10, 17), who=doctor)
    visit = visit_advance(appointment=visit, action="check_in", by=doctor, now=visit.starts_at)
    visit_complete(appointment=visit, by=doctor, now=visit.starts_at)

    assert not FollowUpSurvey.objects.exists()
    assert Appointment.objects.get().status == "completed"


def test_a_check_in_takes_thirty_tries_an_hour(course):
    _, person, (first, _) = course
    complete(first)
    survey = FollowUpSurvey.objects.get()
    client = Client()
    client.force_login(person.user)
    url = reverse("patients:survey", args=[survey.id])

    tries = [client.post(url, {"pain": "99"}).status_code for _ in range(30)]
    blocked = client.post(url, {"pain": "3", "side_effects": ["none"]})

    assert set(tries) == {200}  # each a form with its errors
    assert blocked.status_code == 429
    survey.refresh_from_db()
    assert survey.answered_at is None
