"""Writing extractions to the database, and the editors' merges.

Every function here runs in one transaction: an article is stored with all its meetings or not
at all. Editors' work is never rewritten: verified and rejected meetings, locked fields and
participations an editor touched are left as they are; a rejected meeting stays a tombstone
that later reports attach to without bringing it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from diplomacy.pagecache import bump_data_version
from meetings import rollups
from meetings.extraction.normalise import name_key, name_words, squash_spaces
from meetings.extraction.schema import ArticleExtraction, Document, OrganizationRef, Participant
from meetings.extraction.schema import Meeting as ExtractedMeeting
from meetings.models import (
    AliasKind,
    AliasOrigin,
    Article,
    Meeting,
    MeetingReport,
    MeetingStatus,
    NotSamePerson,
    Organization,
    OrganizationAlias,
    Participation,
    Person,
    PersonAlias,
    PersonIdentifier,
    ResolutionStatus,
    Role,
    RollupDimension,
    Source,
    Topic,
    slug_for,
)
from meetings.resolve import Ambiguous, Match, New, Resolver, Unresolved

# Meeting fields the extractor fills and an editor may lock.
EXTRACTED_FIELDS = ("kind", "date_start", "date_end", "date_precision", "date_basis", "place", "location_country",
                    "context_event")  # fmt: skip
# Reports of one encounter may disagree on the date by a day (time zones, "yesterday").
SAME_MEETING_DATE_TOLERANCE = dt.timedelta(days=1)
# Beyond this many meetings, finding a person's meeting on a given day starts from the day's
# meetings rather than from the person's.
BUSY_PERSON_MEETINGS = 2000
# Two ingest processes must not both create the same person or the same meeting. Matching is
# fuzzy (no unique key to lean on), so the matching-and-creating step of each article runs under
# one transaction-scoped advisory lock; extraction, the expensive part, still runs in parallel.
STORE_LOCK_KEY = 7_263_001


def lock_for_matching(resolver: Resolver) -> None:
    """Take the matching lock for the rest of the current transaction (ingest does so once per chunk).

    Another process may have stored people or organizations since the resolver cached its
    lookups, so its "nobody has this name" answers are dropped once the lock is held.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORE_LOCK_KEY])
    resolver.forget_misses()


@dataclass
class StoreOutcome:
    """What storing one article did, for the ingest summary."""

    article_id: int | None
    duplicate: bool = False
    meetings_created: int = 0
    meetings_merged: int = 0
    people_created: int = 0
    people_matched: int = 0
    names_unresolved: int = 0
    # For the count rollups (meetings.rollups): meetings created or changed, and months that lost one
    # (re-extraction recomputes those months); and what new meetings and links add (ingest adds it).
    changed_meetings: set[int] = field(default_factory=set)
    previous_months: set = field(default_factory=set)
    rollup_counts: Counter = field(default_factory=Counter)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def already_stored(documents: list[Document]) -> list[bool]:
    """For each document, whether an article with its text or URL is stored: one query for a whole chunk."""
    if not documents:
        return []
    hashes = [content_hash(document.text) for document in documents]
    urls = [document.url for document in documents if document.url]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT content_hash, url FROM {Article._meta.db_table} "
            "WHERE content_hash = ANY(%s) OR url = ANY(%s)",
            [hashes, urls],
        )
        rows = cursor.fetchall()
    stored_hashes = {row[0] for row in rows}
    stored_urls = {row[1] for row in rows if row[1]}
    return [
        digest in stored_hashes or bool(document.url and document.url in stored_urls)
        for digest, document in zip(hashes, documents, strict=True)
    ]


def find_stored_article(document: Document) -> Article | None:
    """The article already stored with this text or this URL, if any."""
    query = Q(content_hash=content_hash(document.text))
    if document.url:
        query |= Q(url=document.url)
    return Article.objects.filter(query).first()


