"""Indexes for reading what editors curated and who is most active, built without locking writes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction; these tables are large.
    atomic = False

    dependencies = [
        ("meetings", "0006_participation_person_latest_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="personalias",
            index=models.Index(
                condition=models.Q(("origin__in", ["editor", "merge"])),
                fields=["person"],
                name="person_alias_curated_idx",
            ),
        ),
        AddIndexConcurrently(
            model_name="participation",
            index=models.Index(
                condition=models.Q(("edited_by_editor", True)), fields=["person"], name="participation_edited_idx"
            ),
        ),
        AddIndexConcurrently(
            model_name="person",
            index=models.Index(fields=["-meeting_count"], name="person_meeting_count_idx"),
        ),
    ]
