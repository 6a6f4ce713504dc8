"""Screening: the reasons, read from the intake's answers, for a clinician to look closely.

A flag never refuses anyone; it routes the intake to a clinician, who decides. Thresholds follow
common pre-ketamine screening practice: a last reading at or above 160/100 counts as uncontrolled
blood pressure.
"""

from __future__ import annotations

from .models import ScreeningFlag
from .questionnaires import PHQ9_SELF_HARM_FIELD

Code = ScreeningFlag.Code

UNCONTROLLED_SYSTOLIC = 160
UNCONTROLLED_DIASTOLIC = 100

_YES_FLAGS = [
    ("heart_disease", Code.HEART_DISEASE, "heart disease reported"),
    ("stroke", Code.STROKE, "history of stroke or TIA"),
    ("liver_disease", Code.LIVER, "liver disease reported"),
    ("glaucoma", Code.EYE_PRESSURE, "glaucoma or raised eye pressure reported"),
    ("head_injury", Code.INTRACRANIAL, "head injury or raised intracranial pressure reported"),
    ("seizures", Code.SEIZURES, "seizures or epilepsy reported"),
    ("psychosis", Code.PSYCHOSIS, "history of psychosis or mania"),
]
_MEDICATION_FLAGS = {
    "benzodiazepines": (Code.BENZODIAZEPINES, "currently takes a benzodiazepine"),
    "lamotrigine": (Code.LAMOTRIGINE, "currently takes lamotrigine"),
    "opioids": (Code.OPIOIDS, "currently takes an opioid"),
}


def screening_flags(answers: dict) -> list[tuple[str, str]]:
    """(code, reason) for every flag the answers raise, in a stable order."""
    health = answers.get("health", {})
    mood = answers.get("mood", {})
    goals = answers.get("goals", {})
    flags: list[tuple[str, str]] = []

    if int(mood.get(PHQ9_SELF_HARM_FIELD, 0) or 0) > 0:
        flags.append((Code.SELF_HARM, "PHQ-9 item 9 positive (thoughts of death or self-harm)"))

    systolic, diastolic = health.get("bp_systolic"), health.get("bp_diastolic")
    if systolic is not None and (
        systolic >= UNCONTROLLED_SYSTOLIC or diastolic >= UNCONTROLLED_DIASTOLIC
    ):
        flags.append(
            (
                Code.HYPERTENSION_UNCONTROLLED,
                f"uncontrolled hypertension reported (last reading {systolic}/{diastolic})",
            )
        )
    elif health.get("high_blood_pressure") in ("yes", "unsure"):
        reading = f"last reading {systolic}/{diastolic}" if systolic else "no recent reading"
        flags.append((Code.HYPERTENSION, f"high blood pressure reported ({reading})"))

    for field, code, reason in _YES_FLAGS:
        if health.get(field) == "yes":
            flags.append((code, reason))

    if health.get("substance_use") == "current":
        flags.append((Code.SUBSTANCE_ACTIVE, "active substance use"))
    elif health.get("substance_use") == "past":
        flags.append((Code.SUBSTANCE_PAST, "past substance use"))

    if health.get("pregnancy") in ("pregnant", "possibly"):
        flags.append((Code.PREGNANCY, "possible pregnancy"))
    elif health.get("pregnancy") == "breastfeeding":
        flags.append((Code.PREGNANCY, "breastfeeding"))

    for key in health.get("current_medication_flags", []):
        if key in _MEDICATION_FLAGS:
            flags.append(_MEDICATION_FLAGS[key])

    if goals.get("has_driver") in ("no", "unsure"):
        flags.append((Code.NO_DRIVER, "has no confirmed driver home after infusions"))
    return flags
