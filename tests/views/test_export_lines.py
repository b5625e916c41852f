"""Stored CSV export lines (MeetingExportLine): what the export reads, kept honest by the triggers of
migration 0015 and filled by `exports.fill_export_lines` in transactions of its own, so these tests
commit (transactional database)."""

import csv
import io

import psycopg2
import pytest
from django.db import connection

from meetings.exports import fill_export_lines
from meetings.models import (
    Article,
    Meeting,
    MeetingExportLine,
    MeetingReport,
    Organization,
    Participation,
    Person,
    Topic,
)
from tests.factories import make_archive, make_article, make_meeting, make_organization, make_person
from tests.views.conftest import page_text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def archive(reference_data):
    return make_archive()


def export(client, **extra) -> str:
    response = client.get("/meetings/export.csv", **extra)
    assert response.status_code == 200
    return page_text(response)


def computed_export(client, **extra) -> str:
    """The export with every line computed from the tables: the stored lines are set aside for it."""
    stored = list(MeetingExportLine.objects.values_list("meeting_id", "line"))
    MeetingExportLine.objects.all().delete()
    try:
        return export(client, **extra)
    finally:
        MeetingExportLine.objects.all().delete()
        MeetingExportLine.objects.bulk_create(
            MeetingExportLine(meeting_id=meeting_id, line=line) for meeting_id, line in stored
        )


def stored_line(meeting: Meeting) -> str | None:
    return MeetingExportLine.objects.filter(meeting_id=meeting.pk).values_list("line", flat=True).first()


def test_filled_lines_give_the_export_it_computes(client, archive):
    before = computed_export(client)

    report = fill_export_lines()

    assert report.stored == Meeting.objects.count() and report.skipped == 0
    assert not MeetingExportLine.objects.filter(line__isnull=True).exists()
    assert export(client) == before
    assert len(list(csv.DictReader(io.StringIO(before)))) == len(archive.public_meetings)


def test_an_export_of_stored_lines_reads_one_statement_per_batch(client, archive, django_assert_num_queries):
    fill_export_lines()

    # BEGIN, the ids (a server-side cursor, in a transaction), the stored lines, COMMIT
    with django_assert_num_queries(4):
        export(client)


def test_a_fill_inside_a_callers_transaction_leaves_the_lines_stale(archive):
    from django.db import transaction

    with transaction.atomic():
        report = fill_export_lines()

    assert (report.stored, report.skipped) == (0, 0)
    assert MeetingExportLine.objects.filter(line__isnull=True).count() == Meeting.objects.count()


def rename_person(archive):
    Person.objects.filter(pk=archive.almalik.pk).update(name="Salim bin Mohammed AlMalik")
    return archive.baku_icesco


def retitle_participation(archive):
    Participation.objects.filter(meeting=archive.rabat_call).update(title="Special Envoy")
    return archive.rabat_call


def drop_participation(archive):
    archive.antalya.participations.filter(person=archive.cavusoglu).delete()
    return archive.antalya


def add_participation(archive):
    Participation.objects.create(
        meeting=archive.ankara_call,
        person=make_person(name="Ada Newcomer"),
        mention="Ada Newcomer",
        country_id="MA",
    )
    return archive.ankara_call


def add_country(archive):
    archive.rabat_icesco.countries.add("TR")
    return archive.rabat_icesco


def add_organization(archive):
    archive.rabat_call.organizations.add(make_organization(name="Caspian Water Council", acronym="CWC"))
    return archive.rabat_call


def drop_topic(archive):
    archive.baku_icesco.topics.clear()
    return archive.baku_icesco


def change_quote(archive):
    MeetingReport.objects.filter(meeting=archive.antalya).update(quote="A quote the editors corrected.")
    return archive.antalya


def add_report(archive):
    MeetingReport.objects.create(
        meeting=archive.rabat_icesco,
        article=make_article(url=None),
        quote="A second report of it.",
        evidence_start=0,
        evidence_end=4,
    )
    return archive.rabat_icesco


