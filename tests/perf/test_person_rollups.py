"""Busy people's pages count from the person rollups: the same numbers as counting their
participations, kept equal to a full rebuild by every change that moves them."""

import datetime as dt
import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse

from meetings import queries, rollups
from meetings.extraction.schema import ArticleExtraction, Document, Participant, Span
from meetings.extraction.schema import Meeting as ExtractedMeeting
from meetings.models import (
    Meeting,
    MeetingStatus,
    Participation,
    Person,
    PersonMonthCount,
    PersonRollupDimension,
    PersonTotalCount,
)
from meetings.resolve import Resolver
from meetings.store import accept_mention, merge_people, set_meeting_status, store_article

pytestmark = pytest.mark.django_db

MIN_MEETINGS = 25


@pytest.fixture(autouse=True)
def few_meetings_make_a_busy_person(settings):
    settings.PERSON_ROLLUP_MIN_MEETINGS = MIN_MEETINGS
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def generated():
    call_command("generate_archive", "--meetings", "3000", "--seed", "23", stdout=io.StringIO())


def rolled_up_ids() -> set[int]:
    rows = PersonTotalCount.objects.filter(dimension=PersonRollupDimension.MEETINGS)
    return set(rows.values_list("person_id", flat=True))


def snapshot():
    keys = ("person_id", "dimension", "counterpart_id", "country_id", "organization_id", "title", "meetings")
    return (
        sorted(PersonMonthCount.objects.values_list(*keys, "month", "first_date", "last_date"), key=repr),
        sorted(PersonTotalCount.objects.values_list(*keys), key=repr),
    )


def comparable(aggregates: dict) -> dict:
    """Counterparts tied on their count are ordered by name, and names may repeat: by slug instead."""
    return {
        **aggregates,
        "counterparts": sorted(aggregates["counterparts"], key=lambda row: (-row["n"], row["person__slug"])),
    }


def counted(person: Person, limit: int = 10_000) -> dict:
    return queries.person_aggregates(person, use_rollups=False, counterparts_limit=limit)


def from_rollups(person: Person, limit: int = 10_000) -> dict | None:
    return queries.rolled_up_person_aggregates(person, counterparts_limit=limit)


def test_busy_people_are_rolled_up_and_their_counts_equal_the_participations(generated):
    busy = set(Person.objects.filter(meeting_count__gte=MIN_MEETINGS).values_list("pk", flat=True))
    quiet = Person.objects.filter(meeting_count__lt=MIN_MEETINGS, meeting_count__gt=0).first()

    assert busy and rolled_up_ids() == busy
    assert from_rollups(quiet) is None
    for person in Person.objects.filter(pk__in=busy).order_by("-meeting_count")[:6]:
        rolled_up, exact = from_rollups(person), counted(person)
        assert rolled_up["counts"][0] == person.meeting_count
        assert rolled_up["titles"] and rolled_up["represented"] and rolled_up["counterparts"]
        assert comparable(rolled_up) == comparable(exact)
        # The page's top ten: the same counts (ties may name different people of one count).
        assert [row["n"] for row in from_rollups(person, 10)["counterparts"]] == [
            row["n"] for row in counted(person, 10)["counterparts"]
        ]


def test_person_page_reads_the_rollups_of_a_busy_person(client, generated, django_assert_max_num_queries):
    busiest = Person.objects.order_by("-meeting_count", "pk").first()
    with django_assert_max_num_queries(12) as captured:
        response = client.get(busiest.get_absolute_url())

    assert response.status_code == 200
    statements = " ".join(query["sql"] for query in captured.captured_queries)
    assert PersonTotalCount._meta.db_table in statements
    assert response.context_data["counterparts"] == from_rollups(busiest, 10)["counterparts"]
    assert response.context_data["meeting_total"] == busiest.meeting_count


def an_extraction_with(person: Person, other_name: str, date: dt.date) -> ArticleExtraction:
    return ArticleExtraction(
        meetings=[
            ExtractedMeeting(
                date=date,
                date_basis="explicit",
                participants=[
                    Participant(name=person.name, span=Span(0, len(person.name))),
                    Participant(name=other_name, span=Span(0, 5)),
                ],
                evidence=Span(0, 20),
                confidence=0.9,
            )
        ],
        extractor_version="test",
    )


def store(person: Person, other_name: str, date: dt.date, *, text: str) -> None:
    store_article(
        document=Document(text=text, origin=f"{text}.txt", published=date),
        extraction=an_extraction_with(person, other_name, date),
        resolver=Resolver(),
    )


def ingest_a_meeting_with_a_newcomer(people, client):
    store(people[0], "Brand Newcomer", dt.date(2031, 3, 4), text="first stored article")


def ingest_a_second_report_that_adds_an_attendee(people, client):
    busiest = people[0]
    meeting, other = next(
        (meeting, other)
        for meeting in Meeting.objects.filter(participations__person=busiest, date_start__isnull=False)
        .exclude(status=MeetingStatus.REJECTED)
        .order_by("pk")
        for other in [meeting.participations.exclude(person=busiest).exclude(person=None).first()]
        if other is not None and meeting.participations.count() == 2 and meeting.status == "unreviewed"
    )
    extraction = ArticleExtraction(
        meetings=[
            ExtractedMeeting(
                date=meeting.date_start,
                date_basis="explicit",
                kind=meeting.kind,
                participants=[
                    Participant(name=busiest.name, span=Span(0, 5)),
                    Participant(name=other.person.name, span=Span(6, 10)),
                    Participant(name="Added Attendee", role="attendee", span=Span(11, 15)),
                ],
                evidence=Span(0, 20),
                confidence=0.9,
            )
        ],
        extractor_version="test",
    )
    store_article(
        document=Document(text="a second report", origin="second.txt", published=meeting.date_start),
        extraction=extraction,
        resolver=Resolver(),
    )
    assert meeting.reports.count() == 2 and meeting.participations.filter(mention="Added Attendee").exists()


