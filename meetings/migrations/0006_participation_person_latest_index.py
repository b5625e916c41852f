"""An index for a person's newest mention, built without locking writes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction; participations are the largest table.
    atomic = False

    dependencies = [
        ("meetings", "0005_meeting_newest_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="participation",
            index=models.Index(fields=["person", "-id"], name="participation_person_new_idx"),
        ),
    ]
