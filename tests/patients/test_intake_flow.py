"""The intake in the portal: step by step, resumable, validated at each field, signed."""

import itertools

import pytest
from django.urls import reverse

from patients.demo import intake_form_data
from patients.intake import STEP_SLUGS
from patients.models import CommunicationConsent, Intake
from patients.services import intake_start
from tests.factories import patient

pytestmark = pytest.mark.django_db


def step_url(intake, step: str) -> str:
    return reverse("patients:intake_step", args=[intake.id, step])


def post_step(client, intake, step, data, headers=None, **extra):
    return client.post(step_url(intake, step), {**data, **extra}, headers=headers)


def consent(name: str, **overrides) -> dict:
    return {"consent_to_evaluation": "on", "privacy_notice": "on", "email_consent": "on",
            "signature": name, **overrides}  # fmt: skip


@pytest.fixture
def intake(me, clinic):
    return intake_start(patient=me, clinic=clinic)


def test_starting_an_intake_opens_its_first_step(portal, clinic):
    response = portal.post(reverse("patients:intake_start"), {"clinic": clinic.pk})

    intake = Intake.objects.get()
    assert response["Location"] == step_url(intake, "reason")
    assert intake.status == Intake.Status.DRAFT


def test_each_step_is_saved_and_leads_to_the_next(portal, intake):
    data = intake_form_data()

    for current, following in itertools.pairwise(STEP_SLUGS):
        response = post_step(portal, intake, current, data[current])
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == step_url(intake, following)

    intake.refresh_from_db()
    assert set(intake.answers) == set(STEP_SLUGS[:-1])
    assert intake.answers["pain"]["average_pain"] == 6


def test_a_saved_step_shows_its_answers_again_and_back_works(portal, intake):
    post_step(portal, intake, "reason", intake_form_data()["reason"])

    again = portal.get(step_url(intake, "reason"))
    pain_page = portal.get(step_url(intake, "pain")).content.decode()

    assert again.context["form"].initial["conditions"] == ["fibromyalgia"]
    assert 'value="30"' in again.content.decode()  # the months typed before
    assert step_url(intake, "reason") in pain_page  # the Back link


def test_save_and_finish_later_returns_to_the_portal_and_resumes_where_left(portal, intake):
    data = intake_form_data()
    post_step(portal, intake, "reason", data["reason"])
    response = post_step(portal, intake, "pain", data["pain"], save_and_leave="1")

    assert response["Location"] == reverse("patients:dashboard")
    dashboard = portal.get(reverse("patients:dashboard"))
    assert dashboard.context["next"] == {"key": "continue_intake", "intake": intake,
                                         "step": "treatments"}  # fmt: skip
    assert step_url(intake, "treatments") in dashboard.content.decode()


@pytest.mark.parametrize(
    ("step", "field", "value", "message"),
    [
        ("pain", "average_pain", "11", "Enter a whole number from 0 to 10."),
        ("pain", "worst_pain", "-1", "Enter a whole number from 0 to 10."),
        ("pain", "average_pain", "seven", "Enter a whole number from 0 to 10."),
        ("pain", "worst_pain", "2", "can’t be lower than your average pain"),
        ("reason", "conditions", [], "This field is required."),
        ("reason", "conditions", "not-a-condition", "Select a valid choice"),
        ("reason", "duration_months", "5000", "less than or equal to 1200"),
        ("health", "bp_systolic", "300", "less than or equal to 260"),
        ("health", "current_medications", "x" * 2001, "at most 2000 characters"),
        ("goals", "goals", "", "This field is required."),
    ],
)
def test_bad_answers_are_refused_at_the_field_and_nothing_typed_is_lost(
    portal, intake, step, field, value, message
):
    data = intake_form_data()[step]
    data[field] = value
    if step == "health" and field == "bp_systolic":
        data["bp_diastolic"] = "80"

    response = post_step(portal, intake, step, data)

    assert response.status_code == 200
    assert message in response.context["form"].errors.as_text()
    assert field in response.context["form"].errors or "__all__" in response.context["form"].errors
    intake.refresh_from_db()
    assert step not in intake.answers
    # what else was typed is still in the form
    kept = [k for k in data if k != field and data[k] not in ("", [])]
    assert kept
    for key in kept:
        assert response.context["form"].data.getlist(key) == (
            data[key] if isinstance(data[key], list) else [data[key]]
        )


def test_other_condition_needs_its_name(portal, intake):
    data = {**intake_form_data()["reason"], "conditions": ["other"], "other_condition": ""}

    response = post_step(portal, intake, "reason", data)

    assert "Tell us the condition" in response.context["form"].errors["other_condition"][0]


def test_a_blood_pressure_upside_down_is_explained_the_right_way_round(portal, intake):
    data = {**intake_form_data()["health"], "bp_systolic": "120", "bp_diastolic": "140"}

    response = post_step(portal, intake, "health", data)

    error = response.context["form"].errors["bp_diastolic"][0]
    assert error == "The bottom number must be lower than the top number (for example 120/80)."
    assert response.context["form"].data["bp_systolic"] == "120"


