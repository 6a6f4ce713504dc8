"""Outcomes over time: pain and the mood scores from the intake (the baseline) and every
check-in since, with infusion dates; whether the patient responds (pain down 30 % or more:
responder; 50 % or more: strong responder); and whether a booster may be due (pain drifting back
towards baseline after a response)."""

from __future__ import annotations

from dataclasses import dataclass

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
        return {"points": self.points, "infusions": self.infusions}


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
    for intake in intakes.order_by("submitted_at"):
        pain = intake.answers.get("pain", {}).get("average_pain")
        baseline = pain if baseline is None else baseline
        points.append(
            {
                "date": intake.submitted_at.date().isoformat(),
                "pain": pain,
                "phq9": intake.phq9_score,
                "gad7": intake.gad7_score,
                "source": "intake",
                "label": gettext("Intake"),
            }
        )
    for survey in surveys.order_by("answered_at"):
        points.append(
            {
                "date": survey.answered_at.date().isoformat(),
                "pain": survey.pain,
                "phq9": survey.phq9_score,
                "gad7": survey.gad7_score,
                "source": survey.kind,
                "label": survey.title,
            }
        )
    infusions = infusions.order_by("completed_at").values_list("completed_at", flat=True)
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
        infusions=[moment.date().isoformat() for moment in infusions if moment],
        baseline_pain=baseline,
        latest_pain=latest,
        response=response,
        booster_suggested=suggested,
    )
