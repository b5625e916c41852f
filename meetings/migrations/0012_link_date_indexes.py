"""Indexes on (entity, date, meeting) of the link tables: an entity's meetings in date order."""

from django.db import migrations

LINK_DATE_INDEXES = [
    ("meetings_meeting_countries", "country_id", "meeting_country_date_idx"),
    ("meetings_meeting_organizations", "organization_id", "meeting_org_date_idx"),
    ("meetings_meeting_topics", "topic_id", "meeting_topic_date_idx"),
]


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction; the link tables are large.
    atomic = False

    dependencies = [
        ("meetings", "0011_link_dates"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {table} ({column}, date_start, meeting_id)",
            reverse_sql=f"DROP INDEX CONCURRENTLY IF EXISTS {name}",
        )
        for table, column, name in LINK_DATE_INDEXES
    ]
