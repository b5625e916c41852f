"""The store, the admin and the commands keep the count rollups equal to a full rebuild."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from meetings import rollups
from meetings.ingest import ingest_paths
from meetings.models import (
    Meeting,
    MeetingMonthCount,
    MeetingStatus,
    MeetingTotalCount,
    PersonMonthCount,
    PersonTotalCount,
)
from meetings.store import set_meeting_status
from tests.store.test_ingest import GOOD_ARTICLE, SECOND_ARTICLE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reference_data")]


@pytest.fixture(autouse=True)
def everyone_is_a_busy_person(settings):
    """Person rollups for everyone with a meeting, so that the same changes keep those exact too."""
    settings.PERSON_ROLLUP_MIN_MEETINGS = 1


def rollup_rows():
    monthly = sorted(MeetingMonthCount.objects.values_list(
        "dimension", "month", "country_id", "organization_id", "topic_id", "kind", "status", "meetings"))  # fmt: skip
    totals = sorted(MeetingTotalCount.objects.values_list(
        "dimension", "country_id", "organization_id", "topic_id", "kind", "status", "meetings"))  # fmt: skip
    person_keys = (
        "person_id",
        "dimension",
        "counterpart_id",
        "country_id",
        "organization_id",
        "title",
        "meetings",
    )
    person_monthly = sorted(
        PersonMonthCount.objects.values_list(*person_keys, "month", "first_date", "last_date"), key=repr
    )
    person_totals = sorted(PersonTotalCount.objects.values_list(*person_keys), key=repr)
    return monthly, totals, person_monthly, person_totals


def assert_equal_to_a_rebuild():
    incremental = rollup_rows()
    rollups.refresh_all()
    assert incremental == rollup_rows()


def test_ingest_status_changes_and_admin_edits_keep_rollups_exact(tmp_path, client):
    from tests.factories import make_user

    caches["default"].clear()
    (tmp_path / "first.txt").write_text(GOOD_ARTICLE)
    ingest_paths([tmp_path / "first.txt"], max_bytes=1_000_000)
    rollups.refresh_all()

    (tmp_path / "second.txt").write_text(SECOND_ARTICLE)
    ingest_paths([tmp_path / "second.txt"], max_bytes=1_000_000)
    assert_equal_to_a_rebuild()
    assert (
        sum(row[-1] for row in rollup_rows()[1] if row[0] == "all") == Meeting.objects.public().count() == 2
    )

    meeting = Meeting.objects.order_by("id").first()
    set_meeting_status(meeting=meeting, status=MeetingStatus.REJECTED, reason="not a meeting")
    assert_equal_to_a_rebuild()

    other = Meeting.objects.order_by("id").last()
    client.force_login(make_user(username="rollup-editor", editor=True))
    client.post(
        reverse("admin:meetings_meeting_changelist"), {"action": "verify", "_selected_action": [other.pk]}
    )
    assert_equal_to_a_rebuild()


def test_ingest_of_reports_adding_links_to_known_meetings_keeps_rollups_exact(tmp_path):
    (tmp_path / "first.txt").write_text(GOOD_ARTICLE)
    ingest_paths([tmp_path / "first.txt"], max_bytes=1_000_000)
    rollups.refresh_all()
    meeting = Meeting.objects.get()
    topics_before = set(meeting.topics.values_list("slug", flat=True))

    # Another agency's report of the same meeting names more topics: new links of a known meeting.
    (tmp_path / "second.txt").write_text(
        GOOD_ARTICLE.replace("(Test Agency)", "(Other Agency)")
        + "\nThey also discussed tourism, climate change and migration.\n"
    )
    (tmp_path / "third.txt").write_text(SECOND_ARTICLE)
    report = ingest_paths([tmp_path / "second.txt", tmp_path / "third.txt"], max_bytes=1_000_000)

    assert (report.meetings_merged, report.meetings_created) == (1, 1)
    assert set(meeting.topics.values_list("slug", flat=True)) > topics_before
    assert PersonTotalCount.objects.filter(dimension="counterpart").exists()
    assert_equal_to_a_rebuild()


def test_ingest_of_a_report_of_a_known_meeting_invalidates_cached_pages(tmp_path, client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()
    (tmp_path / "first.txt").write_text(GOOD_ARTICLE)
    ingest_paths([tmp_path / "first.txt"], max_bytes=1_000_000)
    meeting = Meeting.objects.get()
    first = client.get(meeting.get_absolute_url()).content.decode()
    assert "Other Agency" not in first

    (tmp_path / "copy.txt").write_text(GOOD_ARTICLE.replace("(Test Agency)", "(Other Agency)") + "\nCopy.\n")
    report = ingest_paths([tmp_path / "copy.txt"], max_bytes=1_000_000)

    assert report.meetings_merged == 1
    assert meeting.reports.count() == 2
    assert client.get(meeting.get_absolute_url()).content.decode() != first


def test_at_scale_the_list_reads_country_names_from_the_cache_until_the_data_changes(tmp_path, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import Country

    caches["default"].clear()
    (tmp_path / "first.txt").write_text(GOOD_ARTICLE)
    ingest_paths([tmp_path / "first.txt"], max_bytes=1_000_000)
    rollups.refresh_all()
    assert '<option value="fr">France</option>' in client.get("/meetings/").content.decode()

    with CaptureQueriesContext(connection) as queries:
        client.get("/meetings/")
    assert not [q for q in queries.captured_queries if 'FROM "meetings_country"' in q["sql"]]

    france = Country.objects.get(iso2="FR")
    france.name = "French Republic"
    france.save()  # a committed change: the data version moves on
    page = client.get("/meetings/").content.decode()
    assert '<option value="fr">French Republic</option>' in page


def test_at_scale_the_home_page_reads_its_aggregates_from_the_cache_until_the_data_changes(
    tmp_path, client, django_assert_max_num_queries
):
    from meetings.models import Country

    caches["default"].clear()
    (tmp_path / "first.txt").write_text(GOOD_ARTICLE)
    ingest_paths([tmp_path / "first.txt"], max_bytes=1_000_000)
    rollups.refresh_all()
    first = client.get("/").content.decode()
    assert "Morocco" in first

    with django_assert_max_num_queries(1):  # only "are the rollups built?"
        assert client.get("/").content.decode() == first

    morocco = Country.objects.get(iso2="MA")
    morocco.name = "Kingdom of Morocco"
    morocco.save()  # a committed change: the data version moves on
    assert "Kingdom of Morocco" in client.get("/").content.decode()


def test_admin_filter_rankings_come_from_the_cache_until_the_data_changes(tmp_path, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_user

    caches["default"].clear()
    (tmp_path / "first.txt").write_text(GOOD_ARTICLE)
    ingest_paths([tmp_path / "first.txt"], max_bytes=1_000_000)
    rollups.refresh_all()
    client.force_login(make_user(username="filter-editor", editor=True))
    url = reverse("admin:meetings_meeting_changelist")

    def totals_read() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        assert "Azerbaijan" in page
        return sum("meetings_meetingtotalcount" in q["sql"] for q in captured.captured_queries)

    assert totals_read() == 2  # countries and organizations, ranked
    assert totals_read() == 0  # then kept

    (tmp_path / "second.txt").write_text(SECOND_ARTICLE)
    ingest_paths([tmp_path / "second.txt"], max_bytes=1_000_000)  # a new country, Türkiye
    assert "?country=TR" in client.get(url).content.decode()