def change_meeting(archive):
    meeting = archive.ankara_call
    meeting.status = "unreviewed"
    meeting.place = "Ankara"
    meeting.save()
    return meeting


def rename_organization(archive):
    Organization.objects.filter(pk=archive.icesco.pk).update(
        slug="icesco-renamed", name="A Renamed Organization"
    )
    return archive.rabat_icesco


def rename_topic(archive):
    Topic.objects.filter(slug="energy").update(slug="energy-and-power")
    return archive.rabat_call


def move_article(archive):
    report = MeetingReport.objects.filter(meeting=archive.baku_icesco).first()
    Article.objects.filter(pk=report.article_id).update(url="https://news.example/moved")
    return archive.baku_icesco


CHANGES = [
    rename_person,
    retitle_participation,
    drop_participation,
    add_participation,
    add_country,
    add_organization,
    drop_topic,
    change_quote,
    add_report,
    change_meeting,
    rename_organization,
    rename_topic,
    move_article,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_a_change_marks_the_line_stale_and_the_export_shows_it(client, archive, change):
    fill_export_lines()
    old = export(client)

    meeting = change(archive)

    assert stored_line(meeting) is None
    new = export(client)
    assert new != old
    assert new == computed_export(client)
    assert fill_export_lines().stored >= 1
    assert stored_line(meeting) is not None
    assert export(client) == new


def test_a_deleted_meetings_line_goes_with_it(client, archive):
    fill_export_lines()

    meeting_id = archive.rabat_call.pk
    archive.rabat_call.delete()

    assert not MeetingExportLine.objects.filter(meeting_id=meeting_id).exists()
    assert export(client) == computed_export(client)


def test_a_line_computed_before_a_concurrent_change_is_not_stored(archive, monkeypatch):
    """The writer commits between the filler's snapshot and its store: PostgreSQL refuses the store."""
    from meetings import exports

    MeetingExportLine.objects.all().delete()
    MeetingExportLine.objects.bulk_create(
        MeetingExportLine(meeting_id=archive.baku_icesco.pk, line=None) for _ in [1]
    )
    compute = exports._LineMaker.lines

    def compute_then_let_an_editor_rename(self, ids):
        lines = compute(self, ids)
        other = psycopg2.connect(**connection.get_connection_params())
        other.autocommit = True
        with other.cursor() as cursor:
            cursor.execute(
                "UPDATE meetings_person SET name = 'Salim Renamed' WHERE id = %s", [archive.almalik.pk]
            )
        other.close()
        return lines

    monkeypatch.setattr(exports._LineMaker, "lines", compute_then_let_an_editor_rename)

    report = fill_export_lines()

    assert report.skipped == 1
    assert stored_line(archive.baku_icesco) is None
    # The rename marked the person's other meeting stale; the same fill stored it after the rename.
    assert report.stored == 1
    assert "Salim Renamed" in stored_line(archive.rabat_icesco)


def test_text_that_holds_the_article_markers_is_not_stored_and_still_exported(client, archive):
    MeetingReport.objects.filter(meeting=archive.antalya).update(quote="odd \x01 text \x02 here")

    report = fill_export_lines()

    assert report.skipped == 1
    assert stored_line(archive.antalya) is None
    rows = list(csv.DictReader(io.StringIO(export(client))))
    antalya = next(row for row in rows if int(row["meeting_id"]) == archive.antalya.pk)
    assert antalya["evidence_quotes"] == "odd \x01 text \x02 here"
    assert export(client) == computed_export(client)


@pytest.fixture
def script_prefix_with_a_comma():
    """As a WSGI server mounting the archive at "/a,b" sets it (the test client does not)."""
    from django.urls import set_script_prefix

    set_script_prefix("/a,b/")
    yield
    set_script_prefix("/")


def test_an_address_that_needs_quoting_is_quoted(client, archive, request):
    """A script prefix with a comma: the stored lines are taken apart and written again."""
    make_meeting(
        participants=[("A Person", "AZ", None), ("B Person", "MA", None)], article=make_article(url=None)
    )
    plain = list(csv.DictReader(io.StringIO(computed_export(client))))
    fill_export_lines()
    request.getfixturevalue("script_prefix_with_a_comma")

    for text in (export(client), computed_export(client)):
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [row["url"] for row in rows] == [
            f"http://testserver/a,b/meetings/{row['meeting_id']}/" for row in plain
        ]
        assert any("http://testserver/a,b/articles/" in row["source_urls"] for row in rows)
        assert [row["source_urls"] for row in rows] == [
            row["source_urls"].replace("http://testserver/articles/", "http://testserver/a,b/articles/")
            for row in plain
        ]
        unchanged = [{k: v for k, v in row.items() if k not in ("url", "source_urls")} for row in rows]
        assert unchanged == [
            {k: v for k, v in row.items() if k not in ("url", "source_urls")} for row in plain
        ]


def test_ingest_stores_the_lines_of_the_meetings_it_stores(client, tmp_path):
    from meetings.ingest import ingest_paths
    from tests.store.test_ingest import MAX_BYTES, varied_stories

    report = ingest_paths([varied_stories(60, tmp_path / "stories.jsonl")], max_bytes=MAX_BYTES)

    assert report.meetings_created > 10
    assert MeetingExportLine.objects.filter(line__isnull=False).count() == Meeting.objects.count()
    assert export(client) == computed_export(client)


def test_stored_lines_quote_line_breaks_commas_and_quotes(client, archive):
    quote = 'First line,\nsecond line with "quotes"\r\nand a third'
    MeetingReport.objects.filter(meeting=archive.antalya).update(quote=quote)
    Person.objects.filter(pk=archive.bourita.pk).update(name='Nasser "N." Bourita, Jr.')
    computed = computed_export(client)

    fill_export_lines()

    assert export(client) == computed
    rows = list(csv.DictReader(io.StringIO(computed, newline="")))
    assert len(rows) == len(archive.public_meetings)
    antalya = next(row for row in rows if int(row["meeting_id"]) == archive.antalya.pk)
    assert antalya["evidence_quotes"] == quote
    assert 'Nasser "N." Bourita, Jr.' in antalya["participants"]


def test_a_fill_of_given_meetings_stores_only_theirs_that_are_stale(client, archive):
    fill_export_lines(meeting_ids=[archive.antalya.pk])
    assert stored_line(archive.antalya) is not None
    assert stored_line(archive.rabat_call) is None

    report = fill_export_lines(
        meeting_ids=[archive.rabat_call.pk, archive.antalya.pk, archive.baku_icesco.pk]
    )

    assert (report.stored, report.skipped) == (2, 0)  # Antalya's line was stored already
    assert stored_line(archive.baku_icesco) is not None
    assert MeetingExportLine.objects.filter(line__isnull=True).count() == Meeting.objects.count() - 3


# The fingerprint of what decides a stored line's text, for EXPORT_LINE_FORMAT 1.
LINE_FORMAT_FINGERPRINTS = {1: "ecd9f7eff2216959"}


def line_format_fingerprint() -> str:
    import hashlib
    import inspect

    from meetings import exports
    from meetings.models import cameo_code_for

    parts = [
        repr(exports.CSV_COLUMNS),
        exports.LIST_SEPARATOR,
        exports._CSV_BATCH_SQL,
        inspect.getsource(exports._LineMaker),
        inspect.getsource(exports._Slugs),
        inspect.getsource(exports.spreadsheet_safe),
        repr(exports.FORMULA_TRIGGERS),
        inspect.getsource(cameo_code_for),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def test_a_change_of_the_line_format_comes_with_a_new_format_number():
    from meetings.exports import EXPORT_LINE_FORMAT

    assert LINE_FORMAT_FINGERPRINTS.get(EXPORT_LINE_FORMAT) == line_format_fingerprint(), (
        "What decides a stored CSV export line changed. Add a migration that marks every stored line "
        "stale (UPDATE meetings_meetingexportline SET line = NULL), raise exports.EXPORT_LINE_FORMAT, "
        f"and record {line_format_fingerprint()!r} for it in LINE_FORMAT_FINGERPRINTS."
    )