def reject_a_meeting(people, client):
    meeting = Meeting.objects.filter(participations__person=people[1]).order_by("pk").first()
    set_meeting_status(meeting=meeting, status=MeetingStatus.REJECTED, reason="not a meeting")


def move_a_meeting_to_another_month_in_the_admin(people, client):
    meeting = Meeting.objects.filter(participations__person=people[1]).order_by("-pk").first()
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"date_start": "2032-07-09", "date_end": "2032-07-09"})
    for name in ("countries", "organizations", "topics"):
        data[name] = form[name].value() or []
    data.update({"participations-TOTAL_FORMS": "0", "participations-INITIAL_FORMS": "0",
                 "reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def merge_two_people(people, client):
    quiet = [person for person in people if 0 < person.meeting_count < 5]
    merge_people(keep=quiet[0], duplicates=[quiet[1]])


def give_a_mention_to_someone_else(people, client):
    mention = Participation.objects.filter(person=people[0]).order_by("pk").first()
    accept_mention(participation=mention, person=people[-1])


def move_a_participation_in_the_admin(people, client):
    mention = Participation.objects.filter(person=people[0]).order_by("-pk").first()
    url = reverse("admin:meetings_participation_change", args=[mention.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"person": people[-1].pk, "candidates": []})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def delete_a_participation_in_the_admin(people, client):
    mention = Participation.objects.filter(person=people[1]).order_by("-pk").first()
    url = reverse("admin:meetings_participation_delete", args=[mention.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def remove_a_participant_in_the_meeting_form(people, client):
    meeting = Meeting.objects.filter(participations__person=people[0]).order_by("pk")[1]
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    context = client.get(url).context
    form = context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    for name in ("countries", "organizations", "topics"):
        data[name] = form[name].value() or []
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = value
        for inline_form in formset.initial_forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                data[inline_form.add_prefix(name)] = "" if value is None else value
            if formset.model is Participation and inline_form.instance.person_id == people[0].pk:
                data[inline_form.add_prefix("DELETE")] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not meeting.participations.filter(person=people[0]).exists()


def add_a_meeting_in_the_admin(people, client):
    url = reverse("admin:meetings_meeting_add")
    context = client.get(url).context
    form = context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {"date_start": "2033-02-03", "date_end": "2033-02-03", "kind": "in_person", "status": "unreviewed"}
    )
    for name in ("countries", "organizations", "topics", "locked_fields"):
        data.pop(name, None)
    for inline in context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        if inline.formset.model is Participation:
            data[f"{prefix}-TOTAL_FORMS"] = "2"
            for index, person in enumerate(people[:2]):
                data.update({f"{prefix}-{index}-person": person.pk, f"{prefix}-{index}-mention": person.name,
                             f"{prefix}-{index}-role": "principal", f"{prefix}-{index}-resolution": "resolved",
                             f"{prefix}-{index}-position": index})  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Meeting.objects.filter(date_start=dt.date(2033, 2, 3), participations__person=people[0]).exists()


def delete_a_meeting_as_superuser(people, client):
    meeting = Meeting.objects.filter(participations__person=people[0]).order_by("pk")[2]
    count_before = people[0].meeting_count
    url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    people[0].refresh_from_db()
    assert people[0].meeting_count == count_before - 1


CHANGES = [
    ingest_a_meeting_with_a_newcomer,
    ingest_a_second_report_that_adds_an_attendee,
    reject_a_meeting,
    move_a_meeting_to_another_month_in_the_admin,
    merge_two_people,
    give_a_mention_to_someone_else,
    move_a_participation_in_the_admin,
    delete_a_participation_in_the_admin,
    remove_a_participant_in_the_meeting_form,
    add_a_meeting_in_the_admin,
    delete_a_meeting_as_superuser,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_each_kind_of_change_keeps_the_person_rollups_equal_to_a_full_rebuild(
    generated, change, admin_client, django_capture_on_commit_callbacks
):
    people = list(Person.objects.order_by("-meeting_count", "pk"))
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        change(people, admin_client)

    incremental = snapshot()
    rollups.refresh_all()

    assert incremental != before
    assert incremental == snapshot()


def test_a_person_reaching_the_minimum_is_rolled_up_by_the_change_that_took_them_there(generated):
    nearly = Person.objects.filter(meeting_count=MIN_MEETINGS - 1).first()
    if nearly is None:  # the seed decides; make one
        nearly = Person.objects.filter(meeting_count__lt=MIN_MEETINGS - 1).order_by("-meeting_count").first()
        for day in range(MIN_MEETINGS - 1 - nearly.meeting_count):
            store(nearly, f"Visitor {day}", dt.date(2030, 1, day + 1), text=f"visit {day}")
        nearly.refresh_from_db()
    assert nearly.meeting_count == MIN_MEETINGS - 1 and nearly.pk not in rolled_up_ids()

    store(nearly, "Last Visitor", dt.date(2030, 6, 1), text="the visit that makes them busy")

    nearly.refresh_from_db()
    assert nearly.meeting_count == MIN_MEETINGS
    assert nearly.pk in rolled_up_ids()
    assert comparable(from_rollups(nearly)) == comparable(counted(nearly))


def test_nothing_is_rolled_up_before_the_first_build(db):
    from tests.factories import make_meeting, make_person

    person = make_person(name="Busy Before Build")
    for _ in range(3):
        make_meeting(participants=[(person, "AZ", None)])
    rollups.add_people_reports(Meeting.objects.values_list("pk", flat=True), [1])

    assert not PersonMonthCount.objects.exists() and not PersonTotalCount.objects.exists()
