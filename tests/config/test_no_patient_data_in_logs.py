"""No patient data in logs: the main journeys run with every logger captured, and nothing a
patient told us (name, email, date of birth, answers, reason for a visit) appears in them."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from clinic.models import ClinicMembership
from patients.demo import intake_form_data
from patients.outbox import outbox_sweep
from tests.factories import ClinicFactory, staff_member, treats
from tests.scheduling.conftest import consultation, provider

pytestmark = pytest.mark.django_db

SECRETS = {
    "name": "Quillon",
    "email": "quillon.marsh@example.org",
    "birth": "1977-03-09",
    "answer": "My left knee burns at night",
    "reason": "Trigeminal neuralgia flare",
    "goal": "Walk to the harbour again",
}


def test_signup_intake_booking_and_review_log_no_patient_data(client, caplog):
    caplog.set_level(logging.DEBUG)
    clinic = ClinicFactory()
    from clinic.models import OpeningHours

    OpeningHours.objects.bulk_create(
        OpeningHours(clinic=clinic, weekday=d, opens_at="08:00", closes_at="18:00")
        for d in range(7)
    )
    treats(clinic, "fibromyalgia")
    provider(clinic)
    service = consultation(clinic, min_notice_hours=0)

    client.post(
        reverse("account_signup"),
        {
            "legal_first_name": SECRETS["name"],
            "legal_last_name": "Marsh",
            "date_of_birth": SECRETS["birth"],
            "email": SECRETS["email"],
            "password1": "harbour-lantern-quiet-77",
            "password2": "harbour-lantern-quiet-77",
        },
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(email=SECRETS["email"]).update(verified=True)
    client.post(
        reverse("account_login"),
        {"login": SECRETS["email"], "password": "harbour-lantern-quiet-77"},
    )
    client.post(reverse("patients:intake_start"), {"clinic": clinic.pk})
    from patients.models import Intake

    intake = Intake.objects.get()
    data = intake_form_data(phq9=[0] * 8 + [2])
    data["reason"]["pain_location_other"] = SECRETS["answer"]
    data["goals"]["goals"] = SECRETS["goal"]
    for step in ("reason", "pain", "treatments", "health", "mood", "goals"):
        client.post(reverse("patients:intake_step", args=[intake.id, step]), data[step])
    client.post(
        reverse("patients:intake_step", args=[intake.id, "consent"]),
        {
            "consent_to_evaluation": "on",
            "privacy_notice": "on",
            "signature": f"{SECRETS['name']} Marsh",
        },
    )
    from scheduling.availability import available_slots

    slot = available_slots(
        clinic=clinic,
        service=service,
        first_day=__import__("django.utils.timezone").utils.timezone.localdate(),
        days=7,
    )[0]
    confirm = reverse("scheduling:book_confirm", args=[clinic.slug, service.slug])
    client.post(
        f"{confirm}?start={slot.starts_at.isoformat().replace('+', '%2B')}",
        {"reason": SECRETS["reason"]},
    )
    client.get("/portal/intake/not-a-real-id/reason/")  # a 404 is logged with its path
    outbox_sweep()
    doctor = staff_member(clinic, ClinicMembership.Role.PHYSICIAN)
    client.force_login(doctor)
    client.get(reverse("admin:patients_intake_change", args=[intake.pk]))

    from scheduling.models import Appointment

    intake.refresh_from_db()
    assert intake.status == "submitted" and intake.is_urgent, "the intake really went in"
    assert Appointment.objects.get().reason == SECRETS["reason"], "and the booking"
    assert mail.outbox, "the journey really sent messages"
    logged = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert logged, "the journey really logged"
    for what, secret in SECRETS.items():
        assert secret.lower() not in logged.lower(), f"{what} leaked into the logs"
