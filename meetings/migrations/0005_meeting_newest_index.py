"""An index for "newest first, undated last" on public meetings, built without locking writes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction; the meetings table is large.
    atomic = False

    dependencies = [
        ("meetings", "0004_rollups"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="meeting",
            index=models.Index(
                models.OrderBy(models.F("date_start"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "rejected"), _negated=True),
                name="meeting_public_newest_idx",
            ),
        ),
    ]
