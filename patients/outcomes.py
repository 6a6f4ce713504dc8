"""Outcomes over time: pain and the mood scores from the intake (the baseline) and every
check-in since, with infusion dates; whether the patient responds (pain down 30 % or more:
responder; 50 % or more: strong responder); and whether a booster may be due (pain drifting back
towards baseline after a response)."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

from scheduling.models import Appointment

from .models import FollowUpSurvey, Intake, PatientProfile

RESPONSE = 0.30
STRONG_RESPONSE = 0.50
DRIFT = 0.20  # back within 20 % of baseline pain after having responded


@dataclass(frozen=True)
class Outcomes:
    points: list[dict]  # {"date", "pain", "phq9", "gad7", "source", "label"}
    infusions: list[str]  # ISO dates of completed infusions
    baseline_pain: int | None
    latest_pain: int | None
    response: str  # "none yet", "responder", "strong responder", "not responding"
    booster_suggested: bool

    def chart_data(self) -> dict:
        """What the chart draws, as it draws it: one column per score (an intake and a check-in
        on the same day are two columns, each with its own values) and one per day with only an
        infusion; the script adds nothing and drops nothing."""
        columns = [(p["date"], p["label"], p) for p in self.points]
        scored_days = {p["date"] for p in self.points}
        columns += [(day, gettext("Infusion"), None) for day in self.infusions]
        columns = [c for c in columns if c[2] is not None or c[0] not in scored_days]
        columns.sort(key=lambda column: column[0])  # stable: same-day scores keep their order
        infusion_days = set(self.infusions)
        seen_infusion_days = set()
        infusion_marks = []
        for day, _label, _point in columns:
            # An infusion is marked once, on the first column of its day.
            marked = day in infusion_days and day not in seen_infusion_days
            seen_infusion_days.add(day)
            infusion_marks.append(0 if marked else None)
        return {
            "labels": [[day, label] for day, label, _point in columns],
            "pain": [point["pain"] if point else None for _d, _l, point in columns],
            "phq9": [point["phq9"] if point else None for _d, _l, point in columns],
            "gad7": [point["gad7"] if point else None for _d, _l, point in columns],
            "infusion": infusion_marks,
        }


def outcomes_for(*, patient: PatientProfile, clinic_ids: set[int] | None = None) -> Outcomes:
    """The patient's outcomes; staff pass their clinics (`clinic_ids`), so a patient treated at
    two clinics shows each clinic only its own scores and infusions."""
    intakes = Intake.objects.filter(patient=patient).exclude(status=Intake.Status.DRAFT)
    surveys = FollowUpSurvey.objects.filter(patient=patient, answered_at__isnull=False)
    infusions = Appointment.objects.filter(
        patient=patient, status="completed", service__needs_chair=True
    )
    if clinic_ids is not None:
        intakes = intakes.filter(clinic__in=clinic_ids)
        surveys = surveys.filter(clinic__in=clinic_ids)
        infusions = infusions.filter(clinic__in=clinic_ids)
    points = []
    baseline = None
    for intake in intakes.select_related("clinic").order_by("submitted_at"):
        pain = intake.answers.get("pain", {}).get("average_pain")
        baseline = pain if baseline is None else baseline
        points.append(
            {
                "date": intake.submitted_at.astimezone(intake.clinic.zone).date().isoformat(),
                "pain": pain,
                "phq9": intake.phq9_score,
                "gad7": intake.gad7_score,
                "source": "intake",
                "label": gettext("Intake"),
            }
        )
    for survey in surveys.select_related("clinic").order_by("answered_at"):
        points.append(
            {
                "date": survey.answered_at.astimezone(survey.clinic.zone).date().isoformat(),
                "pain": survey.pain,
                "phq9": survey.phq9_score,
                "gad7": survey.gad7_score,
                "source": survey.kind,
                "label": survey.title,
            }
        )
    infusion_days = [
        moment.astimezone(ZoneInfo(zone)).date().isoformat()
        for moment, zone in infusions.order_by("completed_at").values_list(
            "completed_at", "clinic__time_zone"
        )
        if moment
    ]
    pains = [p["pain"] for p in points if p["pain"] is not None and p["source"] != "intake"]
    latest = pains[-1] if pains else None
    best = min(pains) if pains else None
    response = "none yet"
    suggested = False
    if baseline and latest is not None:
        drop = (baseline - latest) / baseline
        best_drop = (baseline - best) / baseline
        response = (
            "strong responder"
            if drop >= STRONG_RESPONSE
            else "responder"
            if drop >= RESPONSE
            else "not responding"
        )
        # Benefit that came and is fading: the best was a response, the latest is near baseline.
        suggested = best_drop >= RESPONSE and latest >= baseline * (1 - DRIFT)
    return Outcomes(
        points=points,
        infusions=list(dict.fromkeys(infusion_days)),
        baseline_pain=baseline,
        latest_pain=latest,
        response=response,
        booster_suggested=suggested,
    )
