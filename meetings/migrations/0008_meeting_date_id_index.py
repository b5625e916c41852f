"""The admin meeting list's order as an index, built without locking writes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction; the meetings table is large.
    atomic = False

    dependencies = [
        ("meetings", "0007_curation_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="meeting",
            index=models.Index(fields=["-date_start", "-id"], name="meeting_date_id_idx"),
        ),
    ]
