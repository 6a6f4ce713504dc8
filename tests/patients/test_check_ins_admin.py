"""Check-ins in the admin: what the patient wrote reaches the clinic's staff (in the list and on
the check-in's page, audited), and the list puts item 9 above zero first, then the answers that
need attention, then the quiet ones, with check-ins not answered yet last."""

import datetime as dt

import pytest
from django.urls import reverse

from patients.models import AuditEvent, FollowUpSurvey
from patients.questionnaires import GAD7, PHQ9
from patients.surveys import survey_answer
from tests.factories import ClinicFactory, patient, staff_member
from tests.scheduling.conftest import Role, booked, consultation, provider, utc

pytestmark = pytest.mark.django_db

NOW = utc(2026, 11, 20, 18)
NOTE = "A headache in the evening, and my left hand tingled for an hour."


@pytest.fixture
def make_check_in(clinic):
    doctor = provider(clinic)
    service = consultation(clinic, slug="check-in-visit")
    made = []

    def make(kind="after_infusion", **person):
        start = utc(2026, 11, 10, 17) + dt.timedelta(days=len(made))
        visit = booked(service, start, who=doctor, person=patient(**person), status="completed")
        survey = FollowUpSurvey.objects.create(
            patient=visit.patient,
            clinic=clinic,
            appointment=visit,
            kind=kind,
            days_after=1 if kind == "after_infusion" else 7,
            due_at=start + dt.timedelta(days=1),
        )
        made.append(survey)
        return survey

    return make


def mood(item9: int, *, each: int = 0) -> dict:
    answers = {"pain": 4}
    answers.update({PHQ9.field_name(i): each for i in range(len(PHQ9.items))})
    answers[PHQ9.field_name(8)] = item9
    answers.update({GAD7.field_name(i): each for i in range(len(GAD7.items))})
    return answers


def nurse_client(client, clinic):
    client.force_login(staff_member(clinic, Role.NURSE))
    return client


def test_the_list_puts_item_nine_first_then_what_needs_attention_then_quiet_then_unanswered(
    client, clinic, make_check_in
):
    unanswered = make_check_in(legal_last_name="Unanswered")
    quiet = make_check_in(legal_last_name="Quiet")
    wrote = make_check_in(legal_last_name="Wrote")
    severe_pain = make_check_in(legal_last_name="Pain")
    item9 = make_check_in(kind="after_series", legal_last_name="Item9")
    survey_answer(survey=item9, answers=mood(item9=1), now=NOW)
    survey_answer(
        survey=severe_pain, answers={"pain": 8, "side_effects": ["none"]}, now=NOW + dt.timedelta(1)
    )
    survey_answer(
        survey=wrote,
        answers={"pain": 3, "side_effects": ["none"], "side_effects_other": NOTE},
        now=NOW + dt.timedelta(2),
    )
    survey_answer(
        survey=quiet,
        answers={"pain": 2, "side_effects": ["none"], "side_effects_other": ""},
        now=NOW + dt.timedelta(3),
    )

    page = nurse_client(client, clinic).get(reverse("admin:patients_followupsurvey_changelist"))

    rows = list(page.context["cl"].result_list)
    assert rows == [item9, wrote, severe_pain, quiet, unanswered]
    text = page.content.decode()
    assert text.index("Item9") < text.index("Wrote") < text.index("Quiet") < text.index("Unanswer")
    assert "Urgent: PHQ-9 item 9 above zero" in text
    assert "Not answered yet" in text


def test_staff_read_the_patients_own_words_and_every_answer_and_the_reading_is_audited(
    client, clinic, make_check_in
):
    survey = make_check_in()
    survey_answer(
        survey=survey,
        answers={"pain": 3, "side_effects": ["headache", "nausea"], "side_effects_other": NOTE},
        now=NOW,
    )
    nurse = nurse_client(client, clinic)

    listing = nurse.get(reverse("admin:patients_followupsurvey_changelist")).content.decode()
    page = nurse.get(reverse("admin:patients_followupsurvey_change", args=[survey.pk]))

    # In the list, briefly: the side effects and the start of what the patient wrote.
    assert "Headache, Nausea or vomiting" in listing or "Headache; Nausea or vomiting" in listing
    assert "A headache in the evening" in listing
    text = page.content.decode()
    assert page.status_code == 200
    assert NOTE in text
    assert "Anything else you noticed" in text
    assert "Since your infusion, have you had any of these?" in text
    assert "Your pain today" in text
    assert "Read first" in text
    events = AuditEvent.objects.filter(patient=survey.patient, object_id=str(survey.pk))
    assert set(events.values_list("action", "via")) == {
        (AuditEvent.Action.LIST, "admin"),
        (AuditEvent.Action.VIEW, "admin"),
    }


def test_every_answer_of_a_series_check_in_in_its_questionnaires_words(
    client, clinic, make_check_in
):
    survey = make_check_in(kind="after_series")
    survey_answer(survey=survey, answers=mood(item9=2, each=1), now=NOW)

    text = (
        nurse_client(client, clinic)
        .get(reverse("admin:patients_followupsurvey_change", args=[survey.pk]))
        .content.decode()
    )

    assert f"PHQ-9 9. {PHQ9.items[8]}" in text
    assert "More than half the days" in text  # item 9's answer, in words
    assert f"GAD-7 1. {GAD7.items[0]}" in text


def test_another_clinics_staff_do_not_see_the_check_in(client, clinic, make_check_in):
    survey = make_check_in()
    survey_answer(
        survey=survey,
        answers={"pain": 3, "side_effects": ["none"], "side_effects_other": NOTE},
        now=NOW,
    )
    client.force_login(staff_member(ClinicFactory(), Role.NURSE))

    listing = client.get(reverse("admin:patients_followupsurvey_changelist"))
    page = client.get(reverse("admin:patients_followupsurvey_change", args=[survey.pk]))

    assert NOTE[:20] not in listing.content.decode()
    assert page.status_code == 302 and NOTE[:20] not in page.content.decode()
    assert not AuditEvent.objects.filter(object_id=str(survey.pk)).exists()


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"pain": 2, "side_effects": ["none"], "side_effects_other": ""}, False),
        ({"pain": 2, "side_effects": ["none"], "side_effects_other": "Slept badly"}, True),
        ({"pain": 2, "side_effects": ["dizziness"]}, True),
        ({"pain": 7, "side_effects": ["none"]}, True),
    ],
)
def test_an_answer_needs_attention_for_a_side_effect_a_note_or_severe_pain(
    clinic, make_check_in, answers, expected
):
    survey = survey_answer(survey=make_check_in(), answers=answers, now=NOW)

    assert survey.needs_attention is expected


def test_the_list_reads_a_fixed_number_of_queries_however_many_check_ins(
    client, clinic, make_check_in
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    nurse = nurse_client(client, clinic)
    url = reverse("admin:patients_followupsurvey_changelist")

    def answered(count):
        for _ in range(count):
            survey_answer(
                survey=make_check_in(),
                answers={"pain": 3, "side_effects": ["nausea"], "side_effects_other": NOTE},
                now=NOW,
            )
        nurse.get(url)  # warm the session and the permission caches
        with CaptureQueriesContext(connection) as queries:
            assert nurse.get(url).status_code == 200
        return len(queries)

    assert answered(2) == answered(6)
