"""Every screening flag, from the answers that raise it; and flags never decide anything."""

import pytest

from patients.demo import intake_form_data
from patients.models import Intake, ScreeningFlag
from patients.screening import screening_flags
from tests.factories import ClinicFactory, submitted_intake

Code = ScreeningFlag.Code


def flags_for(**answers) -> dict[str, str]:
    data = intake_form_data(**answers)
    # The forms' cleaned values: integers for readings and questionnaire answers.
    data["health"]["bp_systolic"] = int(data["health"]["bp_systolic"] or 0) or None
    data["health"]["bp_diastolic"] = int(data["health"]["bp_diastolic"] or 0) or None
    data["mood"] = {k: int(v) for k, v in data["mood"].items()}
    return dict(screening_flags(data))


def test_a_clean_history_raises_no_flag():
    assert flags_for() == {}


@pytest.mark.parametrize(
    ("answers", "code", "reason"),
    [
        ({"phq9": [0] * 8 + [1]}, Code.SELF_HARM, "PHQ-9 item 9 positive"),
        ({"bp": (165, 95)}, Code.HYPERTENSION_UNCONTROLLED, "uncontrolled hypertension"),
        ({"bp": (150, 104)}, Code.HYPERTENSION_UNCONTROLLED, "150/104"),
        ({"high_blood_pressure": "yes"}, Code.HYPERTENSION, "no recent reading"),
        ({"high_blood_pressure": "yes", "bp": (138, 88)}, Code.HYPERTENSION, "138/88"),
        ({"high_blood_pressure": "unsure"}, Code.HYPERTENSION, "high blood pressure"),
        ({"yes": ("heart_disease",)}, Code.HEART_DISEASE, "heart disease"),
        ({"yes": ("stroke",)}, Code.STROKE, "stroke"),
        ({"yes": ("liver_disease",)}, Code.LIVER, "liver disease"),
        ({"yes": ("glaucoma",)}, Code.EYE_PRESSURE, "eye pressure"),
        ({"yes": ("head_injury",)}, Code.INTRACRANIAL, "intracranial"),
        ({"yes": ("seizures",)}, Code.SEIZURES, "seizures"),
        ({"yes": ("psychosis",)}, Code.PSYCHOSIS, "history of psychosis"),
        ({"substance_use": "current"}, Code.SUBSTANCE_ACTIVE, "active substance use"),
        ({"substance_use": "past"}, Code.SUBSTANCE_PAST, "past substance use"),
        ({"pregnancy": "pregnant"}, Code.PREGNANCY, "possible pregnancy"),
        ({"pregnancy": "possibly"}, Code.PREGNANCY, "possible pregnancy"),
        ({"pregnancy": "breastfeeding"}, Code.PREGNANCY, "breastfeeding"),
        ({"medications": ("benzodiazepines",)}, Code.BENZODIAZEPINES, "benzodiazepine"),
        ({"medications": ("lamotrigine",)}, Code.LAMOTRIGINE, "lamotrigine"),
        ({"medications": ("opioids",)}, Code.OPIOIDS, "opioid"),
        ({"has_driver": "no"}, Code.NO_DRIVER, "no confirmed driver"),
        ({"has_driver": "unsure"}, Code.NO_DRIVER, "no confirmed driver"),
    ],
)
def test_each_flag_comes_with_its_reason(answers, code, reason):
    flags = flags_for(**answers)

    assert list(flags) == [code]
    assert reason in flags[code]


def test_a_reading_below_the_threshold_without_a_diagnosis_raises_nothing():
    assert flags_for(bp=(128, 82)) == {}


@pytest.mark.django_db
def test_submitting_stores_the_flags_but_leaves_the_decision_to_a_clinician():
    intake = submitted_intake(
        ClinicFactory(), yes=("seizures", "psychosis"), substance_use="current",
        pregnancy="possibly", phq9=[3] * 9,
    )  # fmt: skip

    assert intake.status == Intake.Status.SUBMITTED
    assert set(intake.flags.values_list("code", flat=True)) == {
        Code.SEIZURES, Code.PSYCHOSIS, Code.SUBSTANCE_ACTIVE, Code.PREGNANCY, Code.SELF_HARM,
    }  # fmt: skip
    assert intake.is_urgent
    assert (intake.phq9_score, intake.phq9_item9) == (27, 3)
