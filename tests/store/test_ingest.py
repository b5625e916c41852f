"""The ingest pipeline over real files: readers -> extractor -> store, with bad inputs in the batch."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError

from meetings import store
from meetings.ingest import curated_gazetteer, ingest_paths
from meetings.models import Article, Meeting, Organization, OrganizationAlias, Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]
MAX_BYTES = 1_000_000

GOOD_ARTICLE = """date 2024-03-05

BAKU, March 5 (Test Agency): Azerbaijan's Minister of Foreign Affairs Jeyhun Bayramov met with Morocco's Minister of Foreign Affairs Nasser Bourita in Baku on Tuesday.

The ministers discussed cooperation in trade, energy and culture.
"""

SECOND_ARTICLE = """date 2024-04-10

ANKARA, April 10 (Test Agency): Turkish Foreign Minister Hakan Fidan received Pakistan's Foreign Minister Ishaq Dar in Ankara on Wednesday.

The two ministers discussed regional security and trade.
"""


@pytest.fixture
def batch(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD_ARTICLE, encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "second.txt").write_text(SECOND_ARTICLE, encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"Minister \xff\xfe met \x80 someone")
    (tmp_path / "empty.txt").write_bytes(b"")
    lines = [
        json.dumps({"title": "A statement", "text": "The ministry issued a statement on the floods.",
                    "url": "https://example.org/statement", "published": "2024-05-01", "source": "Test Agency"}),
        "{this is not json",
        json.dumps({"title": "No text here", "url": "https://example.org/empty"}),
    ]  # fmt: skip
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_ingest_batch_reports_bad_inputs_and_stores_the_rest(batch):
    report = ingest_paths([batch], max_bytes=MAX_BYTES)

    assert (report.articles_new, report.articles_duplicate, report.articles_failed) == (3, 0, 4)
    reasons = {Path(f.origin.split(":")[0].split("#")[0]).name: f.reason for f in report.failures}
    assert set(reasons) == {"broken.txt", "empty.txt", "feed.jsonl"}
    assert any("line 2" in f.origin or "line 2" in f.reason for f in report.failures)
    assert any("line 3" in f.origin or "line 3" in f.reason for f in report.failures)
    assert Article.objects.count() == 3
    assert report.meetings_created == Meeting.objects.count() == 2
    assert sorted(Person.objects.values_list("name", flat=True)) == [
        "Hakan Fidan",
        "Ishaq Dar",
        "Jeyhun Bayramov",
        "Nasser Bourita",
    ]


def test_ingest_inputs_equal_stored_plus_duplicates_plus_failed(batch):
    first = ingest_paths([batch], max_bytes=MAX_BYTES)
    second = ingest_paths([batch], max_bytes=MAX_BYTES)

    assert first.articles_seen == second.articles_seen == 7
    assert (second.articles_new, second.articles_duplicate, second.articles_failed) == (0, 3, 4)
    assert Article.objects.count() == 3


def test_ingest_failure_while_storing_leaves_nothing_half_written(batch, monkeypatch):
    real_create_report = store._create_report

    def failing_for_bayramov(meeting, extracted, *, article, **options):
        if "Bayramov" in article.text:
            raise DatabaseError("simulated failure in the middle of storing an article")
        return real_create_report(meeting, extracted, article=article, **options)

    monkeypatch.setattr(store, "_create_report", failing_for_bayramov)

    report = ingest_paths([batch / "good.txt", batch / "nested"], max_bytes=MAX_BYTES)

    assert (report.articles_new, report.articles_failed) == (1, 1)
    assert "simulated failure" in report.failures[0].reason
    assert not Article.objects.filter(text__contains="Bayramov").exists()
    assert not Person.objects.filter(name="Jeyhun Bayramov").exists()
    assert Meeting.objects.count() == 1


def test_ingest_command_prints_summary_and_exits_non_zero_on_failures(batch, capsys):
    with pytest.raises(CommandError) as error:
        call_command("ingest", str(batch), "--no-progress", "--max-bytes", str(MAX_BYTES))

    output = capsys.readouterr()
    assert "articles: 3 new, 0 duplicate, 4 failed" in output.out
    assert "broken.txt" in output.err
    assert error.value.returncode == 1


def test_ingest_command_with_glob_and_all_good_exits_zero(batch, capsys):
    call_command("ingest", str(batch / "nest*" / "*.txt"), "--no-progress")

    assert "articles: 1 new, 0 duplicate, 0 failed" in capsys.readouterr().out
    assert Article.objects.filter(text__contains="Fidan").count() == Article.objects.count() == 1


def test_extract_command_needs_no_database(batch):
    env = dict(
        os.environ,
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing",
        DJANGO_SETTINGS_MODULE="diplomacy.test_settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "extract", str(batch / "good.txt"), "--format", "json"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1
    assert records[0]["published"] == "2024-03-05"
    assert records[0]["file"].endswith("good.txt")
    meeting = records[0]["meetings"][0]
    assert sorted(p["name"] for p in meeting["participants"] if p["role"] == "principal") == [
        "Jeyhun Bayramov",
        "Nasser Bourita",
    ]
    assert meeting["date"] == "2024-03-05"


def test_curated_people_and_organizations_feed_the_gazetteer():
    organization = Organization.objects.create(name="Caspian Littoral Forum", acronym="CLF", slug="clf")
    OrganizationAlias.objects.create(organization=organization, name="Caspian Forum")
    person = make_person(name="Salim AlMalik", aliases=("Salim bin Mohammed AlMalik",))
    Person.objects.filter(pk=person.pk).update(meeting_count=3)

    gazetteer = curated_gazetteer()

    curated = gazetteer.organization("CLF")
    assert (curated.name, curated.acronym, curated.aliases) == (
        "Caspian Littoral Forum",
        "CLF",
        ("Caspian Forum",),
    )
    assert gazetteer.organization("Caspian Forum") == curated
    people = [p for p in gazetteer.people if p.name == "Salim AlMalik"]
    assert [p.aliases for p in people] == [("Salim bin Mohammed AlMalik",)]


def test_reextract_command_runs_over_stored_articles(batch, capsys):
    from meetings.extraction import EXTRACTOR_VERSION

    ingest_paths([batch / "good.txt"], max_bytes=MAX_BYTES)
    Article.objects.update(extractor_version="an older version")

    call_command("reextract", "--outdated")

    assert "re-extracted 1 articles" in capsys.readouterr().out
    meeting = Meeting.objects.get()
    assert meeting.date_start == dt.date(2024, 3, 5)
    assert list(meeting.reports.values_list("extractor_version", flat=True)) == [EXTRACTOR_VERSION]
    assert Person.objects.count() == 2


def test_reextract_reads_the_dateline_the_reader_removed(tmp_path):
    """The filing place and day stay with the article, so re-extraction dates and places its
    meetings as the first extraction did: "yesterday" counts from the dateline's day, not the page's."""
    (tmp_path / "filed.txt").write_text(
        "date 2024-03-06\n\nBAKU, March 5 (Test Agency): Azerbaijan's Minister of Foreign Affairs Jeyhun "
        "Bayramov met with Morocco's Minister of Foreign Affairs Nasser Bourita yesterday.\n",
        encoding="utf-8",
    )
    ingest_paths([tmp_path], max_bytes=MAX_BYTES)
    article = Article.objects.get()
    first = Meeting.objects.values_list("date_start", "place").get()
    Article.objects.update(extractor_version="an older version")

    call_command("reextract", "--outdated", stdout=io.StringIO())

    assert (article.dateline_place, article.dateline_date) == ("Baku", dt.date(2024, 3, 5))
    assert not article.text.startswith("BAKU")
    assert first == (dt.date(2024, 3, 4), "Baku")
    assert Meeting.objects.values_list("date_start", "place").get() == first


def test_gazetteer_takes_people_editors_worked_on_and_the_most_active_not_one_offs():
    from meetings.models import AliasOrigin, PersonAlias

    edited = make_person(name="Curated Person")
    PersonAlias.objects.create(person=edited, name="C. Person Curated", origin=AliasOrigin.EDITOR)
    busy = make_person(name="Busy Person")
    Person.objects.filter(pk=busy.pk).update(meeting_count=7)
    make_person(name="Passing Person")  # one extraction, never touched: not fed back

    names = sorted(p.name for p in curated_gazetteer().people if p.name.endswith("Person"))

    assert names == ["Busy Person", "Curated Person"]


def copies_of(text: str, count: int, path: Path, *, tag: str) -> Path:
    """A JSON Lines file of `count` agency copies of one story (as syndication produces)."""
    records = [
        {"text": f"{text}\n(copy {tag}-{index})", "url": f"https://copies.example/{tag}/{index}",
         "published": "2024-03-05", "source": f"Agency {index % 3}"}
        for index in range(count)
    ]  # fmt: skip
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_ingest_stores_a_chunk_of_reports_of_a_known_meeting_in_a_few_queries_each(tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ingest_paths([copies_of(GOOD_ARTICLE, 1, tmp_path / "first.jsonl", tag="a")], max_bytes=MAX_BYTES)
    more = copies_of(GOOD_ARTICLE, 40, tmp_path / "more.jsonl", tag="b")

    with CaptureQueriesContext(connection) as queries:
        report = ingest_paths([more], max_bytes=MAX_BYTES)

    assert (report.articles_new, report.meetings_merged, report.meetings_created) == (40, 40, 0)
    assert Meeting.objects.get().reports.count() == 41
    # Per article: the INSERT of the article, finding the meeting, its report and its links.
    # The rest is per chunk or per batch (gazetteer, lock, commit, rollups), whatever the batch size.
    assert len(queries) <= 4 * 40 + 40, [q["sql"][:120] for q in queries.captured_queries]


def test_ingest_one_failing_article_in_a_chunk_is_reported_and_the_rest_of_the_chunk_kept(
    tmp_path, monkeypatch
):
    real_create_report = store._create_report

    def failing_for_copy_7(meeting, extracted, *, article, **options):
        if "(copy c-7)" in article.text:
            raise DatabaseError("simulated failure while storing copy 7")
        return real_create_report(meeting, extracted, article=article, **options)

    monkeypatch.setattr(store, "_create_report", failing_for_copy_7)
    report = ingest_paths(
        [copies_of(GOOD_ARTICLE, 12, tmp_path / "copies.jsonl", tag="c")], max_bytes=MAX_BYTES
    )

    assert (report.articles_new, report.articles_failed) == (11, 1)
    assert "copies.jsonl" in report.failures[0].origin and "copy 7" in report.failures[0].reason
    assert Article.objects.count() == 11
    assert not Article.objects.filter(text__contains="(copy c-7)").exists()
    meeting = Meeting.objects.get()
    assert meeting.reports.count() == 11
    assert Person.objects.filter(name="Jeyhun Bayramov").get().meeting_count == 1


def varied_stories(count: int, path: Path) -> Path:
    """Several chunks of distinct encounters and syndicated copies of them."""
    from tests.store.test_ingest_faults import story

    records = [story(index // 2, variant="ab"[index % 2]) for index in range(count)]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def stored_state():
    meetings = sorted(
        (str(m.date_start), m.kind, tuple(sorted(m.participations.values_list("person__name", flat=True))),
         m.reports.count())
        for m in Meeting.objects.all()
    )  # fmt: skip
    return meetings, sorted(Person.objects.values_list("name", "meeting_count"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_ingest_with_an_extraction_worker_stores_what_ingest_in_one_process_does(tmp_path):
    from django.db import connection

    path = varied_stories(130, tmp_path / "stories.jsonl")  # three chunks
    alone = ingest_paths([path], max_bytes=MAX_BYTES)
    expected = stored_state()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE meetings_article, meetings_meeting, meetings_person, meetings_source CASCADE"
        )

    with_worker = ingest_paths([path], max_bytes=MAX_BYTES, extraction_worker=True)

    assert stored_state() == expected
    assert (with_worker.articles_new, with_worker.meetings_created, with_worker.meetings_merged) == (
        alone.articles_new, alone.meetings_created, alone.meetings_merged
    )  # fmt: skip
    assert with_worker.articles_new == 130 and with_worker.meetings_merged >= 60
    assert "extraction worker peak memory" in with_worker.summary()
