"""A hostile-input corpus through the whole ingest pipeline: nothing crashes, every bad item is
reported with its reason, nothing is half-written, and inputs = stored + duplicates + failed."""

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetings.ingest import ingest_paths
from meetings.models import Article, Meeting, MeetingReport, Participation

pytestmark = pytest.mark.django_db

MAX_BYTES = 2_000_000

XSS_ARTICLE = """date 2024-02-02

Azerbaijan's Minister of Foreign Affairs Jeyhun Bayramov <script>alert(1)</script> met with Morocco's Minister of Foreign Affairs Nasser Bourita"><img src=x onerror=alert(2)> in Rabat on Friday.

They discussed <svg onload=alert(3)> trade and javascript:alert(4) culture.
"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>x</title><item><title>&lol3;</title><description>&lol3;</description></item></channel></rss>
"""


def assert_accounted(report, expected_items: int) -> None:
    assert report.articles_new + report.articles_duplicate + report.articles_failed == expected_items
    assert len(report.failures) == report.articles_failed
    assert all(failure.reason for failure in report.failures)


def assert_nothing_half_written() -> None:
    # Every stored meeting has its report and its people; no participation points nowhere.
    assert not Meeting.objects.filter(reports__isnull=True).exists()
    assert not Participation.objects.filter(article__isnull=True).exists()
    assert (
        MeetingReport.objects.filter(article__in=Article.objects.all()).count()
        == MeetingReport.objects.count()
    )


def test_hostile_corpus_is_reported_item_by_item(tmp_path):
    (tmp_path / "truncated.txt").write_bytes("Minister Çavuşoğlu met".encode()[:-1] + "Ç".encode()[:1])
    (tmp_path / "utf16-no-bom.txt").write_bytes("The minister met his counterpart.".encode("utf-16-le"))
    (tmp_path / "zero.txt").write_bytes(b"")
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # a 100 MB file (sparse: cheap to make)
    (tmp_path / "nested.html").write_text(
        "<html><body>" + "<div>" * 20000 + "deep" + "</div>" * 20000 + "</body></html>"
    )
    (tmp_path / "laughs.xml").write_text(BILLION_LAUGHS)
    (tmp_path / "random.txt").write_bytes(bytes(range(256)) * 40)
    records = [
        json.dumps({"text": "The foreign ministry issued a statement on Monday.", "published": "9999-99-99"}),
        "{broken",
        json.dumps(
            {"text": "Officials met on 31 February 2024 and on 0000-00-00.", "published": "0001-01-01"}
        ),
        json.dumps(["not", "an", "object"]),
    ]
    (tmp_path / "odd.jsonl").write_text("\n".join(records) + "\n")
    (tmp_path / "xss.txt").write_text(XSS_ARTICLE)

    report = ingest_paths([tmp_path], max_bytes=MAX_BYTES)

    failed = {failure.origin.rsplit("/", 1)[-1]: failure.reason for failure in report.failures}
    assert {"truncated.txt", "zero.txt", "huge.txt", "laughs.xml", "random.txt"} <= set(failed)
    assert "limit" in failed["huge.txt"]
    assert any("line 2" in origin for origin in failed)
    assert any("line 4" in origin for origin in failed)
    assert_accounted(report, expected_items=12)
    assert_nothing_half_written()
    stored = Article.objects.get(text__contains="Bourita")
    assert "<script>alert(1)</script>" in stored.text  # kept as text; templates escape it


def test_ten_thousand_names_in_one_article_finishes(tmp_path):
    names = ", ".join(f"Minister Person{index} Surname{index}" for index in range(10_000))
    (tmp_path / "crowd.txt").write_text(f"date 2024-01-01\n\nThe president met {names} in Baku on Monday.\n")

    started = time.monotonic()
    report = ingest_paths([tmp_path], max_bytes=MAX_BYTES)

    assert time.monotonic() - started < 120
    assert_accounted(report, expected_items=1)
    assert_nothing_half_written()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".xml"]))
def test_random_bytes_never_crash_ingest(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)

    report = ingest_paths([path], max_bytes=MAX_BYTES)

    assert report.articles_new + report.articles_duplicate + report.articles_failed >= 1
    assert len(report.failures) == report.articles_failed
    assert_nothing_half_written()
