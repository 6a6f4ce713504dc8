"""Scoring against known answer sets, one per severity band of each questionnaire."""

import pytest

from patients.questionnaires import GAD7, PCL5, PHQ9


def answers(questionnaire, values):
    assert len(values) == len(questionnaire.items)
    return {questionnaire.field_name(i): str(v) for i, v in enumerate(values)}


@pytest.mark.parametrize(
    ("values", "score", "band"),
    [
        ([0] * 9, 0, "minimal"),
        ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "mild"),
        ([1] * 9, 9, "mild"),
        ([2, 2, 2, 2, 1, 1, 0, 0, 0], 10, "moderate"),
        ([2, 2, 2, 2, 2, 2, 1, 1, 0], 14, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2, 1, 0], 15, "moderately severe"),
        ([3, 3, 3, 2, 2, 2, 2, 2, 0], 19, "moderately severe"),
        ([3, 3, 3, 3, 2, 2, 2, 2, 0], 20, "severe"),
        ([3] * 9, 27, "severe"),
    ],
)
def test_phq9_bands(values, score, band):
    assert PHQ9.score(answers(PHQ9, values)) == score
    assert PHQ9.band(score) == band


@pytest.mark.parametrize(
    ("values", "score", "band"),
    [
        ([0] * 7, 0, "minimal"),
        ([1, 1, 1, 1, 0, 0, 0], 4, "minimal"),
        ([1, 1, 1, 1, 1, 0, 0], 5, "mild"),
        ([2, 2, 2, 1, 1, 1, 0], 9, "mild"),
        ([2, 2, 2, 2, 1, 1, 0], 10, "moderate"),
        ([2, 2, 2, 2, 2, 2, 2], 14, "moderate"),
        ([3, 2, 2, 2, 2, 2, 2], 15, "severe"),
        ([3] * 7, 21, "severe"),
    ],
)
def test_gad7_bands(values, score, band):
    assert GAD7.score(answers(GAD7, values)) == score
    assert GAD7.band(score) == band


@pytest.mark.parametrize(
    ("values", "score", "band"),
    [
        ([0] * 20, 0, "below the PTSD threshold"),
        ([2] * 16 + [0] * 4, 32, "below the PTSD threshold"),
        ([2] * 16 + [1] + [0] * 3, 33, "probable PTSD"),
        ([4] * 20, 80, "probable PTSD"),
    ],
)
def test_pcl5_bands(values, score, band):
    assert PCL5.score(answers(PCL5, values)) == score
    assert PCL5.band(score) == band


def test_maximum_scores():
    assert (PHQ9.max_score, GAD7.max_score, PCL5.max_score) == (27, 21, 80)


def test_a_score_outside_the_scale_is_an_error():
    with pytest.raises(ValueError, match="outside"):
        PHQ9.band(28)