def store_article(
    *, document: Document, extraction: ArticleExtraction, resolver: Resolver, chunk_transaction: bool = False
) -> StoreOutcome:
    """Store an article and the meetings extracted from it, in one transaction.

    Side effects: creates the Source if new, the Article, Meetings (or MeetingReports on meetings
    already known from other articles), Participations, People with their aliases, Organizations
    and Topics. Storing the same text or URL again changes nothing and reports a duplicate.
    With `chunk_transaction`, the caller stores a chunk of articles in one transaction and holds
    the matching lock (see lock_for_matching): no savepoint, so an error spoils the whole chunk;
    the caller then also adds `rollup_counts` to the rollups, adds the articles' reports to the
    person rollups and bumps the pages' data version.
    """
    with transaction.atomic(savepoint=not chunk_transaction):
        source = _source(document.source or extraction.source, resolver=resolver)
        article = _insert_article(document, extraction, source=source)
        if article is None:
            # Stored before (perhaps by another ingest process a moment ago).
            existing = find_stored_article(document)
            if existing is None:  # the copy it clashed with was deleted in the meantime
                raise IntegrityError(
                    "the article clashed with a copy that is no longer stored; ingest it again"
                )
            return StoreOutcome(article_id=existing.pk, duplicate=True)
        outcome = StoreOutcome(article_id=article.pk)
        if extraction.meetings:
            if not chunk_transaction:
                lock_for_matching(resolver)
            _store_meetings(article=article, extraction=extraction, resolver=resolver, outcome=outcome)
        if not chunk_transaction:
            # Ingest does these once per chunk, for all its articles.
            rollups.add_counts(outcome.rollup_counts)
            rollups.add_people_reports(outcome.changed_meetings, [article.pk])
            bump_data_version()
    return outcome