def test_pcl5_is_asked_only_when_ptsd_was_chosen(portal, intake):
    post_step(portal, intake, "reason", intake_form_data()["reason"])
    without = portal.get(step_url(intake, "mood")).context["form"]
    post_step(portal, intake, "reason", intake_form_data(conditions=["ptsd"])["reason"])
    with_ptsd = portal.get(step_url(intake, "mood")).context["form"]

    assert "pcl5_1" not in without.fields
    assert {"phq9_9", "gad7_7", "pcl5_20"} <= set(with_ptsd.fields)


def test_item_nine_above_zero_shows_crisis_resources_at_once_and_marks_urgent(portal, intake):
    data = intake_form_data(phq9=[0] * 8 + [1])
    for step in ("reason", "pain", "treatments", "health"):
        post_step(portal, intake, step, data[step])

    response = post_step(portal, intake, "mood", data["mood"])

    assert response["Location"] == reverse("patients:intake_support", args=[intake.id])
    page = portal.get(response["Location"]).content.decode()
    assert 'href="tel:988"' in page
    assert 'href="tel:+16265550142"' in page  # the clinic's phone
    intake.refresh_from_db()
    assert intake.is_urgent and intake.phq9_item9 == 1
    assert intake.status == Intake.Status.DRAFT  # urgent even before it is sent


def test_item_nine_at_zero_goes_straight_on(portal, intake):
    data = intake_form_data()
    for step in ("reason", "pain", "treatments", "health"):
        post_step(portal, intake, step, data[step])

    response = post_step(portal, intake, "mood", data["mood"])

    assert response["Location"] == step_url(intake, "goals")
    intake.refresh_from_db()
    assert not intake.is_urgent and intake.phq9_score == 8 and intake.gad7_score == 7


def fill_all(client, intake, **answers):
    data = intake_form_data(**answers)
    for step in STEP_SLUGS[:-1]:
        post_step(client, intake, step, data[step])


def test_signing_with_the_legal_name_sends_the_intake(portal, me, intake):
    fill_all(portal, intake)

    response = post_step(
        portal, intake, "consent", consent("  dana   MORALES "), headers={"user-agent": "Firefox"}
    )

    assert response["Location"] == reverse("patients:intake_detail", args=[intake.id])
    intake.refresh_from_db()
    assert intake.status == Intake.Status.SUBMITTED
    assert intake.signature_name == "dana MORALES"
    assert intake.signed_at is not None and intake.signed_user_agent == "Firefox"
    assert intake.signed_ip == "127.0.0.1"
    channels = {c.channel: c.granted for c in me.consents.all()}
    # Both choices are recorded, the "no" to texts as much as the "yes" to email.
    assert channels == {
        CommunicationConsent.Channel.EMAIL: True,
        CommunicationConsent.Channel.SMS: False,
    }
    assert {c.method for c in me.consents.all()} == {CommunicationConsent.Method.INTAKE}


def test_a_signature_that_does_not_match_is_refused_and_the_rest_kept(portal, intake):
    fill_all(portal, intake)

    response = post_step(portal, intake, "consent", consent("Someone Else"))

    form = response.context["form"]
    assert (
        "does not match the legal name in your profile (Dana Morales)"
        in form.errors["signature"][0]
    )
    assert form.data["email_consent"] == "on"
    intake.refresh_from_db()
    assert intake.status == Intake.Status.DRAFT


def test_consents_are_required_to_send(portal, intake):
    fill_all(portal, intake)

    response = post_step(portal, intake, "consent", {"signature": "Dana Morales"})

    errors = response.context["form"].errors
    assert "consent_to_evaluation" in errors and "privacy_notice" in errors


def test_an_unfinished_intake_cannot_be_signed(portal, intake):
    post_step(portal, intake, "reason", intake_form_data()["reason"])

    response = post_step(portal, intake, "consent", consent("Dana Morales"))

    assert response.status_code == 200
    assert "Some steps are not complete yet" in response.content.decode()
    intake.refresh_from_db()
    assert intake.status == Intake.Status.DRAFT


def test_a_sent_intake_can_no_longer_be_edited(portal, intake):
    fill_all(portal, intake)
    post_step(portal, intake, "consent", consent("Dana Morales"))

    response = post_step(
        portal, intake, "pain", {**intake_form_data()["pain"], "average_pain": "1"}
    )

    assert response["Location"] == reverse("patients:intake_detail", args=[intake.id])
    intake.refresh_from_db()
    assert intake.answers["pain"]["average_pain"] == 6


def test_another_patients_intake_is_a_404_and_stays_unchanged(portal, clinic):
    theirs = intake_start(patient=patient(), clinic=clinic)

    for step in ("reason", "pain"):
        assert portal.get(step_url(theirs, step)).status_code == 404
        response = post_step(portal, theirs, step, intake_form_data()[step])
        assert response.status_code == 404
    assert portal.get(reverse("patients:intake_detail", args=[theirs.id])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.answers == {}


def test_unknown_step_and_malformed_ids_are_404(portal, intake):
    assert portal.get(step_url(intake, "nonsense")).status_code == 404
    assert portal.get("/portal/intake/not-a-uuid/reason/").status_code == 404
