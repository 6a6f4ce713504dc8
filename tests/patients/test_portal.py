"""The portal around the intake: dashboard, profile, preferences, data, closing the account."""

import json

import pytest
from django.urls import reverse

from clinic.models import ClinicMembership
from patients.models import AccountClosureRequest, CommunicationConsent
from patients.services import intake_start
from tests.factories import ClinicFactory, patient, staff_member, submitted_intake

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("patients:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_accounts_are_told_the_portal_is_for_patients(client):
    client.force_login(staff_member(ClinicFactory(), ClinicMembership.Role.NURSE))

    response = client.get(reverse("patients:dashboard"))

    assert response.status_code == 403
    assert "The portal is for patients" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    ["dashboard", "profile", "preferences", "intake_start", "data_export", "data_export_json",
     "account_close"],
)  # fmt: skip
def test_portal_pages_are_never_cached(portal, name):
    response = portal.get(reverse(f"patients:{name}"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_dashboard_puts_the_next_step_first(portal, me, clinic):
    assert portal.get(reverse("patients:dashboard")).context["next"] == {"key": "start_intake"}

    intake = submitted_intake(clinic, me)
    page = portal.get(reverse("patients:dashboard"))

    assert page.context["next"]["key"] == "submitted"
    assert "a clinician is reviewing it" in page.content.decode()
    assert str(intake.id) in page.content.decode()


def test_a_cleared_patient_with_an_infusion_booked_is_shown_it_not_asked_to_book(
    portal, me, clinic
):
    from django.utils import timezone

    from patients.models import Intake
    from tests.scheduling.conftest import Role, booked, infusion, provider

    intake = submitted_intake(clinic, me)
    Intake.objects.filter(pk=intake.pk).update(status=Intake.Status.CLEARED)
    assert "Book an infusion" in portal.get(reverse("patients:dashboard")).text

    start = timezone.now() + timezone.timedelta(days=3)
    visit = booked(infusion(clinic), start, who=provider(clinic, Role.NURSE), person=me)
    page = portal.get(reverse("patients:dashboard"))

    assert page.context["next"]["key"] == "infusion_booked"
    assert "Book an infusion" not in page.text
    assert "Your next infusion is on" in page.text
    assert reverse("scheduling:appointment", args=[visit.id]) in page.text


def test_a_patient_in_review_with_a_visit_booked_is_shown_it_not_asked_to_book(portal, me, clinic):
    from django.utils import timezone

    from tests.scheduling.conftest import booked, consultation, provider

    submitted_intake(clinic, me)
    start = timezone.now() + timezone.timedelta(days=2)
    visit = booked(consultation(clinic), start, who=provider(clinic), person=me)

    page = portal.get(reverse("patients:dashboard"))

    assert page.context["next"]["key"] == "in_review_visit_booked"
    assert "a clinician is reviewing it. Your visit is booked for" in page.text
    assert "Book a consultation" not in page.text
    assert reverse("scheduling:appointment", args=[visit.id]) in page.text


def test_patient_sees_a_request_for_more_information_and_the_step_it_reopens(portal, me, clinic):
    from patients.services import intake_request_info

    intake = submitted_intake(clinic, me)
    nurse = staff_member(clinic, ClinicMembership.Role.NURSE)
    intake_request_info(intake=intake, by=nurse, step="health", note="Your last BP reading?")

    page = portal.get(reverse("patients:dashboard")).content.decode()

    assert "Your last BP reading?" in page
    assert reverse("patients:intake_step", args=[intake.id, "health"]) in page
    assert (
        portal.get(reverse("patients:intake_step", args=[intake.id, "health"])).status_code == 200
    )
    assert portal.get(reverse("patients:intake_step", args=[intake.id, "pain"])).status_code == 302


def test_profile_stores_the_phone_in_e164_and_refuses_bad_input(portal, me):
    data = {
        "legal_first_name": "Dana", "legal_last_name": "Morales", "preferred_name": "Dee",
        "date_of_birth": "1980-06-15", "phone": "(626) 555-0199", "street": "12 Elm St",
        "city": "Pasadena", "state": "CA", "zip_code": "91101",
        "emergency_contact_name": "Lee Morales", "emergency_contact_phone": "626-555-0150",
        "emergency_contact_relationship": "Sister", "preferred_clinic": "",
    }  # fmt: skip

    bad = portal.post(reverse("patients:profile"), {**data, "phone": "12", "zip_code": "9110"})
    good = portal.post(reverse("patients:profile"), data)

    assert bad.status_code == 200
    assert {"phone", "zip_code"} <= set(bad.context["form"].errors)
    assert 'value="Lee Morales"' in bad.content.decode()
    assert good.status_code == 302
    me.refresh_from_db()
    assert me.phone.as_e164 == "+16265550199"
    assert me.preferred_name == "Dee"


def test_preferences_record_when_and_how_consent_was_given_and_withdrawn(portal, me):
    portal.post(reverse("patients:preferences"), {"email_consent": "on", "sms_consent": "on"})
    portal.post(reverse("patients:preferences"), {"email_consent": "on", "sms_consent": "on"})
    portal.post(reverse("patients:preferences"), {"email_consent": "on"})

    rows = list(me.consents.order_by("recorded_at").values_list("channel", "granted", "method"))
    assert rows == [("email", True, "portal"), ("sms", True, "portal"), ("sms", False, "portal")]
    assert all(row.client_ip == "127.0.0.1" for row in me.consents.all())
    assert me.consents.filter(channel=CommunicationConsent.Channel.SMS).first().granted is False


def test_data_download_holds_everything_given_and_only_mine(portal, me, clinic):
    submitted_intake(clinic, me)
    submitted_intake(clinic, patient(legal_first_name="Other", legal_last_name="Person"))

    response = portal.get(reverse("patients:data_export_json"))
    data = json.loads(response.content)
    page = portal.get(reverse("patients:data_export")).content.decode()

    assert response["Content-Disposition"].startswith("attachment")
    assert data["profile"]["legal_last_name"] == "Morales"
    assert len(data["intakes"]) == 1
    assert data["intakes"][0]["answers"]["goals"]["goals"].startswith("To walk my dog")
    assert data["communication_consents"][0]["channel"] == "email"
    assert "To walk my dog again" in page
    assert "Other Person" not in page and "Other" not in json.dumps(data["profile"])


def test_data_download_holds_visits_check_ins_readiness_and_waitlist(portal, me, clinic):
    import datetime as dt

    from django.utils import timezone

    from patients.models import FollowUpSurvey
    from scheduling.models import ReadinessCheck, WaitlistEntry
    from tests.scheduling.conftest import Role, booked, consultation, infusion, provider, utc

    nurse = provider(clinic, Role.NURSE)
    visit = booked(infusion(clinic), utc(2026, 11, 10, 17), who=nurse, person=me)
    visit.reason = "Flare in my left hand"
    visit.save()
    ReadinessCheck.objects.create(
        appointment=visit,
        driver_arranged=True,
        fasting_understood=True,
        medications_understood=True,
        confirmed_at=utc(2026, 11, 8, 18),
    )
    FollowUpSurvey.objects.create(
        patient=me,
        clinic=clinic,
        appointment=visit,
        kind="after_infusion",
        due_at=timezone.now(),
        answered_at=utc(2026, 11, 11, 19),
        pain=3,
        side_effects=["nausea"],
        answers={"note": "Slept well the second night"},
    )
    WaitlistEntry.objects.create(
        clinic=clinic,
        service=consultation(clinic),
        patient=me,
        earliest=dt.date(2026, 12, 1),
        latest=dt.date(2026, 12, 15),
    )

    data = json.loads(portal.get(reverse("patients:data_export_json")).content)
    page = portal.get(reverse("patients:data_export")).content.decode()

    (exported,) = data["visits"]
    assert exported["starts"]["text"] == "Tuesday, November 10, 2026, 9:00 AM PST"
    assert exported["starts"]["iso"] == "2026-11-10T09:00:00-08:00"
    assert exported["reason"] == "Flare in my left hand"
    assert data["check_ins"][0]["pain"] == 3
    assert data["check_ins"][0]["answers"] == {"note": "Slept well the second night"}
    assert data["readiness_confirmations"][0]["confirmed_at"]["text"].endswith("10:00 AM PST")
    assert data["waitlist_entries"][0]["earliest"] == "2026-12-01"
    assert "Tuesday, November 10, 2026, 9:00 AM PST" in page
    assert "Flare in my left hand" in page and "Slept well the second night" in page
    assert "For the visit of Tuesday, November 10, 2026, 9:00 AM PST: confirmed" in page
    assert "2026-12-01 to 2026-12-15" in page


def test_closing_the_account_is_requested_once_and_done_by_the_clinic(portal, me, clinic, client):
    intake_start(patient=me, clinic=clinic)
    form = {"reason": "Moving away", "confirm": "on"}

    portal.post(reverse("patients:account_close"), form)
    portal.post(reverse("patients:account_close"), form)
    assert AccountClosureRequest.objects.filter(patient=me).count() == 1

    client.force_login(staff_member(clinic, ClinicMembership.Role.CLINIC_MANAGER))
    closure = AccountClosureRequest.objects.get()
    client.post(reverse("admin:patients_accountclosurerequest_changelist"),
                {"action": "close_accounts", "_selected_action": [closure.pk]})  # fmt: skip

    me.user.refresh_from_db()
    assert me.user.is_active is False


def test_closing_needs_a_confirmation(portal, me):
    response = portal.post(reverse("patients:account_close"), {"reason": "x"})

    assert "Tick the box to confirm" in response.content.decode()
    assert not AccountClosureRequest.objects.exists()
