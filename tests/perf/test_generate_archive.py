"""generate_archive loads an empty archive without secondary indexes and rebuilds them exactly."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from meetings.management.commands import generate_archive
from meetings.models import Meeting, Participation, Person, PersonAlias

pytestmark = pytest.mark.django_db


def schema_of_loaded_tables() -> tuple[list, list]:
    tables = list(generate_archive.LOADED_TABLES)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid = ANY(%s::regclass[]) ORDER BY 1",
            [tables],
        )
        # PostgreSQL may print a rebuilt partial index's casts differently: compare without them.
        indexes = [
            (name, re.sub(r"[()]|::[a-z ]+(\[\])?", "", definition)) for name, definition in cursor.fetchall()
        ]
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), condeferrable, condeferred "
            "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables],
        )
        constraints = cursor.fetchall()
    return indexes, constraints


def test_generate_archive_rebuilds_every_index_and_constraint_it_dropped():
    before = schema_of_loaded_tables()
    assert len(before[0]) > 30  # the trigram, date and link indexes are there to be dropped

    output = io.StringIO()
    call_command("generate_archive", "--meetings", "2000", "--seed", "3", stdout=output)

    assert schema_of_loaded_tables() == before
    assert "indexes and foreign keys built" in output.getvalue()
    assert Meeting.objects.count() == 2000
    assert Participation.objects.count() >= 4000
    # Foreign keys are valid again (re-added constraints are validated, not just declared).
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND NOT convalidated")
        assert cursor.fetchone()[0] == 0
    busiest = Person.objects.order_by("-meeting_count").first()
    assert (
        busiest.meeting_count
        == Participation.objects.filter(person=busiest)
        .exclude(meeting__status="rejected")
        .values("meeting")
        .distinct()
        .count()
    )


def test_failed_generation_leaves_the_database_as_it_was(monkeypatch):
    before = schema_of_loaded_tables()

    def fail(self, cursor, offset, count):
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(generate_archive.Command, "generate_meetings", fail)
    with pytest.raises(RuntimeError):
        call_command("generate_archive", "--meetings", "500", stdout=io.StringIO())

    assert schema_of_loaded_tables() == before
    assert not Person.objects.exists() and not PersonAlias.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_generation_leaves_the_tables_vacuumed_and_the_export_lines_stored():
    """Vacuumed, for index-only scans; every meeting's CSV export line stored, as computed."""
    from meetings.exports import _LineMaker
    from meetings.models import Meeting, MeetingExportLine

    output = io.StringIO()
    call_command("generate_archive", "--meetings", "1500", "--seed", "5", stdout=output)

    assert "tables vacuumed" in output.getvalue()
    stored = dict(MeetingExportLine.objects.values_list("meeting_id", "line"))
    assert set(stored) == set(Meeting.objects.values_list("pk", flat=True))
    assert stored == _LineMaker("default").lines(list(stored))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, relallvisible FROM pg_class WHERE relname = ANY(%s)",
            [list(generate_archive.LOADED_TABLES)],
        )
        all_visible = dict(cursor.fetchall())
    assert set(all_visible) == set(generate_archive.LOADED_TABLES)
    assert all(pages > 0 for pages in all_visible.values()), all_visible


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_generation_adds_the_search_terms_of_its_spellings_and_search_finds_them():
    """The spellings' trigger is off while they load; generation adds their terms at the end."""
    from meetings.models import Meeting, NameTerm, PersonAlias
    from meetings.queries import search_people

    call_command("generate_archive", "--meetings", "400", "--seed", "5", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT unnest(meetings_name_terms(words)) FROM meetings_personalias")
        expected = {row[0] for row in cursor.fetchall()}
    assert set(NameTerm.objects.values_list("term", flat=True)) == expected
    # A second run adds to the archive (its foreign keys stay, and are checked before the triggers
    # come back on), and adds its spellings' terms to those of the first.
    call_command("generate_archive", "--meetings", "300", "--seed", "6", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT unnest(meetings_name_terms(words)) FROM meetings_personalias")
        expected = {row[0] for row in cursor.fetchall()}
    assert set(NameTerm.objects.values_list("term", flat=True)) == expected
    assert Meeting.objects.count() == 700

    alias = PersonAlias.objects.filter(kind="strong").order_by("pk").last()
    surname = alias.words.split()[-1]
    typo = surname[:-1] + ("x" if surname[-1] != "x" else "y")
    assert alias.person_id in [match.id for match in search_people(typo, limit=100)]
