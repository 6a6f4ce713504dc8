"""Reads of patient data. Every read for a patient goes through the patient's own profile;
every read for staff is scoped to the staff member's clinics."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.http import Http404

from clinic.localtime import network_zone
from clinic.permissions import scope_to_clinics

from .intake import FINAL_STEP, STEP_SLUGS, STEPS
from .models import (
    CommunicationConsent,
    FollowUpSurvey,
    Intake,
    OutboundMessage,
    PatientProfile,
    ScreeningFlag,
    User,
)
from .questionnaires import GAD7, PCL5, PHQ9, QUESTIONNAIRES


def patient_for_user(user: User) -> PatientProfile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.patient_profile
    except PatientProfile.DoesNotExist:
        return None


def missing_steps(intake: Intake) -> list[str]:
    """Steps still to answer before the intake can be signed (the mood step is incomplete when
    PTSD was chosen after it was answered without the PCL-5)."""
    missing = [slug for slug in STEP_SLUGS if slug != FINAL_STEP and slug not in intake.answers]
    wants_pcl5 = "ptsd" in intake.answers.get("reason", {}).get("conditions", [])
    if wants_pcl5 and "mood" in intake.answers and PCL5.field_name(0) not in intake.answers["mood"]:
        missing.append("mood")
    return missing


def patient_consents(*, patient: PatientProfile) -> dict[str, CommunicationConsent]:
    """The newest consent row per channel: the consent in force."""
    current: dict[str, CommunicationConsent] = {}
    for row in patient.consents.order_by("-recorded_at"):
        current.setdefault(row.channel, row)
    return current


# Without any choice recorded: emails about the patient's own visits go (they booked online and
# expect a confirmation); texts need an explicit yes.
CHANNEL_DEFAULTS = {
    CommunicationConsent.Channel.EMAIL: True,
    CommunicationConsent.Channel.SMS: False,
}


def channel_choices(consents: dict[str, CommunicationConsent]) -> dict[str, bool]:
    """Whether each channel may be used, from the consents in force: the one fact the portal
    shows, the preferences form starts from and the outbox obeys."""
    return {
        channel: consents[channel].granted if channel in consents else default
        for channel, default in CHANNEL_DEFAULTS.items()
    }


def patient_channel_choices(*, patient: PatientProfile) -> dict[str, bool]:
    return channel_choices(patient_consents(patient=patient))


def consents_of_patients(*, patient_ids) -> dict[object, dict[str, CommunicationConsent]]:
    """patient_consents for many patients in one query: patient id -> channel -> consent."""
    current: dict[object, dict[str, CommunicationConsent]] = {}
    rows = CommunicationConsent.objects.filter(patient_id__in=patient_ids).order_by("-recorded_at")
    for row in rows:
        current.setdefault(row.patient_id, {}).setdefault(row.channel, row)
    return current


@dataclass(frozen=True)
class Clearance:
    """Where a patient stands for infusions at one clinic: cleared only by a physician's
    decision on the intake at that clinic (patients.services.intake_decide)."""

    status: str  # the intake's status there, "" without an intake
    label: str

    @property
    def cleared(self) -> bool:
        return self.status == Intake.Status.CLEARED


NO_INTAKE = Clearance(status="", label="No intake at this clinic")


def clearances(*, patient_ids, clinic) -> dict:
    """Clearance of many patients at one clinic in one query (the day board)."""
    rows = Intake.objects.filter(patient_id__in=patient_ids, clinic=clinic).values_list(
        "patient_id", "status"
    )
    labels = dict(Intake.Status.choices)
    found = {patient_id: Clearance(status, str(labels[status])) for patient_id, status in rows}
    return {patient_id: found.get(patient_id, NO_INTAKE) for patient_id in patient_ids}


def clearance_of(*, patient: PatientProfile, clinic) -> Clearance:
    return clearances(patient_ids=[patient.pk], clinic=clinic)[patient.pk]


def patient_zone(*, patient: PatientProfile) -> ZoneInfo:
    """The zone a patient reads times that belong to no one clinic in (their consent history,
    the making of their data download): their preferred clinic's, else that of the first clinic
    they became a patient of, else the network's."""
    if patient.preferred_clinic_id:
        return ZoneInfo(patient.preferred_clinic.time_zone)
    first = (
        patient.clinic_links.order_by("created_at")
        .values_list("clinic__time_zone", flat=True)
        .first()
    )
    return ZoneInfo(first) if first else network_zone()


