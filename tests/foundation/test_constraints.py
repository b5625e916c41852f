"""Every invariant the database enforces rejects what it should."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from meetings.models import (
    Article,
    Meeting,
    MeetingReport,
    MeetingStatus,
    NotSamePerson,
    Participation,
    PersonAlias,
    PersonIdentifier,
    ResolutionStatus,
)
from tests.factories import make_article, make_meeting, make_organization, make_person

pytestmark = pytest.mark.django_db


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_article_same_content_hash_rejected():
    article = make_article(text="One text.")
    assert_rejected(lambda: Article.objects.create(text="One text.", content_hash=article.content_hash))


def test_article_same_url_rejected():
    make_article(url="https://example.org/a")
    assert_rejected(lambda: make_article(url="https://example.org/a"))


def test_article_empty_text_rejected():
    assert_rejected(lambda: Article.objects.create(text="", content_hash="x" * 64))


def test_meeting_start_after_end_rejected():
    assert_rejected(
        lambda: Meeting.objects.create(date_start=dt.date(2023, 2, 2), date_end=dt.date(2023, 2, 1))
    )


def test_meeting_confidence_out_of_range_rejected():
    assert_rejected(lambda: Meeting.objects.create(confidence=1.5))


def test_meeting_unknown_kind_rejected():
    assert_rejected(lambda: Meeting.objects.create(kind="telepathy"))


def test_meeting_rejected_without_reason_rejected():
    assert_rejected(lambda: Meeting.objects.create(status=MeetingStatus.REJECTED))


def test_participation_representing_country_and_organization_rejected():
    meeting = make_meeting()
    organization = make_organization(name="Test Organization", acronym="TO")
    assert_rejected(
        lambda: Participation.objects.create(
            meeting=meeting, mention="A Person", country_id="AZ", organization=organization,
            resolution=ResolutionStatus.UNRESOLVED,
        )
    )  # fmt: skip


def test_participation_resolved_without_person_rejected():
    meeting = make_meeting()
    assert_rejected(
        lambda: Participation.objects.create(
            meeting=meeting, mention="A Person", resolution=ResolutionStatus.RESOLVED
        )
    )


def test_participation_reversed_span_rejected():
    meeting = make_meeting()
    assert_rejected(
        lambda: Participation.objects.create(
            meeting=meeting, mention="A", span_start=10, span_end=5, resolution=ResolutionStatus.UNRESOLVED
        )
    )


def test_meeting_report_twice_for_same_article_rejected():
    meeting = make_meeting()
    report = meeting.reports.get()
    assert_rejected(
        lambda: MeetingReport.objects.create(
            article=report.article,
            meeting=meeting,
            evidence_start=0,
            evidence_end=5,
            quote="x",
            extractor_version="t",
        )
    )


def test_person_alias_same_surface_form_twice_rejected():
    person = make_person(name="Jeyhun Bayramov")
    assert_rejected(lambda: PersonAlias.objects.create(person=person, name="Jeyhun Bayramov"))


def test_person_identifier_shared_by_two_people_rejected():
    first, second = make_person(name="First Person"), make_person(name="Second Person")
    PersonIdentifier.objects.create(person=first, scheme="wikidata", value="Q1")
    assert_rejected(lambda: PersonIdentifier.objects.create(person=second, scheme="wikidata", value="Q1"))


def test_not_same_person_pair_out_of_order_rejected():
    first, second = make_person(name="First Person"), make_person(name="Second Person")
    assert_rejected(lambda: NotSamePerson.objects.create(first=second, second=first))


def test_person_merged_into_itself_rejected():
    person = make_person(name="Only Person")
    person.merged_into = person
    assert_rejected(person.save)


def test_country_lowercase_code_rejected():
    from meetings.models import Country

    assert_rejected(lambda: Country.objects.create(iso2="zz", name="Nowhere"))
