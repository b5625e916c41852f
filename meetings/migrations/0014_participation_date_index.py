"""An index on (person, date, meeting) of the participations: a person's meetings in date order."""

from django.db import migrations


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction; the participations are many.
    atomic = False

    dependencies = [
        ("meetings", "0013_participation_dates"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX CONCURRENTLY IF NOT EXISTS participation_person_date_idx "
            "ON meetings_participation (person_id, date_start, meeting_id)",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS participation_person_date_idx",
        ),
    ]
