"""Each participation carries its meeting's date, as the link rows do since migration 0011.

"This person's newest meetings" otherwise finds every meeting of the person and sorts them: 93 ms
for a person of 10,000 meetings at 2M meetings. With the date in the participation and an index on
(person, date, meeting) (migration 0014), they are the last entries of one index range.

The column is not a field of the Participation model: like the link tables' date, it is
PostgreSQL's business, kept equal to the meeting's date by triggers. A new or moved participation
takes its meeting's date, and a change of a meeting's date is copied to its participations in the
same statement as to its link rows.
"""

from django.db import migrations

DATE_TO_LINKS_WITH_PARTICIPATIONS = """
CREATE OR REPLACE FUNCTION meetings_meeting_date_to_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE meetings_meeting_countries SET date_start = NEW.date_start WHERE meeting_id = NEW.id;
    UPDATE meetings_meeting_organizations SET date_start = NEW.date_start WHERE meeting_id = NEW.id;
    UPDATE meetings_meeting_topics SET date_start = NEW.date_start WHERE meeting_id = NEW.id;
    UPDATE meetings_participation SET date_start = NEW.date_start WHERE meeting_id = NEW.id;
    RETURN NULL;
END $$;
"""

DATE_TO_LINKS_ONLY = """
CREATE OR REPLACE FUNCTION meetings_meeting_date_to_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE meetings_meeting_countries SET date_start = NEW.date_start WHERE meeting_id = NEW.id;
    UPDATE meetings_meeting_organizations SET date_start = NEW.date_start WHERE meeting_id = NEW.id;
    UPDATE meetings_meeting_topics SET date_start = NEW.date_start WHERE meeting_id = NEW.id;
    RETURN NULL;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0012_link_date_indexes"),
    ]

    operations = [
        migrations.RunSQL(
            sql="""
ALTER TABLE meetings_participation ADD COLUMN date_start date;
UPDATE meetings_participation AS participation SET date_start = meeting.date_start
    FROM meetings_meeting AS meeting
    WHERE meeting.id = participation.meeting_id AND meeting.date_start IS NOT NULL;
CREATE TRIGGER participation_takes_meeting_date BEFORE INSERT OR UPDATE OF meeting_id ON meetings_participation
    FOR EACH ROW EXECUTE FUNCTION meetings_link_takes_meeting_date();
"""
            + DATE_TO_LINKS_WITH_PARTICIPATIONS,
            reverse_sql=DATE_TO_LINKS_ONLY
            + """
DROP TRIGGER IF EXISTS participation_takes_meeting_date ON meetings_participation;
ALTER TABLE meetings_participation DROP COLUMN IF EXISTS date_start;
""",
        ),
    ]