def is_patient_of(*, patient: PatientProfile, clinic) -> bool:
    return patient.clinic_links.filter(clinic=clinic).exists()


def patients_of_clinic(*, clinic) -> QuerySet[PatientProfile]:
    return PatientProfile.objects.filter(clinic_links__clinic=clinic)


def intakes_for_patient(*, patient: PatientProfile) -> QuerySet[Intake]:
    return patient.intakes.select_related("clinic").order_by("-created_at")


def intake_for_patient(*, patient: PatientProfile, intake_id) -> Intake:
    """The patient's own intake, or 404: another patient's id answers exactly as a missing one."""
    try:
        return Intake.objects.select_related("clinic", "patient").get(pk=intake_id, patient=patient)
    except (Intake.DoesNotExist, ValueError):
        raise Http404("No such intake") from None


# The review queue's order: the clinic's work first, then what waits on the patient, then what
# is decided; in each part urgent first, then flagged, then the oldest.
INTAKE_QUEUE_ORDER = ["queue_part", "-is_urgent", "-has_flags", "submitted_at", "created_at"]


def intakes_for_review(*, user: User) -> QuerySet[Intake]:
    """The review queue of the user's clinics.

    Open intakes (submitted, in review, and urgent ones the patient has not finished) come
    before those waiting on the patient for more information, and decided intakes (cleared,
    declined) last; in each part urgent first, then flagged, then the oldest. Drafts are the
    patient's own business, except urgent ones (PHQ-9 item 9 above zero), which the clinic must
    see at once.
    """
    Status = Intake.Status
    flagged = ScreeningFlag.objects.filter(intake=OuterRef("pk"))
    queue = (
        Intake.objects.exclude(Q(status=Status.DRAFT) & Q(is_urgent=False))
        .select_related("patient", "clinic")
        .annotate(
            has_flags=Exists(flagged),
            flag_count=Count("flags"),
            queue_part=Case(
                When(status__in=[Status.CLEARED, Status.DECLINED], then=Value(2)),
                When(status=Status.MORE_INFO, is_urgent=False, then=Value(1)),
                default=Value(0),
            ),
        )
        .order_by(*INTAKE_QUEUE_ORDER)
    )
    return scope_to_clinics(queue, user, "clinic")


# The check-ins' reading order: PHQ-9 item 9 above zero, then answers that need attention, then
# the quiet answers, newest first; check-ins not answered yet last.
CHECK_IN_READING_ORDER = [
    "reading_order",
    F("answered_at").desc(nulls_last=True),
    "-due_at",
]


