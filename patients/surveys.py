"""Follow-up surveys: planned when an infusion is completed, answered in the portal, scored.

Each clinic sets its schedule (clinic.Clinic: `infusion_check_in_days`, `series_check_in_days`,
`check_in_time`); by default the patient is asked about side effects and pain the day after each
infusion, and about pain and the mood questionnaires 7 and 30 days after the last infusion of a
series, at 10:00 clinic time. An answer of PHQ-9 item 9 above zero shows crisis resources and
alerts the clinic, as in the intake."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .intake_forms import questionnaire_fields, scale_field
from .models import FollowUpSurvey, Intake
from .outbox import queue_patient_notice, queue_staff_alert
from .questionnaires import GAD7, PCL5, PHQ9, PHQ9_SELF_HARM_FIELD, QUESTIONNAIRES
from .selectors import answer_in_words

SIDE_EFFECTS = [
    ("dissociation", _("Feeling detached or dreamlike for a long time")),
    ("nausea", _("Nausea or vomiting")),
    ("dizziness", _("Dizziness")),
    ("headache", _("Headache")),
    ("blood_pressure", _("High blood pressure readings at home")),
    ("sleep", _("Trouble sleeping")),
    ("none", _("None of these")),
]

Kind = FollowUpSurvey.Kind


def side_effect_labels(codes: list[str]) -> list:
    """The side effects a patient ticked, in the words they were asked in."""
    labels = dict(SIDE_EFFECTS)
    return [labels.get(code, code) for code in codes]


# Answers a clinician should read before the quiet ones (beside PHQ-9 item 9 above zero, which
# alerts the clinic at once): severe pain on the 0-10 scale, and the published cut-offs of
# "moderately severe" depression (PHQ-9), "severe" anxiety (GAD-7) and probable PTSD (PCL-5).
ATTENTION_PAIN = 7
ATTENTION_PHQ9 = 15
ATTENTION_GAD7 = 15
ATTENTION_PCL5 = 33


def _ask_time(clinic, after: dt.datetime, days: int) -> dt.datetime:
    """`days` calendar days later in the clinic's zone, at its check-in time (so a DST change in
    between moves nothing on the patient's clock)."""
    day = after.astimezone(clinic.zone).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, clinic.check_in_time, tzinfo=clinic.zone).astimezone(dt.UTC)


def _plan(appointment, kind: str, days: int, now: dt.datetime) -> None:
    due_at = _ask_time(appointment.clinic, now, days)
    survey, created = FollowUpSurvey.objects.get_or_create(
        appointment=appointment,
        kind=kind,
        days_after=days,
        defaults={"patient": appointment.patient, "clinic": appointment.clinic, "due_at": due_at},
    )
    if created:
        queue_patient_notice(
            patient=appointment.patient,
            clinic=appointment.clinic,
            kind="survey_invite",
            key=f"survey:{survey.id}",
            about_time=appointment.starts_at,
            due_at=due_at,
        )


def surveys_plan_after_infusion(*, appointment, now: dt.datetime) -> None:
    """Called when an infusion is completed (inside its transaction): the clinic's check-ins
    after each infusion, and after the series' last one when no visit of it is still ahead."""
    clinic = appointment.clinic
    for days in sorted(set(clinic.infusion_check_in_days)):
        _plan(appointment, Kind.AFTER_INFUSION, days, now)
    series = appointment.series
    if (
        series is not None
        and not series.appointments.filter(
            status__in=["booked", "checked_in", "in_progress", "observation"]
        )
        .exclude(pk=appointment.pk)
        .exists()
    ):
        for days in sorted(set(clinic.series_check_in_days)):
            _plan(appointment, Kind.AFTER_SERIES, days, now)


class SurveyForm(forms.Form):
    def __init__(self, *args, survey: FollowUpSurvey, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["pain"] = scale_field(_("Your pain today"))
        self.questionnaires = []
        if survey.kind == Kind.AFTER_INFUSION:
            self.fields["side_effects"] = forms.MultipleChoiceField(
                label=_("Since your infusion, have you had any of these?"),
                choices=SIDE_EFFECTS,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields["side_effects_other"] = forms.CharField(
                label=_("Anything else you noticed"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        else:
            self.questionnaires = [PHQ9, GAD7]
            intake = Intake.objects.filter(patient=survey.patient, clinic=survey.clinic).first()
            if intake and "ptsd" in intake.answers.get("reason", {}).get("conditions", []):
                self.questionnaires.append(PCL5)
            for questionnaire in self.questionnaires:
                self.fields.update(questionnaire_fields(questionnaire))

    def sections(self):
        return [
            (q, [self[q.field_name(i)] for i in range(len(q.items))]) for q in self.questionnaires
        ]

    def clean_side_effects(self):
        chosen = self.cleaned_data["side_effects"]
        if "none" in chosen and len(chosen) > 1:
            raise ValidationError(_("“None of these” cannot go with a side effect."))
        return chosen


def survey_needs_attention(survey: FollowUpSurvey) -> bool:
    """Whether an answered check-in goes to the top of the clinic's list: the patient reported
    a side effect or wrote something, or a score is in its severe range."""

    def at_least(score: int | None, threshold: int) -> bool:
        return score is not None and score >= threshold

    return bool(
        survey.side_effects
        or str(survey.answers.get("side_effects_other") or "").strip()
        or (survey.phq9_item9 or 0) > 0
        or at_least(survey.pain, ATTENTION_PAIN)
        or at_least(survey.phq9_score, ATTENTION_PHQ9)
        or at_least(survey.gad7_score, ATTENTION_GAD7)
        or at_least(survey.pcl5_score, ATTENTION_PCL5)
    )


def survey_readable(survey: FollowUpSurvey) -> list[dict]:
    """Every answer of a check-in as (question, answer in words), in the order the patient was
    asked, for the clinic to read."""
    fields = dict(SurveyForm(survey=survey).fields)
    for questionnaire in (PHQ9, GAD7, PCL5):
        for name, field in questionnaire_fields(questionnaire).items():
            fields.setdefault(name, field)
    rows = []
    for name, field in fields.items():
        if name not in survey.answers:
            continue
        question = str(field.label)
        questionnaire = QUESTIONNAIRES.get(name.split("_")[0])
        if questionnaire is not None:
            question = f"{questionnaire.name} {question}"
        rows.append({"question": question, "answer": answer_in_words(field, survey.answers[name])})
    return rows


@transaction.atomic
def survey_answer(
    *, survey: FollowUpSurvey, answers: dict, now: dt.datetime | None = None
) -> FollowUpSurvey:
    survey = FollowUpSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered_at is not None:
        raise ValidationError("This survey is already answered. Thank you!")
    survey.answers = answers
    survey.pain = answers["pain"]
    survey.side_effects = [e for e in answers.get("side_effects", []) if e != "none"]
    if PHQ9.field_name(0) in answers:
        survey.phq9_score = PHQ9.score(answers)
        survey.phq9_item9 = int(answers[PHQ9_SELF_HARM_FIELD])
        survey.gad7_score = GAD7.score(answers)
        survey.pcl5_score = PCL5.score(answers) if PCL5.field_name(0) in answers else None
        if survey.phq9_item9 > 0:
            queue_staff_alert(
                clinic=survey.clinic, kind="urgent_survey_alert", key=f"urgent_survey:{survey.id}"
            )
    survey.needs_attention = survey_needs_attention(survey)
    survey.answered_at = now or timezone.now()
    survey.save()
    return survey
