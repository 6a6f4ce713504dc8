"""Writes for patients: registration, profile, consent, and the intake's life from draft to
decision. Each entry point is one transaction; status changes check who may make them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from clinic.models import Clinic
from clinic.text import written

from .audit import audit_record
from .intake import FINAL_STEP, STEP_SLUGS, step_by_slug
from .models import (
    AccountClosureRequest,
    AuditEvent,
    ClinicPatient,
    CommunicationConsent,
    Intake,
    IntakeEvent,
    PatientProfile,
    ScreeningFlag,
    User,
)
from .outbox import queue_patient_notice, queue_staff_alert
from .questionnaires import GAD7, PCL5, PHQ9, PHQ9_SELF_HARM_FIELD
from .screening import screening_flags
from .selectors import missing_steps, patient_consents

ADULT_AGE = 18
Status = Intake.Status


def age_on(date_of_birth: dt.date, today: dt.date) -> int:
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - before_birthday


@transaction.atomic
def patient_register(
    *,
    user: User,
    legal_first_name: str,
    legal_last_name: str,
    date_of_birth: dt.date,
    today: dt.date | None = None,
) -> PatientProfile:
    """Create the patient profile of a new account. Adults only (the form says so first)."""
    if age_on(date_of_birth, today or timezone.localdate()) < ADULT_AGE:
        raise ValidationError({"date_of_birth": "Online registration is for adults (18+)."})
    user.first_name, user.last_name = legal_first_name, legal_last_name
    user.save(update_fields=["first_name", "last_name"])
    return PatientProfile.objects.create(
        user=user,
        legal_first_name=legal_first_name,
        legal_last_name=legal_last_name,
        date_of_birth=date_of_birth,
    )


@transaction.atomic
def patient_profile_update(*, patient: PatientProfile, fields: dict) -> PatientProfile:
    for name, value in fields.items():
        setattr(patient, name, value)
    patient.full_clean(exclude=["user"])
    patient.save()
    if {"legal_first_name", "legal_last_name"} & set(fields):
        patient.user.first_name = patient.legal_first_name
        patient.user.last_name = patient.legal_last_name
        patient.user.save(update_fields=["first_name", "last_name"])
    return patient


@transaction.atomic
def consent_record(
    *,
    patient: PatientProfile,
    channel: str,
    granted: bool,
    method: str,
    recorded_by: User | None = None,
    client_ip: str | None = None,
    now: dt.datetime | None = None,
) -> CommunicationConsent | None:
    """Record the patient's choice for a channel. The first choice is always recorded (a "no"
    as much as a "yes": the outbox obeys the row); later, only a change is."""
    current = patient_consents(patient=patient).get(channel)
    if current is not None and current.granted == granted:
        return None
    return CommunicationConsent.objects.create(
        patient=patient,
        channel=channel,
        granted=granted,
        method=method,
        recorded_by=recorded_by,
        client_ip=client_ip,
        recorded_at=now or timezone.now(),
    )


# --- Which clinics a patient is a patient of -------------------------------------------------


def clinic_patient_link(
    *,
    patient: PatientProfile,
    clinic: Clinic,
    how: str,
    by: User | None = None,
    now: dt.datetime | None = None,
) -> ClinicPatient:
    """Make the patient a patient of the clinic (once; later calls change nothing). Called by
    what the patient does at a clinic: an intake, a booking, a waitlist."""
    link, _created = ClinicPatient.objects.get_or_create(
        patient=patient,
        clinic=clinic,
        defaults={"how": how, "added_by": by, "created_at": now or timezone.now()},
    )
    return link


def _same_name(typed: str, recorded: str) -> bool:
    return " ".join(typed.split()).casefold() == " ".join(recorded.split()).casefold()


NOT_FOUND_FOR_STAFF = (
    "No patient account matches all three: the legal name, the date of birth and the email. "
    "Check each with the patient (the email they sign in with). Someone new to the network "
    "signs up first at the portal, then you can add them here."
)


@transaction.atomic
def clinic_patient_add(
    *,
    clinic: Clinic,
    by: User,
    legal_first_name: str,
    legal_last_name: str,
    date_of_birth: dt.date,
    email: str,
    request=None,
    now: dt.datetime | None = None,
) -> ClinicPatient:
    """Staff register an existing patient account at their clinic, deliberately: the patient
    gave them their legal name, date of birth and sign-in email, and all three must match. A
    mismatch and an unknown email get the same answer, so the form tells nobody whether an
    email has an account. The registration is audited."""

    if not by.has_perm("scheduling.book_for_patients", clinic):
        raise PermissionDenied("You may not add patients at this clinic.")
    patient = (
        PatientProfile.objects.select_related("user")
        .filter(
            user__email__iexact=email.strip(), user__is_active=True, date_of_birth=date_of_birth
        )
        .first()
    )
    if (
        patient is None
        or not _same_name(legal_first_name, patient.legal_first_name)
        or not _same_name(legal_last_name, patient.legal_last_name)
    ):
        raise ValidationError(NOT_FOUND_FOR_STAFF)
    link, created = ClinicPatient.objects.get_or_create(
        patient=patient,
        clinic=clinic,
        defaults={
            "how": ClinicPatient.How.STAFF,
            "added_by": by,
            "created_at": now or timezone.now(),
        },
    )
    audit_record(
        request=request,
        actor=by,
        patient_id=patient.pk,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.VIEW,
        obj=link,
        fields=["legal_name", "date_of_birth", "email"],
    )
    return link


# --- Intake: the patient's side ------------------------------------------------------------


def _lock(intake: Intake) -> Intake:
    """Re-read the intake under a row lock: two tabs, or a patient and a clinician, never
    interleave their changes."""
    return Intake.objects.select_for_update().select_related("patient", "clinic").get(pk=intake.pk)


@transaction.atomic
def intake_start(*, patient: PatientProfile, clinic: Clinic) -> Intake:
    if not clinic.is_active:
        raise ValidationError("This clinic is not taking new patients online.")
    intake, _ = Intake.objects.get_or_create(patient=patient, clinic=clinic)
    clinic_patient_link(patient=patient, clinic=clinic, how=ClinicPatient.How.INTAKE)
    return intake


def step_is_editable(intake: Intake, slug: str) -> bool:
    if intake.status == Status.DRAFT:
        return True
    return intake.status == Status.MORE_INFO and slug in (intake.info_request_step, FINAL_STEP)


def _score(intake: Intake, now: dt.datetime) -> None:
    mood = intake.answers.get("mood", {})
    intake.phq9_score = PHQ9.score(mood)
    intake.phq9_item9 = int(mood[PHQ9_SELF_HARM_FIELD])
    intake.gad7_score = GAD7.score(mood)
    intake.pcl5_score = PCL5.score(mood) if PCL5.field_name(0) in mood else None
    if intake.phq9_item9 > 0 and not intake.is_urgent:
        # Urgent from this moment, even before the patient submits: the clinic is told now.
        intake.is_urgent = True
        queue_staff_alert(
            clinic=intake.clinic,
            kind="urgent_intake_alert",
            key=f"urgent_intake:{intake.id}",
            now=now,
        )


@transaction.atomic
def intake_step_save(
    *, intake: Intake, slug: str, answers: dict, now: dt.datetime | None = None
) -> Intake:
    """Store one step's validated answers. Scores are computed when the mood step is saved."""
    now = now or timezone.now()
    intake = _lock(intake)
    if step_by_slug(slug) is None or slug == FINAL_STEP:
        raise ValidationError("Unknown intake step.")
    if not step_is_editable(intake, slug):
        raise ValidationError("This part of your intake can no longer be changed.")
    intake.answers = {**intake.answers, slug: answers}
    if slug == "reason" and "ptsd" not in answers.get("conditions", []):
        # PCL-5 answers only belong to an intake that names PTSD.
        mood = {k: v for k, v in intake.answers.get("mood", {}).items() if not k.startswith("pcl5")}
        if "mood" in intake.answers:
            intake.answers["mood"] = mood
    if "mood" in intake.answers and slug in ("mood", "reason"):
        _score(intake, now)
    intake.save()
    return intake


