"""A stable calendar identity per visit: `calendar_uid` (shared along a chain of moves) and
`calendar_sequence` (raised on every move or cancellation).

Existing rows take the id of the first visit of their chain of moves as their UID (the UID the
confirmation of that first visit carried, so the event already in a patient's calendar is the
one later changes update) and their place in the chain as their sequence."""

import uuid

from django.db import migrations, models

BACKFILL = """
WITH RECURSIVE chain (id, root_id, depth) AS (
    SELECT id, id, 0 FROM scheduling_appointment WHERE rescheduled_from_id IS NULL
    UNION ALL
    SELECT moved.id, chain.root_id, chain.depth + 1
    FROM scheduling_appointment moved JOIN chain ON moved.rescheduled_from_id = chain.id
)
UPDATE scheduling_appointment AS visit
SET calendar_uid = chain.root_id, calendar_sequence = chain.depth
FROM chain WHERE visit.id = chain.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0006_readiness"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="calendar_sequence",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="Raised on every move or cancellation the patient's calendar should show.",
            ),
        ),
        migrations.AddField(
            model_name="appointment",
            name="calendar_uid",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="appointment",
            name="calendar_uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The calendar event's UID, shared by a visit and the visits it was "
                "moved to.",
            ),
        ),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.UniqueConstraint(
                fields=("calendar_uid", "calendar_sequence"), name="one_row_per_calendar_version"
            ),
        ),
    ]
