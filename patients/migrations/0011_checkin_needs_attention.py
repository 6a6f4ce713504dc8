"""Check-ins that need the clinic's attention first: a column set when a check-in is answered,
filled here for the check-ins answered before it (the rule of patients.surveys at the time)."""

from django.db import migrations, models


def _needs_attention(survey) -> bool:
    def at_least(score, threshold):
        return score is not None and score >= threshold

    return bool(
        survey.side_effects
        or str((survey.answers or {}).get("side_effects_other") or "").strip()
        or (survey.phq9_item9 or 0) > 0
        or at_least(survey.pain, 7)
        or at_least(survey.phq9_score, 15)
        or at_least(survey.gad7_score, 15)
        or at_least(survey.pcl5_score, 33)
    )


def backfill(apps, schema_editor):
    FollowUpSurvey = apps.get_model("patients", "FollowUpSurvey")
    flagged = [
        survey.pk
        for survey in FollowUpSurvey.objects.filter(answered_at__isnull=False).iterator()
        if _needs_attention(survey)
    ]
    FollowUpSurvey.objects.filter(pk__in=flagged).update(needs_attention=True)


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0010_outbox_sending_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="followupsurvey",
            name="needs_attention",
            field=models.BooleanField(
                default=False,
                help_text="Set when answered: a side effect or a note from the patient, severe "
                "pain or a severe mood score, for the clinic to read first.",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