def _flag(intake: Intake) -> None:
    intake.flags.all().delete()
    ScreeningFlag.objects.bulk_create(
        ScreeningFlag(intake=intake, code=code, reason=reason)
        for code, reason in screening_flags(intake.answers)
    )


def _transition(
    intake: Intake, to: str, *, actor: User | None, note: str = "", now: dt.datetime | None = None
) -> None:
    IntakeEvent.objects.create(
        intake=intake,
        from_status=intake.status,
        to_status=to,
        actor=actor,
        note=note,
        created_at=now or timezone.now(),
    )
    intake.status = to


@transaction.atomic
def intake_submit(
    *,
    intake: Intake,
    consent: dict,
    signature: str,
    client_ip: str | None,
    user_agent: str,
    now: dt.datetime | None = None,
) -> Intake:
    """Sign and send the intake to the clinic (first time, or after a request for more
    information): screening flags are derived now."""
    intake = _lock(intake)
    if intake.status not in (Status.DRAFT, Status.MORE_INFO):
        raise ValidationError("This intake has already been sent to the clinic.")
    missing = missing_steps(intake)
    if missing:
        raise ValidationError(f"Some steps are not complete yet: {', '.join(missing)}.")
    if " ".join(signature.split()).casefold() != intake.patient.legal_name.casefold():
        raise ValidationError({"signature": "The signature does not match your legal name."})
    now = now or timezone.now()
    intake.answers = {**intake.answers, FINAL_STEP: consent}
    intake.signature_name = signature
    intake.signed_at = now
    intake.signed_ip = client_ip
    intake.signed_user_agent = user_agent[:300]
    intake.submitted_at = intake.submitted_at or now
    intake.info_request_step = ""
    _score(intake, now)
    _flag(intake)
    _transition(intake, Status.SUBMITTED, actor=intake.patient.user, now=now)
    intake.save()
    for channel in (CommunicationConsent.Channel.EMAIL, CommunicationConsent.Channel.SMS):
        consent_record(
            patient=intake.patient,
            channel=channel,
            granted=bool(consent.get(f"{channel}_consent")),
            method=CommunicationConsent.Method.INTAKE,
            client_ip=client_ip,
            now=now,
        )
    return intake