def check_ins_for_review(*, user: User) -> QuerySet[FollowUpSurvey]:
    """The follow-up check-ins of the user's clinics, in the order to read them."""
    queue = (
        FollowUpSurvey.objects.select_related("patient", "clinic")
        .annotate(
            reading_order=Case(
                When(answered_at__isnull=True, then=Value(3)),
                When(phq9_item9__gt=0, then=Value(0)),
                When(needs_attention=True, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by(*CHECK_IN_READING_ORDER)
    )
    return scope_to_clinics(queue, user, "clinic")


def score_summary(intake: Intake) -> list[dict]:
    """Scores with their severity bands, for the patient's portal and the clinician's review."""
    rows = []
    for questionnaire, score in (
        (PHQ9, intake.phq9_score),
        (GAD7, intake.gad7_score),
        (PCL5, intake.pcl5_score),
    ):
        if score is not None:
            rows.append(
                {
                    "name": questionnaire.name,
                    "score": score,
                    "max": questionnaire.max_score,
                    "band": questionnaire.band(score),
                }
            )
    return rows


def intake_readable(intake: Intake) -> list[dict]:
    """Every answered step as (question label, answer in words), for people to read."""
    sections = []
    for step in STEPS:
        answers = intake.answers.get(step.slug)
        if answers is None:
            continue
        form = step.form_class(intake=intake)
        rows = []
        # In the form's order: the database (jsonb) keeps object keys in an order of its own.
        for name, field in form.fields.items():
            if name not in answers:
                continue
            question = str(field.label)
            questionnaire = QUESTIONNAIRES.get(name.split("_")[0])
            if questionnaire is not None:
                question = f"{questionnaire.name} {question}"
            rows.append({"question": question, "answer": answer_in_words(field, answers[name])})
        sections.append({"slug": step.slug, "title": str(step.title), "rows": rows})
    return sections


def answer_in_words(field, value) -> str:
    choices = {str(k): str(v) for k, v in getattr(field, "choices", []) or []}
    if isinstance(value, list):
        return ", ".join(choices.get(str(v), str(v)) for v in value) or "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if value in (None, ""):
        return "—"
    return choices.get(str(value), str(value))


def patient_data_export(*, patient: PatientProfile) -> dict:
    """Everything the patient gave us, as plain data (the portal's JSON download)."""
    consents = [
        {
            "channel": row.channel,
            "granted": row.granted,
            "method": row.method,
            "recorded_at": row.recorded_at.isoformat(),
        }
        for row in patient.consents.order_by("recorded_at")
    ]
    intakes = [
        {
            "id": str(intake.id),
            "clinic": intake.clinic.name,
            "status": intake.status,
            "created_at": intake.created_at.isoformat(),
            "submitted_at": intake.submitted_at.isoformat() if intake.submitted_at else None,
            "answers": intake.answers,
            "scores": score_summary(intake),
            "flags": [flag.reason for flag in intake.flags.all()],
            "signature": intake.signature_name,
            "signed_at": intake.signed_at.isoformat() if intake.signed_at else None,
        }
        for intake in intakes_for_patient(patient=patient).prefetch_related("flags")
    ]
    return {
        "profile": {
            "email": patient.user.email,
            "legal_first_name": patient.legal_first_name,
            "legal_last_name": patient.legal_last_name,
            "preferred_name": patient.preferred_name,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "phone": patient.phone.as_e164 if patient.phone else "",
            "address": {
                "street": patient.street,
                "city": patient.city,
                "state": patient.state,
                "zip_code": patient.zip_code,
            },
            "emergency_contact": {
                "name": patient.emergency_contact_name,
                "phone": patient.emergency_contact_phone.as_e164
                if patient.emergency_contact_phone
                else "",
                "relationship": patient.emergency_contact_relationship,
            },
            "preferred_clinic": patient.preferred_clinic.name if patient.preferred_clinic else None,
        },
        "communication_consents": consents,
        "intakes": intakes,
        **_visits_export(patient),
    }


def _local(moment, clinic) -> dict | None:
    """A moment as the patient reads it, in the clinic's zone with its label, and as ISO 8601
    with the offset (for a computer)."""
    if moment is None:
        return None
    local = moment.astimezone(clinic.zone)
    return {
        "text": f"{local:%A, %B} {local.day}, {local:%Y}, {local:%-I:%M %p %Z}",
        "iso": local.isoformat(),
        "time_zone": clinic.time_zone,
    }


def _visits_export(patient: PatientProfile) -> dict:
    """The visits, check-ins, readiness confirmations and waitlist entries of the download."""
    visits, readiness = [], []
    appointments = patient.appointments.select_related(
        "clinic", "service", "readiness", "rescheduled_from"
    ).order_by("starts_at")
    for visit in appointments:
        visits.append(
            {
                "id": str(visit.id),
                "clinic": visit.clinic.name,
                "service": visit.service.name,
                "starts": _local(visit.starts_at, visit.clinic),
                "ends": _local(visit.ends_at, visit.clinic),
                "status": visit.get_status_display(),
                "reason": visit.reason,
                "cancelled_at": _local(visit.cancelled_at, visit.clinic),
                "cancelled_by": visit.get_cancelled_by_display() if visit.cancelled_by else "",
                "cancel_reason": visit.cancel_reason,
                "rescheduled_from": str(visit.rescheduled_from_id)
                if visit.rescheduled_from_id
                else None,
                "reschedule_reason": visit.reschedule_reason,
            }
        )
        check = getattr(visit, "readiness", None)
        if check is not None:
            readiness.append(
                {
                    "visit": str(visit.id),
                    "visit_starts": _local(visit.starts_at, visit.clinic),
                    "confirmed_at": _local(check.confirmed_at, visit.clinic),
                    "driver_arranged": check.driver_arranged,
                    "fasting_understood": check.fasting_understood,
                    "medications_understood": check.medications_understood,
                }
            )
    check_ins = [
        {
            "title": survey.title,
            "clinic": survey.clinic.name,
            "visit": str(survey.appointment_id),
            "answered_at": _local(survey.answered_at, survey.clinic),
            "pain": survey.pain,
            "side_effects": survey.side_effects,
            "phq9_score": survey.phq9_score,
            "gad7_score": survey.gad7_score,
            "pcl5_score": survey.pcl5_score,
            "answers": survey.answers,
        }
        for survey in patient.surveys.filter(answered_at__isnull=False)
        .select_related("clinic")
        .order_by("answered_at")
    ]
    waitlist = [
        {
            "clinic": entry.clinic.name,
            "service": entry.service.name,
            "earliest": entry.earliest.isoformat(),
            "latest": entry.latest.isoformat(),
            "status": entry.get_status_display(),
            "joined_at": _local(entry.created_at, entry.clinic),
            "offered_start": _local(entry.offered_start, entry.clinic),
        }
        for entry in patient.waitlist_entries.select_related("clinic", "service").order_by(
            "created_at"
        )
    ]
    return {
        "visits": visits,
        "check_ins": check_ins,
        "readiness_confirmations": readiness,
        "waitlist_entries": waitlist,
    }


def portal_next_step(*, intakes: list[Intake], upcoming: list | None = None) -> dict:
    """What the dashboard puts first: the one thing the patient should do next. A patient with
    a visit already booked at that clinic is pointed at it, not asked to book one."""
    if not intakes:
        return {"key": "start_intake"}
    intake = intakes[0]
    if intake.status == Intake.Status.DRAFT:
        remaining = missing_steps(intake)
        return {
            "key": "continue_intake",
            "intake": intake,
            "step": remaining[0] if remaining else "consent",
        }
    here = [visit for visit in upcoming or [] if visit.clinic_id == intake.clinic_id]
    if intake.status == Intake.Status.CLEARED:
        infusions = [visit for visit in here if visit.service.needs_chair]
        if infusions:
            return {"key": "infusion_booked", "intake": intake, "visit": infusions[0]}
    if intake.status in (Intake.Status.SUBMITTED, Intake.Status.IN_REVIEW) and here:
        return {"key": "in_review_visit_booked", "intake": intake, "visit": here[0]}
    return {"key": intake.status, "intake": intake}


def surveys_waiting(*, patient: PatientProfile, now) -> list:
    return list(
        patient.surveys.filter(answered_at__isnull=True, due_at__lte=now)
        .select_related("clinic")
        .order_by("due_at")
    )


def survey_for_patient(*, patient: PatientProfile, survey_id) -> FollowUpSurvey:
    try:
        return FollowUpSurvey.objects.select_related("clinic").get(pk=survey_id, patient=patient)
    except (FollowUpSurvey.DoesNotExist, ValueError):
        raise Http404("No such survey") from None


COMMUNICATION_LOG_SHOWN = 20


def patient_messages(*, patient: PatientProfile, clinic_ids: set[int] | None) -> list:
    """The newest messages to a patient, for staff: from their clinics only (None: every
    clinic, for network admins)."""
    messages = OutboundMessage.objects.filter(patient=patient)
    if clinic_ids is not None:
        messages = messages.filter(clinic__in=clinic_ids)
    return list(messages.select_related("clinic").order_by("-due_at")[:COMMUNICATION_LOG_SHOWN])
