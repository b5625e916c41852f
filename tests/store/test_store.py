"""store_article and reextract_article over hand-built extractions (no extractor involved)."""

import datetime as dt

import pytest

from meetings import store
from meetings.extraction.schema import ArticleExtraction, Document, OrganizationRef, Participant, Span
from meetings.extraction.schema import Meeting as ExtractedMeeting
from meetings.models import (
    Article,
    Meeting,
    MeetingReport,
    MeetingStatus,
    Organization,
    Participation,
    Person,
    ResolutionStatus,
)
from meetings.resolve import Resolver
from meetings.store import reextract_article, set_meeting_status, store_article

pytestmark = pytest.mark.django_db

TEXT = (
    "Azerbaijan's Foreign Minister Jeyhun Bayramov met ICESCO Director-General Salim AlMalik in Rabat. "
    "They discussed culture."
)


def bayramov_meets_almalik(*, date=dt.date(2023, 11, 13), place="Rabat", topics=("culture",), version="v1"):
    return ArticleExtraction(
        meetings=[
            ExtractedMeeting(
                date=date,
                date_basis="explicit",
                place=place,
                location_country="MA",
                participants=[
                    Participant(
                        name="Jeyhun Bayramov", title="Foreign Minister", country="AZ", span=Span(29, 44)
                    ),
                    Participant(
                        name="Salim AlMalik",
                        title="Director-General",
                        organization=OrganizationRef(name="ICESCO", acronym="ICESCO"),
                        span=Span(72, 85),
                    ),
                ],
                countries=["AZ"],
                organizations=[
                    OrganizationRef(name="Islamic World Educational Organization", acronym="ICESCO")
                ],
                topics=list(topics),
                evidence=Span(0, 95),
                confidence=0.9,
            )
        ],
        extractor_version=version,
        source="News.Az",
        published=dt.date(2023, 11, 13),
    )


def document(text=TEXT, url=None):
    return Document(text=text, origin="test.txt", source="News.Az", published=dt.date(2023, 11, 13), url=url)


def test_store_article_creates_meeting_people_and_report():
    outcome = store_article(document=document(), extraction=bayramov_meets_almalik(), resolver=Resolver())

    assert (outcome.duplicate, outcome.meetings_created, outcome.people_created) == (False, 1, 2)
    meeting = Meeting.objects.get()
    assert (meeting.place, meeting.location_country_id, meeting.date_start) == (
        "Rabat",
        "MA",
        dt.date(2023, 11, 13),
    )
    assert sorted(meeting.countries.values_list("iso2", flat=True)) == ["AZ"]
    assert list(meeting.organizations.values_list("acronym", flat=True)) == ["ICESCO"]
    assert [(p.mention, p.country_id, p.organization.acronym if p.organization else None) for p in
            meeting.participations.order_by("position")] == [
        ("Jeyhun Bayramov", "AZ", None),
        ("Salim AlMalik", None, "ICESCO"),
    ]  # fmt: skip
    report = MeetingReport.objects.get()
    assert report.quote == TEXT[0:95]
    assert report.extractor_version == "v1"
    assert Person.objects.get(name="Jeyhun Bayramov").meeting_count == 1


def test_store_article_twice_changes_nothing():
    store_article(document=document(), extraction=bayramov_meets_almalik(), resolver=Resolver())
    counts = [model.objects.count() for model in (Article, Meeting, Person, Participation, MeetingReport)]

    outcome = store_article(document=document(), extraction=bayramov_meets_almalik(), resolver=Resolver())

    assert outcome.duplicate
    assert [
        model.objects.count() for model in (Article, Meeting, Person, Participation, MeetingReport)
    ] == counts


@pytest.mark.parametrize("busy_from", [0, 1, 10_000], ids=["everyone busy", "one busy", "nobody busy"])
def test_store_same_encounter_from_two_articles_is_one_meeting_with_two_reports(busy_from, monkeypatch):
    # Finding the stored meeting starts from the day's meetings or from the people's, by how busy they are.
    monkeypatch.setattr(store, "BUSY_PERSON_MEETINGS", busy_from)
    Person.objects.create(name="Jeyhun Bayramov", slug="jeyhun-bayramov", meeting_count=5).aliases.create(
        name="Jeyhun Bayramov"
    )
    store_article(document=document(), extraction=bayramov_meets_almalik(), resolver=Resolver())
    other_text = "Syndicated copy. " + TEXT
    outcome = store_article(
        document=document(text=other_text, url="https://example.org/copy"),
        extraction=bayramov_meets_almalik(date=dt.date(2023, 11, 14)),
        resolver=Resolver(),
    )

    assert (outcome.meetings_created, outcome.meetings_merged, outcome.people_matched) == (0, 1, 2)
    assert Meeting.objects.count() == 1
    assert MeetingReport.objects.count() == 2
    assert Person.objects.count() == 2
    assert Organization.objects.count() == 1
    assert sorted(Person.objects.values_list("meeting_count", flat=True)) == [1, 6]


