"""Stored CSV export lines, and the triggers that mark them stale.

A 100,000-row export joined six tables for every meeting: about 60-85 µs of SQL per row at 2M
meetings. `meetings_meetingexportline` keeps each meeting's row ready; `meetings.export_lines`
fills it and the export reads it.

Every change to what a row shows writes a NULL line for the meeting ("stale"), always as a new
row version, even over a NULL. That is what makes filling safe without locks: the filler computes
lines in a REPEATABLE READ snapshot and stores them with INSERT ... ON CONFLICT DO UPDATE, which
fails with a serialization error when a writer touched the row after the snapshot was taken, so
a line computed from data older than a committed change is never stored.

Link tables, participations and reports mark their meetings in one statement per statement
(transition tables: PostgreSQL allows them on one event per trigger, hence three triggers each).
A meeting's own update, a person's new name, an organization's new slug or name (its slugs are
listed in name order), a topic's new slug and an article's new address or date mark the
meetings that show them.
"""

from django.db import migrations, models

LINKED_TABLES = (
    "meetings_meeting_countries",
    "meetings_meeting_organizations",
    "meetings_meeting_topics",
    "meetings_participation",
    "meetings_meetingreport",
)

MARK_STALE = """
INSERT INTO meetings_meetingexportline (meeting_id, line)
    SELECT DISTINCT meeting_id, NULL::text FROM ({rows}) AS changed WHERE meeting_id IS NOT NULL
    ORDER BY meeting_id  -- rows locked in one order, as the fill does: no deadlock between them
    ON CONFLICT (meeting_id) DO UPDATE SET line = NULL;
"""

FUNCTIONS = (
    """
CREATE FUNCTION meetings_export_lines_stale_by_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
"""
    + MARK_STALE.format(rows="SELECT meeting_id FROM new_rows")
    + """
    ELSIF TG_OP = 'UPDATE' THEN
"""
    + MARK_STALE.format(rows="SELECT meeting_id FROM new_rows UNION SELECT meeting_id FROM old_rows")
    + """
    ELSE
"""
    + MARK_STALE.format(rows="SELECT meeting_id FROM old_rows")
    + """
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_export_line_of_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM meetings_meetingexportline WHERE meeting_id = OLD.id;
    ELSE
"""
    + MARK_STALE.format(rows="SELECT NEW.id AS meeting_id")
    + """
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_export_lines_of_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
"""
    + MARK_STALE.format(rows="SELECT meeting_id FROM meetings_participation WHERE person_id = NEW.id")
    + """
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_export_lines_of_organization() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
"""
    + MARK_STALE.format(
        rows="SELECT meeting_id FROM meetings_meeting_organizations WHERE organization_id = NEW.id "
        "UNION SELECT meeting_id FROM meetings_participation WHERE organization_id = NEW.id"
    )
    + """
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_export_lines_of_topic() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
"""
    + MARK_STALE.format(rows="SELECT meeting_id FROM meetings_meeting_topics WHERE topic_id = NEW.id")
    + """
    RETURN NULL;
END $$;

CREATE FUNCTION meetings_export_lines_of_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
"""
    + MARK_STALE.format(rows="SELECT meeting_id FROM meetings_meetingreport WHERE article_id = NEW.id")
    + """
    RETURN NULL;
END $$;
"""
)


def _linked_table_triggers(table: str) -> str:
    return f"""
CREATE TRIGGER export_lines_stale_on_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meetings_export_lines_stale_by_rows();
CREATE TRIGGER export_lines_stale_on_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meetings_export_lines_stale_by_rows();
CREATE TRIGGER export_lines_stale_on_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION meetings_export_lines_stale_by_rows();
"""


TRIGGERS = (
    "".join(_linked_table_triggers(table) for table in LINKED_TABLES)
    + """
CREATE TRIGGER export_line_of_meeting AFTER UPDATE OR DELETE ON meetings_meeting
    FOR EACH ROW EXECUTE FUNCTION meetings_export_line_of_meeting();
CREATE TRIGGER export_lines_of_person AFTER UPDATE OF name ON meetings_person
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION meetings_export_lines_of_person();
CREATE TRIGGER export_lines_of_organization AFTER UPDATE OF slug, name ON meetings_organization
    FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION meetings_export_lines_of_organization();
CREATE TRIGGER export_lines_of_topic AFTER UPDATE OF slug ON meetings_topic
    FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug)
    EXECUTE FUNCTION meetings_export_lines_of_topic();
CREATE TRIGGER export_lines_of_article AFTER UPDATE OF url, published ON meetings_article
    FOR EACH ROW WHEN (OLD.url IS DISTINCT FROM NEW.url OR OLD.published IS DISTINCT FROM NEW.published)
    EXECUTE FUNCTION meetings_export_lines_of_article();
"""
)

DROP = (
    "".join(
        f"""
DROP TRIGGER IF EXISTS export_lines_stale_on_insert ON {table};
DROP TRIGGER IF EXISTS export_lines_stale_on_update ON {table};
DROP TRIGGER IF EXISTS export_lines_stale_on_delete ON {table};
"""
        for table in LINKED_TABLES
    )
    + """
DROP TRIGGER IF EXISTS export_line_of_meeting ON meetings_meeting;
DROP TRIGGER IF EXISTS export_lines_of_person ON meetings_person;
DROP TRIGGER IF EXISTS export_lines_of_organization ON meetings_organization;
DROP TRIGGER IF EXISTS export_lines_of_topic ON meetings_topic;
DROP TRIGGER IF EXISTS export_lines_of_article ON meetings_article;
DROP FUNCTION IF EXISTS meetings_export_lines_stale_by_rows();
DROP FUNCTION IF EXISTS meetings_export_line_of_meeting();
DROP FUNCTION IF EXISTS meetings_export_lines_of_person();
DROP FUNCTION IF EXISTS meetings_export_lines_of_organization();
DROP FUNCTION IF EXISTS meetings_export_lines_of_topic();
DROP FUNCTION IF EXISTS meetings_export_lines_of_article();
"""
)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0014_participation_date_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeetingExportLine",
            fields=[
                ("meeting_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("line", models.TextField(null=True)),
            ],
            options={
                "indexes": [
                    models.Index(
                        condition=models.Q(("line__isnull", True)),
                        fields=["meeting_id"],
                        name="export_line_stale_idx",
                    )
                ],
            },
        ),
        migrations.RunSQL(sql=FUNCTIONS + TRIGGERS, reverse_sql=DROP),
    ]
