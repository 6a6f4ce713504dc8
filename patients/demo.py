"""Demo patients and their intakes, written through the same forms and services a patient uses.

`intake_form_data` is also the test suite's way to fill an intake with valid answers.
"""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.db import transaction

from clinic.models import Clinic

from . import intake_forms
from .intake import FINAL_STEP, STEPS
from .models import Intake, PatientProfile, User
from .questionnaires import GAD7, PCL5, PHQ9
from .services import intake_decide, intake_start, intake_step_save, intake_submit, patient_register


def intake_form_data(
    *,
    conditions: list[str] | None = None,
    phq9: list[int] | None = None,
    gad7: list[int] | None = None,
    pcl5: list[int] | None = None,
    bp: tuple[int, int] | None = None,
    high_blood_pressure: str = "no",
    yes: tuple[str, ...] = (),
    substance_use: str = "never",
    pregnancy: str = "not_applicable",
    medications: tuple[str, ...] = (),
    has_driver: str = "yes",
    average_pain: int = 6,
    worst_pain: int = 8,
) -> dict[str, dict]:
    """POST data, step by step, for a complete and valid intake."""
    conditions = conditions or ["fibromyalgia"]
    health = {
        "high_blood_pressure": high_blood_pressure,
        "bp_systolic": str(bp[0]) if bp else "",
        "bp_diastolic": str(bp[1]) if bp else "",
        "substance_use": substance_use,
        "pregnancy": pregnancy,
        "current_medication_flags": list(medications),
        "current_medications": "Duloxetine 60 mg daily",
        "allergies": "None known",
        "previous_ketamine": "no",
        "previous_ketamine_notes": "",
    }
    for field in (
        "heart_disease",
        "stroke",
        "liver_disease",
        "glaucoma",
        "head_injury",
        "seizures",
        "psychosis",
    ):
        health[field] = "yes" if field in yes else "no"
    mood = {}
    for questionnaire, values in ((PHQ9, phq9 or [1] * 8 + [0]), (GAD7, gad7 or [1] * 7)):
        mood.update({questionnaire.field_name(i): str(v) for i, v in enumerate(values)})
    if "ptsd" in conditions:
        mood.update({PCL5.field_name(i): str(v) for i, v in enumerate(pcl5 or [2] * 20)})
    treatments = dict.fromkeys(
        [key for key, _ in intake_forms.MEDICATION_CLASSES + intake_forms.OTHER_TREATMENTS],
        "not_tried",
    )
    treatments.update({"nsaids": "some", "physical_therapy": "no_help", "treatment_notes": ""})
    return {
        "reason": {
            "conditions": conditions,
            "other_condition": "",
            "duration_months": "30",
            "pain_locations": ["lower_back", "legs"],
            "pain_location_other": "",
        },
        "pain": {
            "average_pain": str(average_pain),
            "worst_pain": str(worst_pain),
            "interference_sleep": "7",
            "interference_work": "6",
            "interference_mood": "6",
            "interference_activities": "7",
        },
        "treatments": treatments,
        "health": health,
        "mood": mood,
        "goals": {
            "goals": "To walk my dog again and sleep through the night.",
            "has_driver": has_driver,
            "driver_notes": "",
        },
    }


def intake_fill(
    intake: Intake,
    data: dict[str, dict],
    *,
    through: str | None = None,
    now: dt.datetime | None = None,
) -> Intake:
    """Save steps through their forms, as the portal does, up to and including `through`."""
    for step in STEPS:
        if step.slug == FINAL_STEP:
            break
        form = step.form_class(data[step.slug], intake=intake)
        if not form.is_valid():
            raise ValueError(f"demo answers for {step.slug} are invalid: {form.errors.as_json()}")
        intake = intake_step_save(intake=intake, slug=step.slug, answers=form.answers(), now=now)
        if step.slug == through:
            break
    return intake


def intake_sign(intake: Intake, *, now: dt.datetime | None = None) -> Intake:
    consent = {
        "consent_to_evaluation": True,
        "privacy_notice": True,
        "email_consent": True,
        "sms_consent": False,
    }
    return intake_submit(
        intake=intake,
        consent=consent,
        signature=intake.patient.legal_name,
        client_ip="127.0.0.1",
        user_agent="demo data",
        now=now,
    )


DEMO_PATIENTS = [
    # (email local part, first, last, born, clinic slug, what to do, answers)
    ("patient", "Jordan", "Avery", dt.date(1979, 5, 14), "arroyo-pasadena", "draft", {}),
    (
        "morgan.reyes",
        "Morgan",
        "Reyes",
        dt.date(1968, 9, 2),
        "arroyo-pasadena",
        "submitted",
        {
            "conditions": ["crps"],
            "high_blood_pressure": "yes",
            "bp": (166, 102),
            "medications": ("benzodiazepines",),
        },
    ),
    (
        "casey.lindgren",
        "Casey",
        "Lindgren",
        dt.date(1990, 1, 23),
        "arroyo-pasadena",
        "submitted",
        {
            "conditions": ["depression", "chronic-back-pain"],
            "phq9": [2, 3, 2, 2, 1, 2, 1, 1, 1],
            "gad7": [2, 2, 2, 1, 1, 2, 1],
        },
    ),
    (
        "riley.okonkwo",
        "Riley",
        "Okonkwo",
        dt.date(1985, 11, 8),
        "arroyo-pasadena",
        "cleared",
        {"conditions": ["neuropathic-pain"]},
    ),
    (
        "sam.whitaker",
        "Sam",
        "Whitaker",
        dt.date(1972, 3, 30),
        "prairie-light-allen",
        "submitted",
        {"conditions": ["fibromyalgia", "ptsd"], "has_driver": "unsure"},
    ),
]


@transaction.atomic
def seed_demo_patients(*, domain: str, password: str) -> list[tuple[str, str]]:
    """Demo patients with intakes in every state a reviewer meets. Idempotent: a patient that
    exists is left as it is."""
    created = []
    physician_of = {}
    for local, first, last, born, clinic_slug, state, answers in DEMO_PATIENTS:
        email = f"{local}@{domain}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, password)
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if not PatientProfile.objects.filter(user=user).exists():
            patient_register(
                user=user, legal_first_name=first, legal_last_name=last, date_of_birth=born
            )
        created.append((email, f"patient ({state} intake)"))
        clinic = Clinic.objects.get(slug=clinic_slug)
        intake = intake_start(patient=user.patient_profile, clinic=clinic)
        if intake.answers:
            continue
        data = intake_form_data(**answers)
        if state == "draft":
            intake_fill(intake, data, through="treatments")
            continue
        intake = intake_sign(intake_fill(intake, data))
        if state == "cleared":
            physician = physician_of.setdefault(
                clinic.pk,
                User.objects.filter(
                    clinic_memberships__clinic=clinic, clinic_memberships__role="physician"
                ).first(),
            )
            intake_decide(
                intake=intake,
                by=physician,
                decision=Intake.Status.CLEARED,
                note="Blood pressure and history are fine for a standard series.",
            )
    return created