def test_store_meeting_counts_follow_new_meetings_and_reextraction():
    store_article(document=document(), extraction=bayramov_meets_almalik(), resolver=Resolver())
    later = bayramov_meets_almalik(date=dt.date(2024, 2, 1))
    store_article(document=document(text="A later meeting. " + TEXT), extraction=later, resolver=Resolver())
    assert dict(Person.objects.values_list("name", "meeting_count")) == {
        "Jeyhun Bayramov": 2,
        "Salim AlMalik": 2,
    }

    nothing = ArticleExtraction(meetings=[], extractor_version="v2")
    reextract_article(
        article=Article.objects.get(text__startswith="A later"), extraction=nothing, resolver=Resolver()
    )

    assert dict(Person.objects.values_list("name", "meeting_count")) == {
        "Jeyhun Bayramov": 1,
        "Salim AlMalik": 1,
    }


def test_store_same_name_different_countries_are_two_people():
    def ali_khan(country):
        return ArticleExtraction(
            meetings=[
                ExtractedMeeting(
                    date=dt.date(2023, 1, 1),
                    participants=[
                        Participant(name="Ali Khan", country=country),
                        Participant(name="Other Minister", country="TR"),
                    ],
                )
            ],
            extractor_version="v1",
        )

    store_article(document=document(text="first"), extraction=ali_khan("PK"), resolver=Resolver())
    store_article(document=document(text="second"), extraction=ali_khan("IN"), resolver=Resolver())

    assert Person.objects.filter(name="Ali Khan").count() == 2


def test_store_surname_alone_is_left_unresolved_for_review():
    extraction = ArticleExtraction(
        meetings=[ExtractedMeeting(date=dt.date(2023, 1, 1), participants=[Participant(name="Bayramov", country="AZ"),
                                                                            Participant(name="Nasser Bourita", country="MA")])],
        extractor_version="v1",
    )  # fmt: skip
    outcome = store_article(document=document(), extraction=extraction, resolver=Resolver())

    assert outcome.names_unresolved == 1
    unresolved = Participation.objects.get(mention="Bayramov")
    assert (unresolved.person, unresolved.resolution) == (None, ResolutionStatus.UNRESOLVED)


def test_store_ambiguous_name_lists_candidates_and_does_not_guess():
    for country in ("PK", "IN"):
        Person.objects.create(name="Ali Khan", slug=f"ali-khan-{country.lower()}").aliases.create(
            name="Ali Khan"
        )
    extraction = ArticleExtraction(
        meetings=[ExtractedMeeting(date=dt.date(2023, 1, 1), participants=[Participant(name="Ali Khan"),
                                                                            Participant(name="Nasser Bourita", country="MA")])],
        extractor_version="v1",
    )  # fmt: skip
    store_article(document=document(), extraction=extraction, resolver=Resolver())

    participation = Participation.objects.get(mention="Ali Khan")
    assert participation.resolution == ResolutionStatus.AMBIGUOUS
    assert participation.candidates.count() == 2


def test_reextract_keeps_verified_meeting_untouched():
    store_article(document=document(), extraction=bayramov_meets_almalik(), resolver=Resolver())
    meeting = Meeting.objects.get()
    set_meeting_status(meeting=meeting, status=MeetingStatus.VERIFIED)

    reextract_article(
        article=Article.objects.get(),
        extraction=bayramov_meets_almalik(place="Somewhere else", version="v2"),
        resolver=Resolver(),
    )

    meeting.refresh_from_db()
    assert (meeting.pk, meeting.place, meeting.status) == (
        Meeting.objects.get().pk,
        "Rabat",
        MeetingStatus.VERIFIED,
    )
    assert Article.objects.get().extractor_version == "v2"


def test_reextract_never_resurrects_a_rejected_meeting():
    store_article(document=document(), extraction=bayramov_meets_almalik(), resolver=Resolver())
    meeting = Meeting.objects.get()
    set_meeting_status(meeting=meeting, status=MeetingStatus.REJECTED, reason="not a meeting")

    reextract_article(
        article=Article.objects.get(), extraction=bayramov_meets_almalik(version="v2"), resolver=Resolver()
    )

    assert list(Meeting.objects.values_list("pk", "status")) == [(meeting.pk, MeetingStatus.REJECTED)]
    assert Meeting.objects.public().count() == 0


def test_reextract_keeps_locked_fields_and_rebuilds_unreviewed_meetings():
    store_article(document=document(), extraction=bayramov_meets_almalik(), resolver=Resolver())
    meeting = Meeting.objects.get()
    meeting.place = "ICESCO headquarters"
    meeting.locked_fields = ["place"]
    meeting.save()

    reextract_article(
        article=Article.objects.get(),
        extraction=bayramov_meets_almalik(place="Rabat", version="v2"),
        resolver=Resolver(),
    )

    meeting.refresh_from_db()
    assert meeting.place == "ICESCO headquarters"


def test_reextract_replaces_unreviewed_meeting_with_new_extraction():
    store_article(
        document=document(), extraction=bayramov_meets_almalik(topics=("culture",)), resolver=Resolver()
    )

    reextract_article(
        article=Article.objects.get(),
        extraction=bayramov_meets_almalik(topics=("education",), version="v2"),
        resolver=Resolver(),
    )

    meeting = Meeting.objects.get()
    assert list(meeting.topics.values_list("name", flat=True)) == ["education"]
    assert meeting.reports.get().extractor_version == "v2"
    assert Person.objects.count() == 2