# --- Intake: the clinic's side -------------------------------------------------------------

# Which statuses each staff action starts from, and the permission it needs at the clinic.
_REVIEW_FROM = (Status.SUBMITTED,)
_REQUEST_FROM = (Status.SUBMITTED, Status.IN_REVIEW)
_DECIDE_FROM = (Status.SUBMITTED, Status.IN_REVIEW)


def _require(user: User, perm: str, intake: Intake) -> None:
    if not user.has_perm(perm, intake):
        raise PermissionDenied("You may not make this change to this intake.")


def _require_status(intake: Intake, allowed: tuple[str, ...]) -> None:
    if intake.status not in allowed:
        raise ValidationError(
            f"An intake that is “{intake.get_status_display()}” cannot take this step."
        )


@transaction.atomic
def intake_start_review(*, intake: Intake, by: User, now: dt.datetime | None = None) -> Intake:
    intake = _lock(intake)
    _require(by, "patients.review_intake", intake)
    _require_status(intake, _REVIEW_FROM)
    _transition(intake, Status.IN_REVIEW, actor=by, now=now)
    intake.save()
    return intake


@transaction.atomic
def intake_request_info(
    *, intake: Intake, by: User, step: str, note: str, now: dt.datetime | None = None
) -> Intake:
    """Ask the patient for more: the named step reopens in their portal."""
    intake = _lock(intake)
    _require(by, "patients.review_intake", intake)
    _require_status(intake, _REQUEST_FROM)
    if step not in STEP_SLUGS or step == FINAL_STEP:
        raise ValidationError({"step": "Choose the part of the intake the patient should change."})
    note = written(note)
    if not note:
        raise ValidationError({"note": "Tell the patient what you need."})
    intake.info_request_step = step
    intake.info_request_note = note.strip()
    _transition(intake, Status.MORE_INFO, actor=by, note=note.strip(), now=now)
    intake.save()
    queue_patient_notice(
        patient=intake.patient,
        clinic=intake.clinic,
        kind="intake_update",
        key=f"intake_update:{intake.id}:{intake.events.count()}",
        now=now,
    )
    return intake


@transaction.atomic
def intake_decide(
    *, intake: Intake, by: User, decision: str, note: str, now: dt.datetime | None = None
) -> Intake:
    """A physician of the intake's clinic clears the patient for infusion, or declines.

    Declining needs a note saying why; so does clearing an intake with screening flags or an
    urgent answer (PHQ-9 item 9 above zero): the record must show why it was safe to go ahead.
    """
    intake = _lock(intake)
    _require(by, "patients.decide_intake", intake)
    _require_status(intake, _DECIDE_FROM)
    if decision not in (Status.CLEARED, Status.DECLINED):
        raise ValidationError({"decision": "Choose to clear or to decline."})
    note = written(note)  # a note of spaces or invisible characters is no note
    if decision == Status.DECLINED and not note.strip():
        raise ValidationError({"note": "Say why, for the patient's record."})
    if decision == Status.CLEARED and not note.strip():
        reasons = []
        if intake.is_urgent:
            reasons.append("is urgent (PHQ-9 item 9 above zero)")
        if intake.flags.exists():
            reasons.append("has screening flags")
        if reasons:
            raise ValidationError(
                {
                    "note": f"This intake {' and '.join(reasons)}: say why it is safe to clear "
                    "the patient, for the patient's record."
                }
            )
    now = now or timezone.now()
    intake.decided_at = now
    intake.decided_by = by
    intake.decision_note = note.strip()
    _transition(intake, decision, actor=by, note=note.strip(), now=now)
    intake.save()
    queue_patient_notice(
        patient=intake.patient,
        clinic=intake.clinic,
        kind="intake_update",
        key=f"intake_update:{intake.id}:{decision}",
        now=now,
    )
    return intake


@transaction.atomic
def account_closure_request(*, patient: PatientProfile, reason: str) -> AccountClosureRequest:
    existing = patient.closure_requests.filter(handled_at__isnull=True).first()
    return existing or AccountClosureRequest.objects.create(patient=patient, reason=reason)


@transaction.atomic
def account_close(
    *, closure: AccountClosureRequest, by: User, now: dt.datetime | None = None
) -> None:
    """Switch off the portal sign-in; the clinical record stays, as the law requires."""
    user = closure.patient.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    closure.handled_at = now or timezone.now()
    closure.save(update_fields=["handled_at"])
