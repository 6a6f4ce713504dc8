"""Every status transition of an intake, and who may make it."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clinic.models import ClinicMembership
from patients.models import Intake
from patients.services import intake_decide, intake_request_info, intake_start_review
from tests.factories import ClinicFactory, staff_member, submitted_intake

pytestmark = pytest.mark.django_db

Role = ClinicMembership.Role
Status = Intake.Status


@pytest.fixture
def intake(clinic):
    return submitted_intake(clinic)


def test_submitted_intake_has_its_history(intake):
    assert list(intake.events.values_list("from_status", "to_status")) == [("draft", "submitted")]


@pytest.mark.parametrize(
    ("role", "may_review", "may_decide"),
    [
        (Role.PHYSICIAN, True, True),
        (Role.NURSE, True, False),
        (Role.FRONT_DESK, True, False),
        (Role.CLINIC_MANAGER, False, False),
    ],
)
def test_who_may_review_and_decide(intake, clinic, role, may_review, may_decide):
    user = staff_member(clinic, role)

    assert user.has_perm("patients.review_intake", intake) is may_review
    assert user.has_perm("patients.decide_intake", intake) is may_decide
    assert user.has_perm("patients.view_intake", intake)


def test_physician_clears_after_review(intake, clinic):
    doctor = staff_member(clinic, Role.PHYSICIAN)

    intake_start_review(intake=intake, by=doctor)
    cleared = intake_decide(intake=intake, by=doctor, decision=Status.CLEARED, note="")

    assert cleared.status == Status.CLEARED
    assert cleared.decided_by == doctor and cleared.decided_at is not None
    assert list(cleared.events.values_list("to_status", flat=True)) == [
        "submitted", "in_review", "cleared"
    ]  # fmt: skip


def test_physician_declines_with_a_reason_only(intake, clinic):
    doctor = staff_member(clinic, Role.PHYSICIAN)

    with pytest.raises(ValidationError, match="Say why"):
        intake_decide(intake=intake, by=doctor, decision=Status.DECLINED, note=" ")
    declined = intake_decide(intake=intake, by=doctor, decision=Status.DECLINED,
                             note="Uncontrolled seizures; see your neurologist first.")  # fmt: skip

    assert declined.status == Status.DECLINED


@pytest.mark.parametrize("role", [Role.NURSE, Role.FRONT_DESK, Role.CLINIC_MANAGER])
def test_only_a_physician_clears_or_declines(intake, clinic, role):
    with pytest.raises(PermissionDenied):
        intake_decide(
            intake=intake, by=staff_member(clinic, role), decision=Status.CLEARED, note=""
        )
    intake.refresh_from_db()
    assert intake.status == Status.SUBMITTED


def test_a_physician_of_another_clinic_cannot_decide(intake):
    outsider = staff_member(ClinicFactory(), Role.PHYSICIAN)

    with pytest.raises(PermissionDenied):
        intake_decide(intake=intake, by=outsider, decision=Status.CLEARED, note="")
    with pytest.raises(PermissionDenied):
        intake_start_review(intake=intake, by=outsider)


@pytest.mark.parametrize("role", [Role.NURSE, Role.FRONT_DESK, Role.PHYSICIAN])
def test_nurses_front_desk_and_physicians_ask_for_more_information(intake, clinic, role):
    asked = intake_request_info(intake=intake, by=staff_member(clinic, role), step="health",
                                note="What was your last blood pressure reading?")  # fmt: skip

    assert asked.status == Status.MORE_INFO
    assert asked.info_request_step == "health"


def test_manager_cannot_ask_for_more_information(intake, clinic):
    with pytest.raises(PermissionDenied):
        intake_request_info(intake=intake, by=staff_member(clinic, Role.CLINIC_MANAGER),
                            step="health", note="?")  # fmt: skip


def test_a_request_needs_a_step_and_a_note(intake, clinic):
    nurse = staff_member(clinic, Role.NURSE)

    with pytest.raises(ValidationError):
        intake_request_info(intake=intake, by=nurse, step="consent", note="Sign again")
    with pytest.raises(ValidationError):
        intake_request_info(intake=intake, by=nurse, step="health", note="")


def test_a_request_reopens_only_that_step_and_resubmitting_returns_it(intake, clinic):
    from patients.services import step_is_editable

    nurse = staff_member(clinic, Role.NURSE)
    intake = intake_request_info(intake=intake, by=nurse, step="health", note="Add your BP")

    assert step_is_editable(intake, "health")
    assert not step_is_editable(intake, "pain")
    from patients.demo import intake_sign

    resent = intake_sign(intake)
    assert resent.status == Status.SUBMITTED
    assert resent.info_request_step == ""


@pytest.mark.parametrize("final", [Status.CLEARED, Status.DECLINED])
def test_decided_intakes_take_no_further_step(intake, clinic, final):
    doctor = staff_member(clinic, Role.PHYSICIAN)
    intake_decide(intake=intake, by=doctor, decision=final, note="Done.")

    with pytest.raises(ValidationError):
        intake_decide(intake=intake, by=doctor, decision=Status.CLEARED, note="")
    with pytest.raises(ValidationError):
        intake_request_info(intake=intake, by=doctor, step="health", note="more")
    with pytest.raises(ValidationError):
        intake_start_review(intake=intake, by=doctor)


def test_review_needs_a_submitted_intake(intake, clinic):
    doctor = staff_member(clinic, Role.PHYSICIAN)
    intake_start_review(intake=intake, by=doctor)

    with pytest.raises(ValidationError):
        intake_start_review(intake=intake, by=doctor)


# --- The review queue and page in the admin -------------------------------------------------


def test_queue_lists_urgent_then_flagged_then_oldest(client, clinic):
    plain_old = submitted_intake(clinic)
    flagged = submitted_intake(clinic, yes=("seizures",))
    urgent = submitted_intake(clinic, phq9=[0] * 8 + [2])
    client.force_login(staff_member(clinic, Role.NURSE))

    rows = client.get(reverse("admin:patients_intake_changelist")).context["cl"].result_list

    assert list(rows) == [urgent, flagged, plain_old]


def test_queue_hides_drafts_but_shows_urgent_drafts(client, clinic):
    from patients.demo import intake_fill, intake_form_data
    from patients.services import intake_start
    from tests.factories import patient

    quiet = intake_fill(intake_start(patient=patient(), clinic=clinic), intake_form_data(),
                        through="pain")  # fmt: skip
    urgent = intake_fill(intake_start(patient=patient(), clinic=clinic),
                         intake_form_data(phq9=[0] * 8 + [1]), through="mood")  # fmt: skip
    client.force_login(staff_member(clinic, Role.NURSE))

    rows = set(client.get(reverse("admin:patients_intake_changelist")).context["cl"].result_list)

    assert urgent in rows and quiet not in rows


def test_physician_reviews_and_clears_on_the_page(client, intake, clinic):
    client.force_login(staff_member(clinic, Role.PHYSICIAN))
    url = reverse("admin:patients_intake_change", args=[intake.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "Start review" in page.content.decode()
    client.post(url, {"action": "start_review"})
    client.post(url, {"action": "decide", "decision-decision": "cleared", "decision-note": "Fine"})

    intake.refresh_from_db()
    assert intake.status == Status.CLEARED


def test_nurse_sees_no_decision_and_a_forged_decision_changes_nothing(client, intake, clinic):
    client.force_login(staff_member(clinic, Role.NURSE))
    url = reverse("admin:patients_intake_change", args=[intake.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"action": "decide", "decision-decision": "cleared"})

    assert "Record decision" not in page
    assert response.status_code == 403
    intake.refresh_from_db()
    assert intake.status == Status.SUBMITTED


def test_review_page_of_another_clinic_is_not_found(client, intake):
    client.force_login(staff_member(ClinicFactory(), Role.PHYSICIAN))

    response = client.get(reverse("admin:patients_intake_change", args=[intake.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_review_page_shows_scores_flags_and_answers_in_order(client, clinic):
    intake = submitted_intake(clinic, bp=(170, 104), phq9=[2] * 9)
    client.force_login(staff_member(clinic, Role.PHYSICIAN))

    page = client.get(reverse("admin:patients_intake_change", args=[intake.pk])).content.decode()

    assert "PHQ-9</strong>: 18 / 27 — moderately severe" in page
    assert "uncontrolled hypertension reported (last reading 170/104)" in page
    assert "Urgent:" in page
    assert page.index("Have you been told you have high blood pressure?") < page.index(
        "Have you had ketamine treatment before?"
    )


# --- Open intakes before decided ones; an urgent or flagged intake is cleared with a reason ---


def test_queue_lists_open_intakes_above_those_waiting_on_the_patient_and_decided_ones_last(
    client, clinic
):
    doctor = staff_member(clinic, Role.PHYSICIAN)
    decided_long_ago = submitted_intake(clinic)
    intake_decide(intake=decided_long_ago, by=doctor, decision=Status.CLEARED, note="")
    urgent_decided = submitted_intake(clinic, phq9=[0] * 8 + [1])
    intake_decide(intake=urgent_decided, by=doctor, decision=Status.DECLINED, note="Call first.")
    waiting = submitted_intake(clinic)
    intake_request_info(intake=waiting, by=doctor, step="health", note="Your last BP reading?")
    plain = submitted_intake(clinic)
    flagged = submitted_intake(clinic, yes=("seizures",))
    urgent = submitted_intake(clinic, phq9=[0] * 8 + [2])
    client.force_login(doctor)

    rows = client.get(reverse("admin:patients_intake_changelist")).context["cl"].result_list

    assert list(rows) == [urgent, flagged, plain, waiting, urgent_decided, decided_long_ago]


def test_the_queue_marks_an_urgent_intake_in_words_not_with_a_green_tick(client, clinic):
    urgent = submitted_intake(clinic, phq9=[0] * 8 + [2])
    plain = submitted_intake(clinic)
    client.force_login(staff_member(clinic, Role.NURSE))

    page = client.get(reverse("admin:patients_intake_changelist")).content.decode()

    assert "icon-yes.svg" not in page and "icon-no.svg" not in page
    rows = page.split("<tr")
    (urgent_row,) = [r for r in rows if f"/{urgent.pk}/change/" in r]
    (plain_row,) = [r for r in rows if f"/{plain.pk}/change/" in r]
    assert 'class="urgent-label"' in urgent_row and ">Urgent</strong>" in urgent_row
    assert "urgent-label" not in plain_row


@pytest.mark.parametrize(
    ("answers", "says"),
    [({"yes": ("seizures",)}, "has screening flags"), ({"phq9": [0] * 8 + [1]}, "is urgent")],
)
def test_clearing_a_flagged_or_urgent_intake_needs_a_reason(clinic, answers, says):
    intake = submitted_intake(clinic, **answers)
    doctor = staff_member(clinic, Role.PHYSICIAN)

    with pytest.raises(ValidationError, match=says) as refused:
        intake_decide(intake=intake, by=doctor, decision=Status.CLEARED, note="  ")
    intake.refresh_from_db()
    assert "note" in refused.value.message_dict
    assert intake.status == Status.SUBMITTED and intake.decided_at is None
    assert not intake.events.filter(to_status=Status.CLEARED).exists()

    cleared = intake_decide(
        intake=intake,
        by=doctor,
        decision=Status.CLEARED,
        note="Seizure-free for ten years on no medication; safe for a standard series.",
    )
    assert cleared.status == Status.CLEARED


def test_the_review_page_refuses_clearing_a_flagged_intake_without_a_reason_and_keeps_the_choice(
    client, clinic
):
    from patients.models import OutboundMessage

    intake = submitted_intake(clinic, yes=("seizures",))
    client.force_login(staff_member(clinic, Role.PHYSICIAN))
    url = reverse("admin:patients_intake_change", args=[intake.pk])

    refused = client.post(
        url, {"action": "decide", "decision-decision": "cleared", "decision-note": ""}
    )

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "has screening flags: say why it is safe to clear the patient" in page
    form = refused.context["decision_form"]
    assert form.errors["note"] and form["decision"].value() == "cleared"
    (cleared_radio,) = re.findall(r'<input type="radio"[^>]*value="cleared"[^>]*>', page)
    assert "checked" in cleared_radio
    intake.refresh_from_db()
    assert intake.status == Status.SUBMITTED
    assert not OutboundMessage.objects.filter(kind="intake_update").exists()

    client.post(
        url,
        {
            "action": "decide",
            "decision-decision": "cleared",
            "decision-note": "Seizure-free for ten years; safe for a standard series.",
        },
    )
    intake.refresh_from_db()
    assert intake.status == Status.CLEARED