def _insert_article(
    document: Document, extraction: ArticleExtraction, *, source: Source | None
) -> Article | None:
    """INSERT the article unless its text or URL is stored already (then None); no savepoint needed.

    ON CONFLICT waits for a concurrent transaction inserting the same row, so a None always means
    a committed copy exists.
    """
    article = Article(
        source=source,
        url=document.url or None,
        content_hash=content_hash(document.text),
        title=(document.title or "")[:500],
        text=document.text,
        published=document.published or extraction.published,
        dateline_place=(document.dateline_place or "")[:200],
        dateline_date=document.dateline_date,
        language=(document.language or "")[:12],
        origin=document.origin[:1000],
        extractor_version=extraction.extractor_version,
        ingested_at=timezone.now(),
    )
    columns = ["source_id", "url", "content_hash", "title", "text", "published", "dateline_place",
               "dateline_date", "language", "origin", "extractor_version", "ingested_at"]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Article._meta.db_table} ({', '.join(columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING RETURNING id",
            [getattr(article, column) for column in columns],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    article.pk = row[0]
    article._state.adding = False
    return article


def reextract_article(*, article: Article, extraction: ArticleExtraction, resolver: Resolver) -> StoreOutcome:
    """Replace what an older extractor stored for this article, keeping every editor's decision.

    Unreviewed, unlocked meetings reported only by this article are rebuilt; verified, rejected
    or locked meetings and participations an editor touched stay exactly as they are.
    """
    with transaction.atomic():
        # The matching lock first, as ingest takes it, so the two never wait on each other in a cycle.
        lock_for_matching(resolver)
        article = Article.objects.select_for_update().get(pk=article.pk)
        outcome = StoreOutcome(article_id=article.pk)
        # Lock this article's meetings: an editor saving one now waits, and we then see their change.
        list(
            Meeting.objects.select_for_update()
            .filter(reports__article=article)
            .order_by("pk")
            .values_list("pk")
        )
        # People whose mentions this re-extraction may remove are recounted afterwards.
        affected_people = set(
            Participation.objects.filter(article=article, person__isnull=False).values_list(
                "person_id", flat=True
            )
        )
        for report in article.reports.select_related("meeting"):
            meeting = report.meeting
            if _editor_owns(meeting):
                continue
            outcome.previous_months.add(meeting.date_start)
            if meeting.reports.exclude(article=article).exists():
                report.delete()
                meeting.participations.filter(article=article, edited_by_editor=False).delete()
            else:
                meeting.delete()
        # Reports take their extractor version from the article.
        article.extractor_version = extraction.extractor_version
        article.save(update_fields=["extractor_version"])
        _store_meetings(article=article, extraction=extraction, resolver=resolver, outcome=outcome)
        refresh_meeting_counts(affected_people)
    return outcome


def _editor_owns(meeting: Meeting) -> bool:
    return (
        meeting.status != MeetingStatus.UNREVIEWED
        or bool(meeting.locked_fields)
        or meeting.participations.filter(edited_by_editor=True).exists()
    )


def _participant_key(person_id: int | None, mention: str) -> str:
    """Who a participation is, for matching meetings: the person, or the name when unresolved."""
    return f"p{person_id}" if person_id else f"n{name_key(mention)}"


@dataclass
class _ResolvedParticipant:
    participant: Participant
    person_id: int | None
    resolution: str
    candidate_ids: tuple[int, ...]
    country: str | None
    organization_id: int | None
    created: bool = False  # the person was created for this very mention

    @property
    def key(self) -> str:
        return _participant_key(self.person_id, self.participant.name)


@dataclass
class _MeetingPlan:
    extracted: ExtractedMeeting
    participants: list[_ResolvedParticipant] = field(default_factory=list)

    @property
    def principal_keys(self) -> set[str]:
        return {p.key for p in self.participants if p.participant.role == Role.PRINCIPAL}


def _store_meetings(
    *, article: Article, extraction: ArticleExtraction, resolver: Resolver, outcome: StoreOutcome
):
    joined: Counter[int] = Counter()  # person id -> meetings they were added to by this article
    for extracted in extraction.meetings:
        plan = _MeetingPlan(extracted)
        for participant in extracted.participants:
            plan.participants.append(_resolve_participant(participant, resolver=resolver, outcome=outcome))
        if not plan.principal_keys:
            continue
        known = _find_same_meeting(plan, resolver=resolver)
        if known is None:
            meeting, added, linked = _create_meeting(plan, article=article, resolver=resolver)
            outcome.meetings_created += 1
            outcome.changed_meetings.add(meeting.pk)
            _count_for_rollups(outcome, meeting, [(RollupDimension.ALL, None), *linked])
        else:
            added, linked = _add_report(known, plan, article=article, resolver=resolver)
            outcome.meetings_merged += 1
            outcome.changed_meetings.add(known.pk)
            _count_for_rollups(outcome, known, linked)
        joined.update(added)
    _count_new_meetings(joined)


def _count_for_rollups(outcome: StoreOutcome, meeting: Meeting | _KnownMeeting, counted: list[tuple]) -> None:
    """Record what a public meeting adds to the rollups: itself (ALL) if new, and its new links."""
    if meeting.status == MeetingStatus.REJECTED:
        return
    month = rollups.month_of(meeting.date_start)
    for dimension, target in counted:
        entity = {RollupDimension.COUNTRY: (target, None, None), RollupDimension.ORGANIZATION: (None, target, None),
                  RollupDimension.TOPIC: (None, None, target)}.get(dimension, (None, None, None))  # fmt: skip
        outcome.rollup_counts[(str(dimension), *entity, meeting.kind, meeting.status, month)] += 1


def _count_new_meetings(joined: Counter[int]) -> None:
    """Add to each person's meeting count (an increment, not a recount: cheap for very busy people)."""
    by_increment: dict[int, list[int]] = defaultdict(list)
    for person_id, meetings in joined.items():
        by_increment[meetings].append(person_id)
    for increment, person_ids in by_increment.items():
        Person.objects.filter(pk__in=person_ids).update(meeting_count=F("meeting_count") + increment)


def _resolve_participant(participant: Participant, *, resolver: Resolver, outcome: StoreOutcome):
    country = resolver.country_code(participant.country)
    organization_id = _organization_id(participant.organization, resolver=resolver)
    resolution = resolver.resolve_person(participant, country=country, organization_id=organization_id)
    person_id, status, candidates, created = None, ResolutionStatus.RESOLVED, (), False
    if isinstance(resolution, Match):
        person_id = resolution.person_id
        _add_aliases(person_id, [participant.name, *participant.aliases], resolver=resolver)
        outcome.people_matched += 1
    elif isinstance(resolution, New):
        person_id = _create_person(participant, resolver=resolver).pk
        created = True
        outcome.people_created += 1
    elif isinstance(resolution, Ambiguous):
        status, candidates = ResolutionStatus.AMBIGUOUS, resolution.candidate_ids
        outcome.names_unresolved += 1
    elif isinstance(resolution, Unresolved):
        status = ResolutionStatus.UNRESOLVED
        outcome.names_unresolved += 1
    if person_id:
        resolver.remember_person(
            person_id,
            [participant.name, *participant.aliases],
            country=country,
            organization_id=organization_id,
        )
    return _ResolvedParticipant(participant, person_id, status, candidates, country, organization_id, created)


def _organization_id(ref: OrganizationRef | str | None, *, resolver: Resolver) -> int | None:
    if ref is None:
        return None
    if isinstance(ref, str):
        ref = OrganizationRef(name=ref)
    if not (ref.name or ref.acronym):
        return None
    organization_id = resolver.organization_id(ref)
    if organization_id is None:
        organization_id = _create_organization(ref).pk
    resolver.remember_organization(ref, organization_id)
    return organization_id


def _create_organization(ref: OrganizationRef) -> Organization:
    name = squash_spaces(ref.name or ref.acronym)[:300]
    acronym = (ref.acronym or "")[:40]
    organization = Organization.objects.create(
        name=name, acronym=acronym, slug=_free_slug(Organization, acronym or name)
    )
    for alias in {name, acronym} - {""}:
        OrganizationAlias.objects.get_or_create(
            organization=organization,
            key=name_key(alias),
            defaults={"name": alias, "origin": AliasOrigin.EXTRACTION},
        )
    return organization


def _create_person(participant: Participant, *, resolver: Resolver | None = None) -> Person:
    name = squash_spaces(participant.name)[:300]
    person = Person.objects.create(name=name, slug=_free_slug(Person, name))
    _add_aliases(person.pk, [name, *participant.aliases], resolver=resolver)
    return person


def _add_aliases(
    person_id: int,
    names: list[str],
    origin: str = AliasOrigin.EXTRACTION,
    *,
    resolver: Resolver | None = None,
) -> None:
    """Record new spellings of a person's name; spellings already known (or added concurrently) are skipped."""
    known = resolver.known_aliases(person_id) if resolver else None
    if known is None:
        known = set(PersonAlias.objects.filter(person_id=person_id).values_list("name", flat=True))
    new = []
    for raw in names:
        name = squash_spaces(raw)[:300]
        if not name or name in known or not name_key(name):
            continue
        kind = AliasKind.STRONG if len(name_words(name)) >= 2 else AliasKind.WEAK
        # bulk_create skips save(), so the keys are computed here as PersonAlias.save() would.
        new.append(PersonAlias(person_id=person_id, name=name, key=name_key(name),
                               words=" ".join(name_words(name)), kind=kind, origin=origin))  # fmt: skip
        known.add(name)
    if new:
        PersonAlias.objects.bulk_create(new, ignore_conflicts=True)


def _free_slug(model, text: str) -> str:
    base = slug_for(text, max_length=90)
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _source(name: str | None, *, resolver: Resolver) -> Source | None:
    if not name:
        return None
    name = squash_spaces(name)[:200]
    cached = resolver.sources.get(name.casefold())
    if cached is not None:
        return cached
    source = Source.objects.filter(name__iexact=name).first()
    if source is None:
        try:
            with transaction.atomic():
                source = Source.objects.create(name=name, slug=_free_slug(Source, name))
        except IntegrityError:
            # A concurrent ingest created it first.
            source = Source.objects.get(name__iexact=name)
    resolver.sources[name.casefold()] = source
    return source


@dataclass
class _KnownMeeting:
    """A stored meeting as the merge needs it: the fields an editor may have decided, and who is in it."""

    pk: int
    kind: str
    date_start: dt.date | None
    status: str
    locked_fields: list[str]
    place: str
    context_event: str
    location_country_id: str | None
    participant_keys: set[str] = field(default_factory=set)
    principal_keys: set[str] = field(default_factory=set)


# Candidates for "the same encounter", with every participation, in one statement (the hot path of
# ingest). The EXISTS keeps only meetings one of the resolved principals took part in.
_SAME_MEETING_SQL = """
WITH candidate AS (
    SELECT m.id FROM {meeting} m
    WHERE m.kind = %(kind)s AND {date_condition} {person_condition}
    ORDER BY m.id
    LIMIT 50
)
SELECT m.id, m.kind, m.date_start, m.status, m.locked_fields, m.place, m.context_event,
       m.location_country_id, pa.person_id, pa.mention, pa.role
FROM candidate JOIN {meeting} m ON m.id = candidate.id
LEFT JOIN {participation} pa ON pa.meeting_id = m.id
ORDER BY m.id
"""


def _find_same_meeting(plan: _MeetingPlan, *, resolver: Resolver) -> _KnownMeeting | None:
    """A stored meeting that is the same encounter: same kind, date within a day, the same principals.

    Principals agree when they share at least two people, or when both meetings have one
    principal and it is the same.
    """
    extracted = plan.extracted
    keys = plan.principal_keys
    principal_mentions = [p for p in plan.participants if p.participant.role == Role.PRINCIPAL]
    if all(p.created for p in principal_mentions):
        return None  # people who did not exist a moment ago have no earlier meetings
    parameters: dict = {"kind": extracted.kind}
    if extracted.date:
        date_condition = "m.date_start BETWEEN %(earliest)s AND %(latest)s"
        parameters["earliest"] = extracted.date - SAME_MEETING_DATE_TOLERANCE
        parameters["latest"] = extracted.date + SAME_MEETING_DATE_TOLERANCE
    else:
        date_condition = "m.date_start IS NULL"
    person_ids = [p.person_id for p in principal_mentions if p.person_id and not p.created]
    if len(person_ids) >= 2 and len(person_ids) == len(keys):
        # Every principal is a known person, and a match shares two of them, so it includes one
        # who is not the busiest: the busiest person's many meetings need not be read.
        person_ids = sorted(person_ids, key=resolver.meeting_count)[:-1]
    person_condition = ""
    if person_ids and max(map(resolver.meeting_count, person_ids)) <= BUSY_PERSON_MEETINGS:
        # Their few meetings by primary key: the planner would rather scan the day's meetings.
        person_condition = (
            f"AND m.id = ANY(ARRAY(SELECT p.meeting_id FROM {Participation._meta.db_table} p "
            "WHERE p.person_id = ANY(%(people)s)))"
        )
        parameters["people"] = person_ids
    elif person_ids:
        person_condition = (
            f"AND EXISTS (SELECT 1 FROM {Participation._meta.db_table} p "
            "WHERE p.meeting_id = m.id AND p.person_id = ANY(%(people)s))"
        )
        parameters["people"] = person_ids
    sql = _SAME_MEETING_SQL.format(
        meeting=Meeting._meta.db_table,
        participation=Participation._meta.db_table,
        date_condition=date_condition,
        person_condition=person_condition,
    )
    candidates: dict[int, _KnownMeeting] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
    for meeting_id, kind, date, status, locked, place, event, location, person_id, mention, role in rows:
        known = candidates.get(meeting_id)
        if known is None:
            known = _KnownMeeting(meeting_id, kind, date, status, locked or [], place, event, location)
            candidates[meeting_id] = known
        if role is None:
            continue  # a meeting with no participations left (an editor removed them)
        key = _participant_key(person_id, mention)
        known.participant_keys.add(key)
        if role == Role.PRINCIPAL:
            known.principal_keys.add(key)
    for known in candidates.values():
        shared = keys & known.principal_keys
        if len(shared) >= 2 or (len(keys) == 1 and keys == known.principal_keys):
            return known
    return None


def _create_meeting(
    plan: _MeetingPlan, *, article: Article, resolver: Resolver
) -> tuple[Meeting, list[int], list[tuple[str, object]]]:
    """Create a meeting with its participations, links and report; returns it, the people and the links added."""
    extracted = plan.extracted
    meeting = Meeting.objects.create(
        kind=extracted.kind,
        date_start=extracted.date,
        date_end=extracted.date_end or extracted.date,
        date_precision=extracted.date_precision,
        date_basis=extracted.date_basis or "",
        place=(extracted.place or "")[:300],
        location_country_id=resolver.country_code(extracted.location_country),
        context_event=(extracted.context_event or "")[:500],
        confidence=_clamp(extracted.confidence),
    )
    added = _add_participations(meeting, plan.participants, article=article, known_keys=set())
    countries, organizations = _affiliations(plan, resolver=resolver)
    linked = _link(meeting.pk, countries=countries, organizations=organizations,
                   topics=_topic_ids(extracted.topics, resolver=resolver))  # fmt: skip
    _create_report(meeting, extracted, article=article)
    return meeting, added, linked


def _add_report(
    known: _KnownMeeting, plan: _MeetingPlan, *, article: Article, resolver: Resolver
) -> tuple[list[int], list[tuple[str, object]]]:
    """Attach another article's report to a known meeting; fill gaps only where no editor has decided.

    Returns the ids of people added to the meeting, and its new links.
    """
    _create_report(known, plan.extracted, article=article)
    added: list[int] = []
    if known.status != MeetingStatus.UNREVIEWED:
        return added, []
    extracted = plan.extracted
    locked = set(known.locked_fields)
    gaps = {
        "place": (extracted.place or "")[:300],
        "context_event": (extracted.context_event or "")[:500],
        "location_country_id": resolver.country_code(extracted.location_country),
    }
    changed = {
        field_name: value
        for field_name, value in gaps.items()
        if value and not getattr(known, field_name) and field_name.removesuffix("_id") not in locked
    }
    if changed:
        # Through the model, so the change is in the meeting's history like any other.
        meeting = Meeting.objects.get(pk=known.pk)
        for field_name, value in changed.items():
            setattr(meeting, field_name, value)
        meeting.save(update_fields=[*changed, "updated_at"])
    countries, organizations, topics = set(), set(), set()
    if "participants" not in locked:
        added = _add_participations(
            known, plan.participants, article=article, known_keys=set(known.participant_keys)
        )
        countries, organizations = _affiliations(plan, resolver=resolver)
    if "topics" not in locked:
        topics = _topic_ids(extracted.topics, resolver=resolver)
    linked = _link(known.pk, countries=countries, organizations=organizations, topics=topics)
    return added, linked


def _add_participations(
    meeting, participants: list[_ResolvedParticipant], *, article, known_keys: set[str]
) -> list[int]:
    """Create the participations not already known (by person, or by name key when unresolved), in one INSERT.

    Returns the ids of the people added.
    """
    position = len(known_keys)
    rows, candidates = [], []
    for resolved in participants:
        if resolved.key in known_keys:
            continue
        known_keys.add(resolved.key)
        participant = resolved.participant
        span = participant.span
        rows.append(
            Participation(
                meeting_id=meeting.pk,
                person_id=resolved.person_id,
                mention=squash_spaces(participant.name)[:300] or "?",
                article=article,
                span_start=span.start if span else None,
                span_end=span.end if span else None,
                role=participant.role,
                side=participant.side or "",
                title=(participant.title or "")[:300],
                country_id=resolved.country,
                # A person represents one thing: the state, unless they serve an organization.
                organization_id=None if resolved.country else resolved.organization_id,
                resolution=resolved.resolution,
                position=position,
            )
        )
        candidates.append(resolved.candidate_ids)
        position += 1
    created = Participation.objects.bulk_create(rows)
    through = Participation.candidates.through
    links = [
        through(participation_id=participation.pk, person_id=person_id)
        for participation, ids in zip(created, candidates, strict=True)
        for person_id in ids
    ]
    if links:
        through.objects.bulk_create(links)
    return [row.person_id for row in rows if row.person_id]


def _affiliations(plan: _MeetingPlan, *, resolver: Resolver) -> tuple[set[str], set[int]]:
    """The countries and organizations a meeting links to: those named, and those its principals represent."""
    countries = {resolver.country_code(code) for code in plan.extracted.countries}
    countries |= {p.country for p in plan.participants if p.participant.role == Role.PRINCIPAL}
    countries.discard(None)
    organizations = {_organization_id(ref, resolver=resolver) for ref in plan.extracted.organizations}
    organizations |= {p.organization_id for p in plan.participants if p.participant.role == Role.PRINCIPAL}
    organizations.discard(None)
    return countries, organizations


def _topic_ids(names: list[str], *, resolver: Resolver) -> set[int]:
    topic_ids = set()
    for raw in names:
        name = squash_spaces(raw)[:200]
        if not name:
            continue
        slug = slug_for(name, max_length=100)
        if slug not in resolver.topics:
            topic = Topic.objects.filter(slug=slug).first()
            if topic is None:
                try:
                    with transaction.atomic():
                        topic = Topic.objects.create(name=name, slug=slug)
                except IntegrityError:
                    # The same slug from another spelling, or from another process.
                    topic = Topic.objects.get(slug=slug)
            resolver.topics[slug] = topic.pk
        topic_ids.add(resolver.topics[slug])
    return topic_ids


def _link(meeting_id: int, *, countries=(), organizations=(), topics=()) -> list[tuple[str, object]]:
    """Link a meeting to countries, organizations and topics in one statement; links it has are kept.

    Returns the links that are new, as (rollup dimension, country code or id).
    """
    inserts, parameters = [], []
    for dimension, relation, targets, target_type in (
        (RollupDimension.COUNTRY, Meeting.countries, countries, "varchar"),
        (RollupDimension.ORGANIZATION, Meeting.organizations, organizations, "bigint"),
        (RollupDimension.TOPIC, Meeting.topics, topics, "bigint"),
    ):
        if not targets:
            continue
        field = relation.field
        target_column = field.m2m_reverse_name()
        inserts.append(
            f"INSERT INTO {field.remote_field.through._meta.db_table} ({field.m2m_column_name()}, {target_column}) "
            f"SELECT %s, target FROM unnest(%s::{target_type}[]) AS target ON CONFLICT DO NOTHING "
            f"RETURNING '{dimension}'::text, {target_column}::text"
        )
        parameters += [meeting_id, sorted(targets)]
    if not inserts:
        return []
    # Data-modifying CTEs: every INSERT runs, in one round trip.
    ctes = ", ".join(f"link{i} AS ({insert})" for i, insert in enumerate(inserts))
    union = " UNION ALL ".join(f"SELECT * FROM link{i}" for i in range(len(inserts)))
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} {union}", parameters)
        rows = cursor.fetchall()
    return [
        (dimension, target if dimension == RollupDimension.COUNTRY else int(target))
        for dimension, target in rows
    ]


def _create_report(
    meeting: Meeting | _KnownMeeting, extracted: ExtractedMeeting, *, article: Article
) -> None:
    """Record that the article reports the meeting, with its evidence.

    Two meetings extracted from one article may match one stored meeting: the second report is
    skipped (ON CONFLICT on the article-meeting pair).
    """
    if extracted.evidence and extracted.evidence.start < extracted.evidence.end <= len(article.text):
        start, end = extracted.evidence.start, extracted.evidence.end
    else:
        start, end = 0, min(len(article.text), 300)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MeetingReport._meta.db_table} (article_id, meeting_id, evidence_start, evidence_end, "
            "quote, extractor_version, confidence, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (article_id, meeting_id) DO NOTHING",
            [article.pk, meeting.pk, start, end, article.text[start:end], article.extractor_version or "",
             _clamp(extracted.confidence), timezone.now()],
        )  # fmt: skip


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def refresh_meeting_counts(person_ids) -> None:
    """Recount each person's public meetings (used to rank search results)."""
    person_ids = list(person_ids)
    if not person_ids:
        return
    counts = (
        Participation.objects.filter(person=OuterRef("pk"))
        .exclude(meeting__status=MeetingStatus.REJECTED)
        .order_by()
        .values("person")
        .annotate(total=Count("meeting", distinct=True))
        .values("total")
    )
    Person.objects.filter(pk__in=person_ids).update(meeting_count=Coalesce(Subquery(counts), 0))


def refresh_rollups_on_commit(meeting_ids, previous_months=()) -> None:
    """Bring the count rollups up to date once the current transaction commits (a no-op until they are built)."""
    meeting_ids, previous_months = list(meeting_ids), list(previous_months)
    transaction.on_commit(lambda: rollups.refresh_meetings(meeting_ids, previous_months=previous_months))


def participations_changed(*, meeting_ids, person_ids) -> None:
    """After an editor added, moved, changed or removed participations of these meetings, taking
    part of these people (before and after): their meeting counts now, the rollups on commit."""
    refresh_meeting_counts({person_id for person_id in person_ids if person_id is not None})
    refresh_rollups_on_commit({meeting_id for meeting_id in meeting_ids if meeting_id is not None})


def months_with_participations(**participations) -> set:
    """The months (None: undated) of the meetings with participations matching the filter. One query."""
    return set(
        Meeting.objects.filter(pk__in=Participation.objects.filter(**participations).values("meeting_id"))
        .order_by()
        .annotate(month=TruncMonth("date_start"))
        .values_list("month", flat=True)
        .distinct()
    )


# Editors' actions


def set_meeting_status(*, meeting: Meeting, status: str, reason: str = "") -> None:
    """Verify, reject (with a reason; the meeting stays as a tombstone) or reopen a meeting."""
    if status == MeetingStatus.REJECTED and not reason.strip():
        raise ValueError("A rejected meeting needs a reason.")
    with transaction.atomic():
        meeting.status = status
        meeting.rejection_reason = reason.strip()[:500] if status == MeetingStatus.REJECTED else ""
        meeting.save(update_fields=["status", "rejection_reason", "updated_at"])
        refresh_meeting_counts(
            meeting.participations.exclude(person=None).values_list("person_id", flat=True)
        )
        refresh_rollups_on_commit([meeting.pk])


def accept_mention(*, participation: Participation, person: Person | None) -> Person:
    """An editor's decision: this mention is `person` (or, with None, a new person of that name).

    The name becomes one of the person's spellings, the participation is marked as edited (so
    re-extraction keeps it) and the person's meeting count is updated.
    """
    with transaction.atomic():
        if person is None:
            person = _create_person(Participant(name=participation.mention))
        _add_aliases(person.pk, [participation.mention], origin=AliasOrigin.EDITOR)
        previous_person_id = participation.person_id
        participation.person = person
        participation.mark_edited_by_editor()
        participation.save()
        participation.candidates.clear()
        participations_changed(
            meeting_ids=[participation.meeting_id], person_ids=[person.pk, previous_person_id]
        )
    return person


class MergeError(ValueError):
    pass


def merge_people(*, keep: Person, duplicates: list[Person]) -> int:
    """Move every participation, alias and identifier of the duplicates onto `keep`, in one transaction.

    The duplicates stay as records whose `merged_into` points to `keep`, so their URLs redirect;
    records merged into them earlier are re-pointed too. Refused when an editor has judged a
    pair to be different people. Returns the number of participations moved.
    """
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        raise MergeError("Choose at least one other person to merge.")
    ids = [d.pk for d in duplicates]
    with transaction.atomic():
        judged = NotSamePerson.objects.filter(
            Q(first=keep, second__in=ids) | Q(second=keep, first__in=ids) | Q(first__in=ids, second__in=ids)
        )
        if judged.exists():
            raise MergeError(f"An editor recorded that these are not the same person: {judged.first()}.")
        # Their meetings' months: the person rollups of everyone in them change (a counterpart moves).
        refresh_rollups_on_commit([], previous_months=months_with_participations(person_id__in=ids))
        moved = Participation.objects.filter(person_id__in=ids).update(person=keep)
        candidates = Participation.candidates.through.objects
        _move_rows(candidates.filter(person_id__in=ids), owner="person_id", keep=keep, unique="participation_id",
                   known=set(candidates.filter(person=keep).values_list("participation_id", flat=True)))  # fmt: skip
        _move_rows(PersonAlias.objects.filter(person_id__in=ids), owner="person_id", keep=keep, unique="name",
                   known=set(keep.aliases.values_list("name", flat=True)), origin=AliasOrigin.MERGE)  # fmt: skip
        _add_aliases(keep.pk, [d.name for d in duplicates], origin=AliasOrigin.MERGE)
        for identifier in PersonIdentifier.objects.filter(person_id__in=ids):
            if (
                PersonIdentifier.objects.filter(person=keep, scheme=identifier.scheme)
                .exclude(value=identifier.value)
                .exists()
            ):
                raise MergeError(
                    f"{keep} already has a different {identifier.scheme} identifier than {identifier.value}."
                )
            identifier.person = keep
            identifier.save()
        Person.objects.filter(merged_into_id__in=ids).update(merged_into=keep)
        for duplicate in duplicates:
            duplicate.merged_into = keep
            duplicate.meeting_count = 0
            duplicate.save()
        refresh_meeting_counts([keep.pk])
    return moved


def _move_rows(rows, *, owner: str, keep, unique: str, known: set, origin: str | None = None) -> None:
    """Re-point rows from merged-away records to `keep`, dropping those that would repeat one it has.

    `unique` is the field that may not repeat for one owner (an alias's name, a link's meeting).
    """
    for row in rows.order_by("pk"):
        value = getattr(row, unique)
        if value in known:
            row.delete()
            continue
        setattr(row, owner, keep.pk)
        if origin:
            row.origin = origin
        row.save()
        known.add(value)


def record_not_same_person(*, first: Person, second: Person, reason: str = "", user=None) -> NotSamePerson:
    if first.pk == second.pk:
        raise MergeError("A person is always the same as themselves.")
    low, high = sorted([first, second], key=lambda p: p.pk)
    judgement, _ = NotSamePerson.objects.get_or_create(
        first=low, second=high, defaults={"reason": reason[:500], "decided_by": user}
    )
    return judgement


def merge_organizations(*, keep: Organization, duplicates: list[Organization]) -> int:
    """Move participations, meetings, aliases and children of the duplicates onto `keep`; URLs redirect."""
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        raise MergeError("Choose at least one other organization to merge.")
    ids = [d.pk for d in duplicates]
    with transaction.atomic():
        refresh_rollups_on_commit([], previous_months=months_with_participations(organization_id__in=ids))
        moved = Participation.objects.filter(organization_id__in=ids).update(organization=keep)
        through = Meeting.organizations.through
        refresh_rollups_on_commit(
            through.objects.filter(organization_id__in=ids).values_list("meeting_id", flat=True)
        )
        _move_rows(through.objects.filter(organization_id__in=ids), owner="organization_id", keep=keep,
                   unique="meeting_id", known=set(keep.meetings.values_list("pk", flat=True)))  # fmt: skip
        _move_rows(OrganizationAlias.objects.filter(organization_id__in=ids), owner="organization_id", keep=keep,
                   unique="key", known=set(keep.aliases.values_list("key", flat=True)), origin=AliasOrigin.MERGE)  # fmt: skip
        Organization.objects.filter(parent_id__in=ids).exclude(pk=keep.pk).update(parent=keep)
        if keep.parent_id in ids:
            keep.parent = None
            keep.save(update_fields=["parent"])
        Organization.objects.filter(merged_into_id__in=ids).update(merged_into=keep)
        for duplicate in duplicates:
            duplicate.merged_into = keep
            if duplicate.parent_id == keep.pk:
                duplicate.parent = None
            duplicate.save()
    return moved
