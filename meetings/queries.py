"""Read queries for the public site: one function per question a page asks.

Everything here starts from `Meeting.objects.public()` (or filters on a public meeting
queryset), so a rejected meeting cannot reach a page, count, facet, export or feed through
this module. Each function costs a fixed number of queries, stated in its docstring.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.cache import caches
from django.db import connections, router
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils.safestring import SafeString

from diplomacy.pagecache import data_version
from meetings import rollups
from meetings.extraction.normalise import name_key, name_words
from meetings.filters import KnownEntities, MeetingFilter, meeting_ordering
from meetings.models import (
    Article,
    Country,
    Meeting,
    MeetingMonthCount,
    MeetingReport,
    MeetingStatus,
    MeetingTotalCount,
    Organization,
    Participation,
    Person,
    PersonMonthCount,
    PersonRollupDimension,
    PersonTotalCount,
    ResolutionStatus,
    Role,
    RollupDimension,
    Source,
    Topic,
    headline_of,
)

CountryLink = Meeting.countries.through
OrganizationLink = Meeting.organizations.through
TopicLink = Meeting.topics.through


def read_cursor():
    """A cursor for raw SQL that only reads: on the database the router picks for this request's
    reads (a replica for anonymous visitors when replicas are configured), like the ORM's reads."""
    return connections[router.db_for_read(Meeting)].cursor()


# Counting at archive scale ------------------------------------------------------------------
# Once the rollups are built (meetings.rollups, `manage.py refresh_rollups`), pages count from
# them and keep the aggregates rollups cannot answer in the cache until the data changes.
# Until then every count is exact and nothing is cached: small archives need neither.

# Beyond this many matching meetings a count the rollups cannot answer is the planner's estimate.
COUNT_EXACT_UP_TO = 1000
# Aggregates are cached per data version, which any data change bumps; this only bounds memory.
AGGREGATE_CACHE_SECONDS = 6 * 60 * 60


def cached_aggregate(name: str, key: object, compute):
    """compute(), kept in the cache until the archive's data changes (pagecache.data_version)."""
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:32]
    cache_key = f"aggregate:{data_version()}:{name}:{digest}"
    cache = caches[settings.PAGE_CACHE_ALIAS]
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value, timeout=AGGREGATE_CACHE_SECONDS)
    return value


def country_options(leave_out: set[str], *, use_rollups: bool = False) -> SafeString:
    """The filter form's <option> list: every country by name, but those in `leave_out` (lower-case
    codes). Escaped value by value: format_html for each of the 250 options took a quarter of the
    filtered list's time. At scale (`use_rollups`) the escaped options come from the cache until the
    data changes: reading the 250 rows was a twentieth of a list page's time."""

    def options() -> list[tuple[str, str]]:
        return [
            (code, f'<option value="{html.escape(code)}">{html.escape(name)}</option>')
            for code, name in (
                (iso2.lower(), name) for iso2, name in Country.objects.values_list("iso2", "name")
            )
        ]

    return SafeString(
        "".join(
            option
            for code, option in (
                cached_aggregate("country-options", None, options) if use_rollups else options()
            )
            if code not in leave_out
        )
    )


@dataclass(frozen=True)
class MeetingCount:
    """A number of meetings; `estimated` when it is the planner's estimate ("about N")."""

    value: int
    estimated: bool = False


def count_up_to_threshold(queryset: QuerySet) -> MeetingCount:
    """Exact up to COUNT_EXACT_UP_TO rows, the planner's estimate beyond.

    One query (a count that stops after COUNT_EXACT_UP_TO + 1 rows); one more, an EXPLAIN,
    past the threshold.
    """
    plain = queryset.order_by().values("pk")
    exact = plain[: COUNT_EXACT_UP_TO + 1].count()
    if exact <= COUNT_EXACT_UP_TO:
        return MeetingCount(exact)
    plan = json.loads(plain.explain(format="json"))
    estimate = int(plan[0]["Plan"]["Plan Rows"])
    return MeetingCount(round_estimate(max(estimate, exact)), estimated=True)


def round_estimate(n: int) -> int:
    """Two significant digits: an estimate should not look exact (12,345 -> 12,000)."""
    digits = len(str(n))
    return round(n, -(digits - 2)) if digits > 2 else n


@dataclass(frozen=True)
class RollupSelection:
    """A meeting filter the rollups answer exactly: at most one country, organization or topic,
    plus kind, status and whole months."""

    dimension: str
    entity: dict  # {"country_id": "AZ"}, {"organization_id": 3}, {"topic_id": 5} or {}
    kind: str | None = None
    status: str | None = None
    first_month: dt.date | None = None
    last_month: dt.date | None = None

    @property
    def all_time(self) -> bool:
        return self.first_month is None and self.last_month is None

    def rows(self, *, dimension: str | None = None, entity: dict | None = None) -> QuerySet:
        """Rollup rows of this selection (of another dimension, for facets), without the entity."""
        model = MeetingTotalCount if self.all_time else MeetingMonthCount
        return self._narrowed(model.objects.all(), dimension, entity)

    def month_rows(self) -> QuerySet:
        return self._narrowed(MeetingMonthCount.objects.filter(month__isnull=False), None, None)

    def _narrowed(self, rows: QuerySet, dimension: str | None, entity: dict | None) -> QuerySet:
        rows = rows.filter(
            dimension=dimension or self.dimension, **(self.entity if entity is None else entity)
        )
        if self.kind:
            rows = rows.filter(kind=self.kind)
        if self.status:
            rows = rows.filter(status=self.status)
        if self.first_month:
            rows = rows.filter(month__gte=self.first_month)
        if self.last_month:
            rows = rows.filter(month__lte=self.last_month)
        return rows


def named_entities(cleaned: dict) -> list[tuple[str, dict]]:
    """(rollup dimension, {link column: value}) of each country, organization and topic a valid
    filter names; the person filter is not among them (the rollups do not count people)."""
    entities = [(RollupDimension.COUNTRY, {"country_id": c.iso2}) for c in cleaned.get("country") or []]
    if cleaned.get("organization"):
        entities.append((RollupDimension.ORGANIZATION, {"organization_id": cleaned["organization"].pk}))
    if cleaned.get("topic"):
        entities.append((RollupDimension.TOPIC, {"topic_id": cleaned["topic"].pk}))
    return entities


def rollup_selection(cleaned: dict) -> RollupSelection | None:
    """The rollup rows for a valid filter's cleaned data, or None when rollups cannot answer it.

    Text and person filters, two entities at once, and dates that cut a month need the meetings.
    """
    if cleaned.get("q") or cleaned.get("person"):
        return None
    entities = named_entities(cleaned)
    if len(entities) > 1:
        return None
    dimension, entity = entities[0] if entities else (RollupDimension.ALL, {})
    first, last = None, None
    if cleaned.get("year"):
        first, last = dt.date(cleaned["year"], 1, 1), dt.date(cleaned["year"], 12, 1)
    if after := cleaned.get("date_after"):
        if after.day != 1:
            return None
        first = max(first, after) if first else after
    if before := cleaned.get("date_before"):
        if (before + dt.timedelta(days=1)).day != 1:  # not the last day of its month
            return None
        before = before.replace(day=1)
        last = min(last, before) if last else before
    return RollupSelection(
        dimension, entity, cleaned.get("kind") or None, cleaned.get("status") or None, first, last
    )


# Meeting lists ------------------------------------------------------------------------------


@dataclass
class MeetingSelection:
    filterset: MeetingFilter
    meetings: QuerySet[Meeting]  # ordered by the requested sort
    walk: DateWalk | None = None  # a faster way to the first dated keys (keyset_page)


def search_meetings(params) -> tuple[MeetingFilter, QuerySet[Meeting]]:
    """The one query behind the list page, the exports and the feed.

    Returns the bound FilterSet (for its form errors) and the public meetings it selects,
    ordered by the requested sort. Invalid parameters select nothing: the caller shows the
    errors (page) or answers 400 (exports, feed). Validating slugs and country codes costs one
    query per such parameter present.
    """
    selection = select_meetings(params)
    return selection.filterset, selection.meetings


def select_meetings(params, *, use_rollups: bool = False) -> MeetingSelection:
    """search_meetings(), with the date walk of the filter's rarest country, organization or topic.
    At scale (`use_rollups`) countries, organizations and topics are validated from known_entities()."""
    filterset = MeetingFilter(
        params,
        queryset=Meeting.objects.public().for_list(),
        known=known_entities() if use_rollups else None,
    )
    if not filterset.is_valid():
        return MeetingSelection(filterset, Meeting.objects.none())
    cleaned = filterset.form.cleaned_data
    sort = cleaned.get("sort") or "-date"
    rarest = rarest_entity(cleaned)
    meetings = filterset.qs if rarest is None else start_from(filterset.qs, rarest.links, size=rarest.size)
    walk = None
    if rarest is not None and rarest.table and rarest.size > DATE_WALK_ABOVE:
        first_day, last_day = _date_bounds(cleaned)
        walk = DateWalk(rarest.table, rarest.column, rarest.value, filterset.qs, first_day, last_day)
    return MeetingSelection(filterset, meetings.order_by(*meeting_ordering(sort)), walk)


def _date_bounds(cleaned: dict) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the date filters allow (None: unbounded)."""
    first_day, last_day = cleaned.get("date_after"), cleaned.get("date_before")
    if year := cleaned.get("year"):
        first_day = max(first_day or dt.date.min, dt.date(year, 1, 1))
        last_day = min(last_day or dt.date.max, dt.date(year, 12, 31))
    return first_day, last_day


# How long a process keeps its known_entities() at most, even when it sees no data change: without
# a shared cache (REDIS_URL) other processes' changes do not reach its data version.
KNOWN_ENTITIES_SECONDS = 60
_known_entities: tuple[int, float, KnownEntities] | None = None


def known_entities() -> KnownEntities:
    """Every country, organization and topic by identifier, kept in this process until the data
    changes (or for KNOWN_ENTITIES_SECONDS): the filters validate against it instead of asking the
    database on every list request. Kept in process memory rather than the shared cache, because
    unpickling hundreds of rows per request would cost what the queries cost."""
    global _known_entities
    version = data_version()
    memo = _known_entities
    if memo is not None and memo[0] == version and time.monotonic() - memo[1] < KNOWN_ENTITIES_SECONDS:
        return memo[2]
    known = KnownEntities(
        countries={country.iso2: country for country in Country.objects.all()},
        organizations={organization.slug: organization for organization in Organization.objects.all()},
        topics={topic.slug: topic for topic in Topic.objects.all()},
    )
    _known_entities = (version, time.monotonic(), known)
    return known


# An entity filter (country, organization, topic, person) whose entity has at most this many
# meetings makes the list start from that entity's meetings (rarest_entity).
NARROW_UP_TO = 20_000


class EqualsAny(Func):
    """`expression = ANY(ARRAY(subquery))`: PostgreSQL runs the subquery once, before the rest."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


# Rollup dimension: (column, link model) of the table linking meetings to that kind of entity.
ENTITY_LINKS = {
    RollupDimension.COUNTRY: ("country_id", CountryLink),
    RollupDimension.ORGANIZATION: ("organization_id", OrganizationLink),
    RollupDimension.TOPIC: ("topic_id", TopicLink),
}


@dataclass(frozen=True)
class RarestEntity:
    size: int  # its public meetings
    links: QuerySet  # its rows (with meeting_id) in a link table or in participations
    table: str = ""  # that table, whose rows carry their meeting's date
    column: str = ""
    value: object = None


def rarest_entity(cleaned: dict) -> RarestEntity | None:
    """The filter's country, organization, topic or person with the fewest meetings, if any.

    A list starts from its rarest entity's meetings (start_from). The result is the same; the plan
    is not. Ordered by date, PostgreSQL walks the date index and checks each meeting against the
    filters, betting that matches are spread evenly. For a rare country combined with a topic at 2M
    meetings that bet walked 106,000 meetings to fill one page (220 ms). Starting from the rare
    entity's few thousand meetings bounds the work by that entity's size.

    Entity sizes come from the rollup totals (one query; none without entity filters) and from
    Person.meeting_count. An entity without totals has no public meetings (ingest and
    generate_archive keep the totals), so it makes the list start from nothing.
    """
    entities = named_entities(cleaned)
    candidates: list[RarestEntity] = []
    if entities:
        # Written out rather than built with the ORM: building the query took longer than running it.
        conditions, parameters = [], []
        for dimension, entity in entities:
            [(column, value)] = entity.items()
            conditions.append(f"(dimension = %s AND {column} = %s)")  # column: one of ENTITY_LINKS
            parameters += [dimension, value]
        with read_cursor() as cursor:
            cursor.execute(
                "SELECT dimension, country_id, organization_id, topic_id, SUM(meetings)"
                f" FROM {MeetingTotalCount._meta.db_table} WHERE {' OR '.join(conditions)} GROUP BY 1, 2, 3, 4",
                parameters,
            )
            column_index = {"country_id": 1, "organization_id": 2, "topic_id": 3}
            counted = {
                (row[0], row[column_index[ENTITY_LINKS[row[0]][0]]]): row[4] for row in cursor.fetchall()
            }
        for dimension, entity in entities:
            [(column, value)] = entity.items()
            link = ENTITY_LINKS[dimension][1]
            candidates.append(
                RarestEntity(
                    size=counted.get((dimension, value), 0),
                    links=link.objects.filter(**entity),
                    table=link._meta.db_table,
                    column=column,
                    value=value,
                )
            )
    if person := cleaned.get("person"):
        participations = Participation.objects.filter(person_id=person.pk)
        candidates.append(
            RarestEntity(
                person.meeting_count, participations, Participation._meta.db_table, "person_id", person.pk
            )
        )
    return min(candidates, key=lambda candidate: candidate.size, default=None)


def start_from(meetings: QuerySet[Meeting], links: QuerySet, *, size: int) -> QuerySet[Meeting]:
    """`meetings` restricted first to the meeting ids of `links` (rows with a meeting_id) when
    those are at most NARROW_UP_TO: the same meetings, found from the small set instead of by
    walking the whole date index (see rarest_entity)."""
    if size > NARROW_UP_TO:
        return meetings
    return meetings.filter(EqualsAny(F("id"), ArraySubquery(links.values("meeting_id"))))


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the last row's date (None for undated meetings) and id."""

    date: dt.date | None
    id: int

    def encode(self) -> str:
        return f"{self.date.isoformat() if self.date else 'undated'}.{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """A cursor from a query string; None (the first page) for anything malformed."""
        if not text:
            return None
        date_text, _, id_text = text.partition(".")
        try:
            meeting_id = int(id_text)
            date = None if date_text == "undated" else dt.date.fromisoformat(date_text)
        except ValueError:
            return None
        return cls(date, meeting_id)


@dataclass(slots=True)
class MeetingRow:
    """What a list shows of a meeting (see the meeting_rows filter), read by `list_rows`."""

    pk: int
    date_start: dt.date | None
    date_end: dt.date | None
    date_precision: str
    kind: str
    status: str
    place: str
    location_country_name: str | None
    context_event: str
    principals: list[str]  # "Jeyhun Bayramov (Azerbaijan)", in their order at the meeting
    topics: list[tuple[str, str]]  # (slug, name), by name

    @property
    def headline(self) -> str:
        return headline_of(self.pk, self.principals)


# A principal reads "Name (Label)": the person's name, or the name as written when unresolved, and
# the represented country's name or the organization's acronym or name (Participation.represents).
# Principals and topics are gathered for the whole page at once and joined by meeting: as a
# subquery per meeting, PostgreSQL hashed the country, organization and topic tables again for each
# of the 25 rows (5.3 ms against 1.7 ms at 2M meetings).
_LIST_ROWS_SQL = """
SELECT m.id, m.date_start, m.date_end, m.date_precision, m.kind, m.status, m.place, place_country.name,
       m.context_event, COALESCE(principals.labels, '{}'), COALESCE(topics.pairs, '{}')
FROM meetings_meeting AS m
LEFT JOIN meetings_country AS place_country ON place_country.iso2 = m.location_country_id
LEFT JOIN (
    SELECT p.meeting_id,
           array_agg(CASE WHEN p.person_id IS NOT NULL THEN person.name ELSE p.mention END
                     || COALESCE(' (' || NULLIF(COALESCE(country.name, NULLIF(org.acronym, ''), org.name), '')
                                 || ')', '')
                     ORDER BY p.position, p.id) AS labels
    FROM meetings_participation AS p
    LEFT JOIN meetings_person AS person ON person.id = p.person_id
    LEFT JOIN meetings_country AS country ON country.iso2 = p.country_id
    LEFT JOIN meetings_organization AS org ON org.id = p.organization_id
    WHERE p.meeting_id = ANY(%(ids)s) AND p.role = %(principal)s
    GROUP BY p.meeting_id
) AS principals ON principals.meeting_id = m.id
LEFT JOIN (
    SELECT link.meeting_id, array_agg(ARRAY[topic.slug, topic.name] ORDER BY topic.name, topic.id) AS pairs
    FROM meetings_meeting_topics AS link
    JOIN meetings_topic AS topic ON topic.id = link.topic_id
    WHERE link.meeting_id = ANY(%(ids)s)
    GROUP BY link.meeting_id
) AS topics ON topics.meeting_id = m.id
WHERE m.id = ANY(%(ids)s) AND m.status <> %(rejected)s
"""


def list_rows(ids: list[int]) -> list[MeetingRow]:
    """The list rows of these meetings, in the order of `ids`, leaving out rejected ones. One query,
    and no model instances: for a page of 25 rows the ORM's prefetches cost more than the SQL."""
    if not ids:
        return []
    with read_cursor() as cursor:
        cursor.execute(
            _LIST_ROWS_SQL,
            {"ids": list(ids), "principal": Role.PRINCIPAL, "rejected": MeetingStatus.REJECTED},
        )
        by_id = {
            row[0]: MeetingRow(*row[:9], principals=row[9], topics=[(slug, name) for slug, name in row[10]])
            for row in cursor.fetchall()
        }
    return [by_id[pk] for pk in ids if pk in by_id]


@dataclass
class KeysetPage:
    rows: list[MeetingRow]
    next_cursor: str | None
    is_first: bool


def keyset_page(
    queryset: QuerySet[Meeting], *, sort: str, after: str | None, per_page: int, walk: DateWalk | None = None
) -> KeysetPage:
    """One page of meetings after a cursor, without OFFSET, so page 5,000 costs what page 1 does.

    Dated meetings come first (newest or oldest first), then undated ones, by id. Each part
    is a range scan on meeting_public_date_idx: `date_start <= d` bounds the scan and the
    OR only breaks ties within one day. Costs: one query for the dated keys, one more for the
    undated keys when the dated ones do not fill the page, then the rows with their prefetches.
    With a `walk` (select_meetings) the dated keys come from the walk when it fills the page, and
    from the query above when it does not: one query more in that case.
    """
    descending = sort != "date"
    cursor = Cursor.decode(after)
    keys_only = queryset.order_by()
    keys: list[tuple[int, dt.date | None]] = []

    if cursor is None or cursor.date is not None:
        dated = keys_only.filter(date_start__isnull=False)
        if cursor is not None:
            if descending:
                dated = dated.filter(
                    Q(date_start__lte=cursor.date), Q(date_start__lt=cursor.date) | Q(id__lt=cursor.id)
                )
            else:
                dated = dated.filter(
                    Q(date_start__gte=cursor.date), Q(date_start__gt=cursor.date) | Q(id__gt=cursor.id)
                )
        walked = (
            walk_dated_keys(walk, descending=descending, after=cursor, limit=per_page + 1) if walk else None
        )
        if walked is not None:
            keys = walked
        else:
            order = ("-date_start", "-id") if descending else ("date_start", "id")
            keys = list(dated.order_by(*order).values_list("id", "date_start")[: per_page + 1])

    if len(keys) <= per_page:
        undated = keys_only.filter(date_start__isnull=True)
        if cursor is not None and cursor.date is None:
            undated = undated.filter(id__lt=cursor.id) if descending else undated.filter(id__gt=cursor.id)
        undated = undated.order_by("-id" if descending else "id")
        keys += list(undated.values_list("id", "date_start")[: per_page + 1 - len(keys)])

    has_next = len(keys) > per_page
    keys = keys[:per_page]
    # The keys passed the filters already: filtering the rows again cost 11-13 ms at 2M meetings.
    # Only public() is checked again, so a meeting rejected since its key was read never shows.
    rows = list_rows([key[0] for key in keys])
    next_cursor = Cursor(keys[-1][1], keys[-1][0]).encode() if has_next and keys else None
    return KeysetPage(rows=rows, next_cursor=next_cursor, is_first=cursor is None)


# Walking one entity's meetings by date -------------------------------------------------------
# Link rows and participations carry their meeting's date (migrations 0011 and 0013) and are
# indexed by (entity, date, meeting), so the meetings of a country, organization, topic or person
# come newest or oldest first from one index range. Keeping
# those that pass the other filters answers a page of a list narrowed to a country with a popular
# topic from the first few hundred rows instead of from all of the country's meetings (40 ms for
# 12,500 meetings at 2M, against 2 ms). When the other filters are so selective that this many
# rows do not fill the page, the walk gives up and the caller uses the general query. Entities of
# at most DATE_WALK_ABOVE meetings are not walked: the general query is as quick for them, and
# never costs the extra query of a walk that gave up.
DATE_WALK_ROWS = 500
DATE_WALK_ABOVE = 500


@dataclass(frozen=True)
class DateWalk:
    table: str  # a link table or the participations: rows with meeting_id and date_start
    column: str  # its entity column
    value: object
    meetings: QuerySet[Meeting]  # the meetings to keep: every filter, the entity's included
    first_day: dt.date | None = None
    last_day: dt.date | None = None


def walk_dated_keys(
    walk: DateWalk, *, descending: bool, after: Cursor | None, limit: int
) -> list[tuple[int, dt.date]] | None:
    """The first `limit` (meeting id, date) keys of the walk in list order after the cursor, or
    None when the first DATE_WALK_ROWS link rows do not hold that many. One query."""
    sql, params = _walk_sql(walk, descending=descending, after=after, limit=limit)
    with read_cursor() as cursor:
        cursor.execute(sql, params)
        keys = cursor.fetchall()
    return keys if len(keys) == limit else None


def _walk_sql(walk: DateWalk, *, descending: bool, after: Cursor | None, limit: int) -> tuple[str, list]:
    conditions = [f"link.{walk.column} = %s", "link.date_start IS NOT NULL"]
    params: list[object] = [walk.value]
    if walk.first_day:
        conditions.append("link.date_start >= %s")
        params.append(walk.first_day)
    if walk.last_day:
        conditions.append("link.date_start <= %s")
        params.append(walk.last_day)
    if after is not None:
        conditions.append(f"(link.date_start, link.meeting_id) {'<' if descending else '>'} (%s, %s)")
        params += [after.date, after.id]
    direction = "DESC" if descending else "ASC"
    wanted, wanted_params = walk.meetings.order_by().values("id").query.sql_with_params()
    # OFFSET 0 keeps PostgreSQL from turning the check into a join over all wanted meetings:
    # it must stay a lookup per walked row, in the walk's order, stopping at `limit`. DISTINCT:
    # a person may be mentioned twice at one meeting.
    sql = f"""
        SELECT walked.meeting_id, walked.date_start
        FROM (SELECT DISTINCT link.meeting_id, link.date_start FROM {walk.table} AS link
              WHERE {" AND ".join(conditions)}
              ORDER BY link.date_start {direction}, link.meeting_id {direction}
              LIMIT %s) AS walked
        WHERE EXISTS (SELECT 1 FROM ({wanted}) AS wanted WHERE wanted.id = walked.meeting_id OFFSET 0)
        ORDER BY walked.date_start {direction}, walked.meeting_id {direction}
        LIMIT %s
    """
    return sql, [*params, DATE_WALK_ROWS, *wanted_params, limit]


def entity_walk(link_model, **entity) -> DateWalk:
    """The date walk over one country's, organization's, topic's (a link model) or person's
    (Participation) public meetings."""
    [(column, value)] = entity.items()
    return DateWalk(link_model._meta.db_table, column, value, Meeting.objects.public())


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class MonthCount:
    month: dt.date
    count: int


@dataclass
class Facets:
    countries: list[FacetValue] = field(default_factory=list)
    organizations: list[FacetValue] = field(default_factory=list)
    topics: list[FacetValue] = field(default_factory=list)
    kinds: list[FacetValue] = field(default_factory=list)
    years: list[FacetValue] = field(default_factory=list)
    months: list[MonthCount] = field(default_factory=list)


def meeting_facets(queryset: QuerySet[Meeting], *, limit: int = 12) -> Facets:
    """Counts per country, organization, topic, kind, year and month for a filtered list.

    Five queries, each grouping the link table (or the meetings) restricted to the filtered
    ids; years are summed from the month counts.
    """
    facets = _linked_facets(queryset, limit=limit)
    plain = queryset.order_by()
    kinds = plain.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    months = (
        plain.filter(date_start__isnull=False)
        .annotate(month=TruncMonth("date_start"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    _add_kinds_and_months(facets, kinds, months)
    return facets


def _linked_facets(queryset: QuerySet[Meeting], *, limit: int) -> Facets:
    """Countries, organizations and topics of the filtered meetings, most frequent first. Three queries."""
    ids = queryset.order_by().values("id")
    countries = (
        CountryLink.objects.filter(meeting_id__in=ids)
        .values("country_id", "country__name")
        .annotate(n=Count("meeting_id"))
        .order_by("-n", "country__name")[:limit]
    )
    organizations = (
        OrganizationLink.objects.filter(meeting_id__in=ids)
        .values("organization__slug", "organization__name", "organization__acronym")
        .annotate(n=Count("meeting_id"))
        .order_by("-n", "organization__name")[:limit]
    )
    topics = (
        TopicLink.objects.filter(meeting_id__in=ids)
        .values("topic__slug", "topic__name")
        .annotate(n=Count("meeting_id"))
        .order_by("-n", "topic__name")[:limit]
    )
    return _facets_from_rows(countries, organizations, topics)


def _facets_from_rows(countries, organizations, topics) -> Facets:
    return Facets(
        countries=[
            FacetValue(row["country_id"].lower(), row["country__name"], row["n"]) for row in countries
        ],
        organizations=[
            FacetValue(
                row["organization__slug"], row["organization__acronym"] or row["organization__name"], row["n"]
            )
            for row in organizations
        ],
        topics=[FacetValue(row["topic__slug"], row["topic__name"], row["n"]) for row in topics],
    )


def _add_kinds_and_months(facets: Facets, kinds, months) -> None:
    """Fill kinds, months and years from rows of (kind, n) and (month, n)."""
    kind_labels = dict(Meeting._meta.get_field("kind").choices)
    facets.kinds = [
        FacetValue(row["kind"], kind_labels.get(row["kind"], row["kind"]), row["n"]) for row in kinds
    ]
    facets.months = [MonthCount(row["month"], row["n"]) for row in months]
    per_year = Counter()
    for month in facets.months:
        per_year[month.month.year] += month.count
    facets.years = [FacetValue(str(year), str(year), n) for year, n in sorted(per_year.items(), reverse=True)]


def rollup_facets(selection: RollupSelection, *, limit: int = 12) -> Facets:
    """meeting_facets() from the rollups. Two queries (kinds, months), three more (countries,
    organizations, topics) for a selection without an entity; with one, the caller adds those."""
    kinds = selection.rows().values("kind").annotate(n=Sum("meetings")).order_by("-n", "kind")
    months = selection.month_rows().values("month").annotate(n=Sum("meetings")).order_by("month")
    if selection.dimension == RollupDimension.ALL:

        def ranked(dimension: str, *fields: str, name: str):
            rows = selection.rows(dimension=dimension, entity={}).values(*fields).annotate(n=Sum("meetings"))
            return rows.order_by("-n", name)[:limit]

        facets = _facets_from_rows(
            ranked(RollupDimension.COUNTRY, "country_id", "country__name", name="country__name"),
            ranked(
                RollupDimension.ORGANIZATION,
                "organization__slug",
                "organization__name",
                "organization__acronym",
                name="organization__name",
            ),
            ranked(RollupDimension.TOPIC, "topic__slug", "topic__name", name="topic__name"),
        )
    else:
        facets = Facets()
    _add_kinds_and_months(facets, kinds, months)
    return facets


def filter_cache_key(cleaned: dict) -> dict:
    """A valid filter's cleaned data as plain values (records by primary key), for cache keys."""
    key = {}
    for name, value in cleaned.items():
        if name == "sort" or value in (None, "", []):
            continue
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, list | tuple) or hasattr(value, "model"):
            value = sorted(item.pk for item in value)
        key[name] = value
    return key


def meeting_list_counts(
    filterset: MeetingFilter, meetings: QuerySet[Meeting], *, use_rollups: bool | None = None
) -> tuple[Facets, MeetingCount]:
    """Facets and the number of meetings for a valid filter.

    Without rollups: meeting_facets() and count_up_to_threshold(), six or seven queries. With
    them: the rollup-built check (none when the caller passes `use_rollups`), then the cached
    result; on a miss, for filters the rollups answer, two to five rollup queries (plus three for
    an entity's co-occurring countries, organizations and topics), else the exact queries.
    """
    if use_rollups is None:
        use_rollups = rollups.built()
    if not use_rollups:
        return meeting_facets(meetings), count_up_to_threshold(meetings)
    cleaned = filterset.form.cleaned_data
    selection = rollup_selection(cleaned)

    def from_rollups() -> tuple[Facets, MeetingCount]:
        facets = rollup_facets(selection)
        total = sum(kind.count for kind in facets.kinds)
        if selection.dimension != RollupDimension.ALL:
            few = few_meetings(meetings) if total <= NARROW_UP_TO else None
            linked = _linked_facets(few[0] if few else meetings, limit=12)
            facets.countries, facets.organizations, facets.topics = (
                linked.countries,
                linked.organizations,
                linked.topics,
            )
        return facets, MeetingCount(total)

    def from_meetings() -> tuple[Facets, MeetingCount]:
        names_an_entity = bool(named_entities(cleaned) or cleaned.get("person"))
        if names_an_entity and (few := few_meetings(meetings)):
            subset, count = few
            return meeting_facets(subset), MeetingCount(count)
        return meeting_facets(meetings), count_up_to_threshold(meetings)

    # Month rollups summed over a date range are still hundreds of thousands of rows at
    # millions of meetings, and an entity's co-occurring facets need its meetings: cache both.
    return cached_aggregate(
        "list-counts", filter_cache_key(cleaned), from_rollups if selection else from_meetings
    )


def few_meetings(meetings: QuerySet[Meeting]) -> tuple[QuerySet[Meeting], int] | None:
    """The filtered meetings as a fixed list of ids, and how many, when there are at most
    NARROW_UP_TO of them; else None. One query.

    Each facet of a filtered list groups the filtered meetings. Given the filter itself, each of the
    five facet statements finds the matching meetings again: for a rare country and a topic at 2M
    meetings, 110-200 ms each. Found once, the ids make each facet a lookup of those meetings only.
    """
    ids = list(meetings.order_by().values_list("id", flat=True)[: NARROW_UP_TO + 1])
    if len(ids) > NARROW_UP_TO:
        return None
    subset = Meeting.objects.filter(
        EqualsAny(F("id"), Value(ids, output_field=ArrayField(BigIntegerField())))
    )
    return subset, len(ids)


@dataclass(frozen=True)
class TimelineBar:
    month: dt.date
    count: int
    x: float
    height: float
    y: float


TIMELINE_HEIGHT = 60
TIMELINE_BAR_STEP = 10


def timeline_bars(months: list[MonthCount], *, width_per_month: int = TIMELINE_BAR_STEP) -> list[TimelineBar]:
    """SVG bars for every month from the first to the last, empty months included (no query)."""
    if not months:
        return []
    counts = {month.month: month.count for month in months}
    peak = max(counts.values())
    first, last = months[0].month, months[-1].month
    bars = []
    month, index = first, 0
    while month <= last:
        count = counts.get(month, 0)
        height = round(TIMELINE_HEIGHT * count / peak, 1) if count else 0
        bars.append(TimelineBar(month, count, index * width_per_month, height, TIMELINE_HEIGHT - height))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        index += 1
    return bars


def meetings_per_year(queryset: QuerySet[Meeting]) -> list[tuple[int, int]]:
    """(year, count) pairs, oldest first, for a public meeting queryset. One query."""
    rows = (
        queryset.order_by()
        .filter(date_start__isnull=False)
        .annotate(year=ExtractYear("date_start"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return [(row["year"], row["n"]) for row in rows]


def rollup_total_and_years(selection: RollupSelection) -> tuple[int, list[tuple[int, int]]]:
    """The number of meetings and (year, count) pairs, oldest first, from the month rollups. One query."""
    rows = (
        MeetingMonthCount.objects.filter(dimension=selection.dimension, **selection.entity)
        .annotate(year=ExtractYear("month"))
        .values("year")
        .annotate(n=Sum("meetings"))
        .order_by("year")
    )
    rows = [(row["year"], row["n"]) for row in rows]
    return sum(n for _, n in rows), [(year, n) for year, n in rows if year is not None]


def entity_selection(**entity) -> RollupSelection:
    """The rollup rows of one country, organization or topic: entity_selection(country_id="AZ")."""
    (field_name,) = entity
    dimension = {
        "country_id": RollupDimension.COUNTRY,
        "organization_id": RollupDimension.ORGANIZATION,
        "topic_id": RollupDimension.TOPIC,
    }[field_name]
    return RollupSelection(dimension, entity)


def year_bars(per_year: list[tuple[int, int]]) -> list[dict]:
    """Horizontal bar widths (percent of the busiest year) for a year table; no query."""
    peak = max((n for _, n in per_year), default=0)
    return [
        {"year": year, "count": n, "percent": round(100 * n / peak) if peak else 0} for year, n in per_year
    ]


# Home ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeAggregates:
    summary: dict
    latest_meetings: list[MeetingRow]
    top_countries: list[dict]
    top_organizations: list[dict]


def home_aggregates(*, use_rollups: bool = False, latest: int = 8, top: int = 10) -> HomeAggregates:
    """Everything the home page shows. At scale (`use_rollups`) kept in the cache until the data
    changes: one cache read instead of seven statements per visit."""

    def compute() -> HomeAggregates:
        return HomeAggregates(
            summary=archive_summary(use_rollups=use_rollups),
            latest_meetings=latest_meetings(limit=latest),
            top_countries=most_active_countries(limit=top, use_rollups=use_rollups),
            top_organizations=most_active_organizations(limit=top, use_rollups=use_rollups),
        )

    return cached_aggregate("home", [latest, top], compute) if use_rollups else compute()


def archive_summary(*, use_rollups: bool = False) -> dict:
    """What the archive holds. Five count queries; from the rollups, three or four.

    From the rollups, "people" counts live people whose store-kept meeting_count is positive,
    estimated ("people_estimated") past COUNT_EXACT_UP_TO.
    """
    if use_rollups:
        totals = MeetingTotalCount.objects.aggregate(
            meetings=Sum("meetings", filter=Q(dimension=RollupDimension.ALL), default=0),
            countries=Count("country", distinct=True),
            organizations=Count("organization", distinct=True),
        )
        people = count_up_to_threshold(Person.objects.live().filter(meeting_count__gt=0))
        return {
            **totals,
            "people": people.value,
            "people_estimated": people.estimated,
            "latest_ingest": Article.objects.aggregate(latest=Max("ingested_at"))["latest"],
        }
    public_ids = Meeting.objects.public().values("id")
    return {
        "meetings": Meeting.objects.public().count(),
        "people": Person.objects.live().filter(participations__meeting__in=public_ids).distinct().count(),
        "countries": CountryLink.objects.filter(meeting_id__in=public_ids)
        .values("country_id")
        .distinct()
        .count(),
        "organizations": OrganizationLink.objects.filter(meeting_id__in=public_ids)
        .values("organization_id")
        .distinct()
        .count(),
        "latest_ingest": Article.objects.aggregate(latest=Max("ingested_at"))["latest"],
    }


def most_active_countries(
    *, limit: int = 10, meetings: QuerySet[Meeting] | None = None, use_rollups: bool = False
) -> list[dict]:
    """Countries ranked by public meetings, as dicts with iso2, name, n. One query.

    `use_rollups` (all public meetings only) reads the rollup totals instead of the link table.
    """
    if use_rollups and meetings is None:
        rows = MeetingTotalCount.objects.filter(dimension=RollupDimension.COUNTRY)
        rows = rows.values("country_id", "country__name").annotate(n=Sum("meetings"))
    else:
        meetings = meetings if meetings is not None else Meeting.objects.public()
        rows = (
            CountryLink.objects.filter(meeting_id__in=meetings.order_by().values("id"))
            .values("country_id", "country__name")
            .annotate(n=Count("meeting_id"))
        )
    rows = rows.order_by("-n", "country__name")[:limit]
    return [{"iso2": row["country_id"].lower(), "name": row["country__name"], "n": row["n"]} for row in rows]


def most_active_organizations(*, limit: int = 10, use_rollups: bool = False) -> list[dict]:
    """Organizations ranked by public meetings. One query, from the rollup totals with `use_rollups`."""
    if use_rollups:
        rows = MeetingTotalCount.objects.filter(dimension=RollupDimension.ORGANIZATION)
        rows = rows.values("organization__slug", "organization__name", "organization__acronym").annotate(
            n=Sum("meetings")
        )
    else:
        rows = (
            OrganizationLink.objects.filter(meeting_id__in=Meeting.objects.public().values("id"))
            .values("organization__slug", "organization__name", "organization__acronym")
            .annotate(n=Count("meeting_id"))
        )
    rows = rows.order_by("-n", "organization__name")[:limit]
    return [
        {
            "slug": row["organization__slug"],
            "name": row["organization__name"],
            "acronym": row["organization__acronym"],
            "n": row["n"],
        }
        for row in rows
    ]


def latest_meetings(
    queryset: QuerySet[Meeting] | None = None,
    *,
    limit: int = 10,
    walk: DateWalk | None = None,
    total: int | None = None,
) -> list[MeetingRow]:
    """Newest public meetings with what a row shows. Two queries (the ids, the rows).

    The newest ids are chosen in a subquery that reads only the index (meeting_id_filter_idx holds
    date and status), then only those rows are read: selecting whole rows while choosing made
    PostgreSQL read all 12,500 meetings of a country from the table to keep 30 (130 ms at 2M).
    With the `walk` of the queryset's entity and its `total` of meetings, the ids come from the
    walk; when it finds fewer than it should (a very large share of rejected meetings, or undated
    ones), the general query runs as well.
    """
    queryset = queryset if queryset is not None else Meeting.objects.public()
    ordering = meeting_ordering("-date")
    public_ids = Meeting.objects.public().order_by(*ordering).values_list("id", flat=True)
    if walk is not None and total is not None and total > DATE_WALK_ABOVE:
        sql, params = _walk_sql(walk, descending=True, after=None, limit=limit)
        walked = list_rows(
            list(public_ids.filter(id__in=RawSQL(f"SELECT meeting_id FROM ({sql}) AS walk", params)))
        )
        if len(walked) == min(limit, total):
            return walked
    newest = queryset.order_by(*ordering).values("id")[:limit]
    return list_rows(list(public_ids.filter(id__in=newest)))


# Meeting page -------------------------------------------------------------------------------


def meeting_for_page() -> QuerySet[Meeting]:
    """Public meetings with everything the meeting page shows. Four queries for one meeting."""
    return (
        Meeting.objects.public()
        .for_list()
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=MeetingReport.objects.select_related("article", "article__source").order_by(
                    "article__published", "id"
                ),
            )
        )
    )


def other_meetings_of_people(meeting: Meeting, *, limit: int = 10) -> list[MeetingRow]:
    """Other public meetings of this meeting's resolved people, newest first. Two queries."""
    person_ids = [p.person_id for p in meeting.participations.all() if p.person_id]
    if not person_ids:
        return []
    shared = Participation.objects.filter(meeting=OuterRef("pk"), person_id__in=person_ids)
    return latest_meetings(
        Meeting.objects.public().filter(Exists(shared)).exclude(pk=meeting.pk), limit=limit
    )


@dataclass(frozen=True)
class EvidenceView:
    before: str
    evidence: str
    after: str


def evidence_view(report: MeetingReport, *, context_chars: int = 160) -> EvidenceView:
    """The evidence sentence with a little text either side, from the article's own text.

    Falls back to the stored quote when the offsets no longer fit the text.
    """
    text = report.article.text
    start, end = report.evidence_start, report.evidence_end
    if not (0 <= start < end <= len(text)):
        return EvidenceView("", report.quote, "")
    before = text[max(0, start - context_chars) : start]
    after = text[end : end + context_chars]
    return EvidenceView(
        ("…" if start > context_chars else "") + before,
        text[start:end],
        after + ("…" if end + context_chars < len(text) else ""),
    )


# People, organizations, countries, topics -----------------------------------------------------


def follow_merges(model, slug: str):
    """The record for a slug and the live record it was merged into (the same one if not merged).

    Returns (None, None) for an unknown slug. One query, plus one per merge hop.
    """
    record = model.objects.filter(slug=slug).first()
    if record is None:
        return None, None
    survivor, seen = record, {record.pk}
    while survivor.merged_into_id and survivor.merged_into_id not in seen:
        seen.add(survivor.merged_into_id)
        survivor = model.objects.get(pk=survivor.merged_into_id)
    return record, survivor


def public_participations() -> QuerySet[Participation]:
    return Participation.objects.exclude(meeting__status=MeetingStatus.REJECTED)


def titles_over_time(person: Person) -> list[dict]:
    """Each title the person was given, with its first and last meeting dates. One query."""
    return list(
        public_participations()
        .filter(person=person)
        .exclude(title="")
        .values("title")
        .annotate(first=Min("meeting__date_start"), last=Max("meeting__date_start"), n=Count("id"))
        .order_by("-last", "title")
    )


def represented(participations: QuerySet[Participation]) -> list[dict]:
    """Countries and organizations represented in these participations, by count. One query."""
    rows = (
        participations.filter(Q(country__isnull=False) | Q(organization__isnull=False))
        .values(
            "country_id", "country__name", "organization__slug", "organization__name", "organization__acronym"
        )
        .annotate(n=Count("meeting", distinct=True))
        .order_by("-n", "country__name", "organization__name")
    )
    return [
        {
            "kind": "country" if row["country_id"] else "organization",
            "iso2": (row["country_id"] or "").lower(),
            "slug": row["organization__slug"],
            "name": row["country__name"] or row["organization__acronym"] or row["organization__name"],
            "n": row["n"],
        }
        for row in rows
    ]


def counterparts(person: Person, *, limit: int = 10) -> list[dict]:
    """The people this person met most often in public meetings. One query.

    Counted per person id first and named afterwards: grouping the joined names instead made
    PostgreSQL join every participation of the busiest person's 655,000 meetings to its person
    before counting (6.6-7.3 s against 4.7 s at 2M meetings).
    """
    their_meetings, parameters = (
        public_participations().filter(person=person).order_by().values("meeting_id").query.sql_with_params()
    )
    sql = f"""
        SELECT person.slug, person.name, counted.n
        FROM (SELECT participation.person_id, COUNT(DISTINCT participation.meeting_id) AS n
              FROM {Participation._meta.db_table} AS participation
              WHERE participation.meeting_id IN ({their_meetings})
                AND participation.person_id IS NOT NULL
                AND participation.person_id <> %s
              GROUP BY participation.person_id) AS counted
        JOIN {Person._meta.db_table} AS person ON person.id = counted.person_id
        ORDER BY counted.n DESC, person.name
        LIMIT %s
    """
    with read_cursor() as cursor:
        cursor.execute(sql, [*parameters, person.pk, limit])
        rows = cursor.fetchall()
    return [{"person__slug": slug, "person__name": name, "n": n} for slug, name, n in rows]


def person_meetings(person: Person) -> QuerySet[Meeting]:
    """The public meetings this person took part in."""
    return Meeting.objects.public().filter(
        Exists(Participation.objects.filter(meeting=OuterRef("pk"), person=person))
    )


def person_aggregates(person: Person, *, use_rollups: bool = False, counterparts_limit: int = 10) -> dict:
    """The person page's rankings and counts: titles over time, represented countries and
    organizations, counterparts, and (meetings, per-year counts). With `use_rollups` (the rollups
    are built), from the person rollups when the person is rolled up (four queries); else counted
    from the participations (five more)."""
    if use_rollups:
        rolled_up = rolled_up_person_aggregates(person, counterparts_limit=counterparts_limit)
        if rolled_up is not None:
            return rolled_up
    meetings = person_meetings(person)
    return {
        "titles": titles_over_time(person),
        "represented": represented(public_participations().filter(person=person)),
        "counterparts": counterparts(person, limit=counterparts_limit),
        "counts": (meetings.count(), meetings_per_year(meetings)),
    }


def rolled_up_person_aggregates(person: Person, *, counterparts_limit: int = 10) -> dict | None:
    """person_aggregates() from the person rollups, or None when the person is not rolled up
    (one query then). The same rows in the same order as the counts from the participations."""
    dimension = PersonRollupDimension
    with read_cursor() as cursor:
        cursor.execute(
            f"""
            SELECT t.dimension, t.meetings, t.country_id, country.name,
                   organization.slug, organization.name, organization.acronym
            FROM {PersonTotalCount._meta.db_table} t
            LEFT JOIN {Country._meta.db_table} country ON country.iso2 = t.country_id
            LEFT JOIN {Organization._meta.db_table} organization ON organization.id = t.organization_id
            WHERE t.person_id = %s AND t.dimension IN (%s, %s)
            ORDER BY t.meetings DESC, country.name, organization.name
            """,
            [person.pk, dimension.MEETINGS, dimension.REPRESENTED],
        )
        totals = cursor.fetchall()
        total = next((row[1] for row in totals if row[0] == dimension.MEETINGS), None)
        if total is None:
            return None
        # The top counterparts from the ranked index, then every one tied with the last of them,
        # named and ordered as the count from the participations orders them.
        cursor.execute(
            f"""
            WITH ranked AS (
                SELECT meetings FROM {PersonTotalCount._meta.db_table}
                WHERE person_id = %s AND dimension = %s ORDER BY meetings DESC LIMIT %s
            )
            SELECT person.slug, person.name, t.meetings
            FROM {PersonTotalCount._meta.db_table} t
            JOIN {Person._meta.db_table} person ON person.id = t.counterpart_id
            WHERE t.person_id = %s AND t.dimension = %s AND t.meetings >= (SELECT min(meetings) FROM ranked)
            ORDER BY t.meetings DESC, person.name
            LIMIT %s
            """,
            [person.pk, dimension.COUNTERPART, counterparts_limit, person.pk, dimension.COUNTERPART,
             counterparts_limit],
        )  # fmt: skip
        top_counterparts = cursor.fetchall()
        cursor.execute(
            f"""
            SELECT title, min(first_date) AS first, max(last_date) AS last, sum(meetings)::integer
            FROM {PersonMonthCount._meta.db_table}
            WHERE person_id = %s AND dimension = %s
            GROUP BY title ORDER BY last DESC, title
            """,
            [person.pk, dimension.TITLE],
        )
        titles = cursor.fetchall()
        cursor.execute(
            f"""
            SELECT extract(year FROM month)::integer AS year, sum(meetings)::integer
            FROM {PersonMonthCount._meta.db_table}
            WHERE person_id = %s AND dimension = %s AND month IS NOT NULL
            GROUP BY year ORDER BY year
            """,
            [person.pk, dimension.MEETINGS],
        )
        per_year = [(year, n) for year, n in cursor.fetchall()]
    return {
        "titles": [
            {"title": title, "first": first, "last": last, "n": n} for title, first, last, n in titles
        ],
        "represented": [
            {
                "kind": "country" if country_id else "organization",
                "iso2": (country_id or "").lower(),
                "slug": organization_slug,
                "name": country_name or organization_acronym or organization_name,
                "n": n,
            }
            for kind, n, country_id, country_name, organization_slug, organization_name, organization_acronym in totals
            if kind == dimension.REPRESENTED
        ],
        "counterparts": [
            {"person__slug": slug, "person__name": name, "n": n} for slug, name, n in top_counterparts
        ],
        "counts": (total, per_year),
    }


def people_representing(participations: QuerySet[Participation], *, limit: int = 10) -> list[dict]:
    """Resolved people ranked by meetings in these participations. One query.

    Counted per person id, then each counted person is named by a lookup of its own (OFFSET 0
    keeps it one): grouping by the joined names made PostgreSQL hash all million people to name the
    2,238 who represented a small country (393 ms against 200 ms at 2M meetings).
    """
    counted, parameters = (
        participations.filter(person__isnull=False)
        .order_by()
        .values("person_id")
        .annotate(n=Count("meeting", distinct=True))
        .values("person_id", "n")
        .query.sql_with_params()
    )
    sql = f"""
        SELECT named.slug, named.name, counted.n
        FROM ({counted}) AS counted
        CROSS JOIN LATERAL (SELECT person.slug, person.name FROM {Person._meta.db_table} AS person
                            WHERE person.id = counted.person_id OFFSET 0) AS named
        ORDER BY counted.n DESC, named.name
        LIMIT %s
    """
    with read_cursor() as cursor:
        cursor.execute(sql, [*parameters, limit])
        rows = cursor.fetchall()
    return [{"person__slug": slug, "person__name": name, "n": n} for slug, name, n in rows]


def partner_countries(meetings: QuerySet[Meeting], *, exclude: list[str], limit: int = 15) -> list[dict]:
    """Other countries in these meetings, ranked by number of meetings. One query."""
    rows = (
        CountryLink.objects.filter(meeting_id__in=meetings.order_by().values("id"))
        .exclude(country_id__in=[code.upper() for code in exclude])
        .values("country_id", "country__name")
        .annotate(n=Count("meeting_id"))
        .order_by("-n", "country__name")[:limit]
    )
    return [{"iso2": row["country_id"].lower(), "name": row["country__name"], "n": row["n"]} for row in rows]


# Article page -------------------------------------------------------------------------------


@dataclass
class TextSegment:
    """A run of article text with the marks that cover it; the template escapes `text`."""

    text: str
    evidence: bool = False
    mention: Participation | None = None
    entity: Country | Organization | None = None  # a country or organization named in the text


def article_segments(article: Article) -> tuple[list[TextSegment], list[Participation], list[MeetingReport]]:
    """Split the article text at the public evidence and mention spans. Two queries.

    Spans from rejected meetings are left out; spans outside the text or overlapping an
    earlier mention are ignored rather than trusted.
    """
    text = article.text
    mentions = list(
        public_participations()
        .filter(article=article, span_start__isnull=False)
        .select_related("person", "country", "organization")
        .order_by("span_start", "id")
    )
    reports = list(
        MeetingReport.objects.filter(article=article)
        .exclude(meeting__status=MeetingStatus.REJECTED)
        .select_related("meeting")
        .order_by("evidence_start", "id")
    )
    evidence_ranges = [
        (r.evidence_start, r.evidence_end)
        for r in reports
        if 0 <= r.evidence_start < r.evidence_end <= len(text)
    ]
    mention_ranges: list[tuple[int, int, Participation]] = []
    last_end = -1
    for mention in mentions:
        if 0 <= mention.span_start < mention.span_end <= len(text) and mention.span_start >= last_end:
            mention_ranges.append((mention.span_start, mention.span_end, mention))
            last_end = mention.span_end

    entity_ranges = _entity_ranges(text, mentions, taken=[(s, e) for s, e, _ in mention_ranges])

    cuts = {0, len(text)}
    for start, end in evidence_ranges:
        cuts.update((start, end))
    for start, end, _ in [*mention_ranges, *entity_ranges]:
        cuts.update((start, end))
    ordered = sorted(cuts)
    segments = []
    for start, end in zip(ordered, ordered[1:], strict=False):
        in_evidence = any(s <= start and end <= e for s, e in evidence_ranges)
        mention = next((m for s, e, m in mention_ranges if s <= start and end <= e), None)
        entity = next((x for s, e, x in entity_ranges if s <= start and end <= e), None)
        segments.append(TextSegment(text[start:end], in_evidence, mention, entity))
    return segments, mentions, reports


def _entity_ranges(text: str, mentions: list[Participation], *, taken: list[tuple[int, int]]):
    """Where the text names the countries and organizations its people represented (names, demonyms,
    acronyms), outside the people's own spans. No query: the mentions carry them."""
    forms: dict[str, Country | Organization] = {}
    for mention in mentions:
        if mention.country_id:
            country = mention.country
            for form in (country.name, *country.other_names, *country.demonyms):
                forms.setdefault(form, country)
        if mention.organization_id:
            organization = mention.organization
            for form in (organization.name, organization.acronym):
                if form:
                    forms.setdefault(form, organization)
    if not forms:
        return []
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
        + r")(?!\w)"
    )
    ranges = []
    for match in pattern.finditer(text):
        start, end = match.span()
        if not any(start < e and s < end for s, e in taken):
            ranges.append((start, end, forms[match.group(0)]))
    return ranges


# About --------------------------------------------------------------------------------------


@dataclass
class SourceStatistics:
    name: str
    slug: str
    articles: int = 0
    first_published: dt.date | None = None
    last_published: dt.date | None = None
    meetings: int = 0
    verified: int = 0
    unreviewed: int = 0
    rejected: int = 0
    unresolved_names: int = 0


def source_statistics() -> list[SourceStatistics]:
    """Per source: articles, date coverage, meetings by review status, unresolved names. Three queries.

    This is the one place where rejected meetings are counted, as a number only: readers
    should know how much the editors threw away.
    """
    by_source: dict[int | None, SourceStatistics] = {}
    for source in Source.objects.annotate(
        n=Count("articles"), first=Min("articles__published"), last=Max("articles__published")
    ).order_by("name"):
        by_source[source.pk] = SourceStatistics(source.name, source.slug, source.n, source.first, source.last)

    def row_for(source_id: int | None) -> SourceStatistics:
        if source_id not in by_source:
            by_source[source_id] = SourceStatistics("Unknown source", "")
        return by_source[source_id]

    statuses = (
        MeetingReport.objects.values("article__source_id", "meeting__status")
        .annotate(n=Count("meeting", distinct=True))
        .order_by()
    )
    for row in statuses:
        stats = row_for(row["article__source_id"])
        setattr(stats, row["meeting__status"], getattr(stats, row["meeting__status"], 0) + row["n"])
    unresolved = (
        public_participations()
        .exclude(resolution=ResolutionStatus.RESOLVED)
        .values("article__source_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in unresolved:
        row_for(row["article__source_id"]).unresolved_names += row["n"]
    for stats in by_source.values():
        stats.meetings = stats.verified + stats.unreviewed
    return list(by_source.values())


# Participant search -------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonMatch:
    id: int
    name: str
    slug: str
    meeting_count: int
    score: float
    exact: bool


def search_people(query: str, *, limit: int = 20) -> list[PersonMatch]:
    """People whose spellings resemble the query, best first. At most two queries: for a one-word
    query, the most active people who carry that word (`_most_active_carriers`), which settles the
    ranking of a common first name; otherwise one query on the name-term indexes.

    The query is folded like the stored keys (name_key / name_words). A spelling matches when it
    has the query's key, or holds terms close to the query's words (`_similar_people`: surname
    alone, typos, "al malik" vs "AlMalik"). Ranked by exact key match, then closeness (whole key
    or whole words, then parts of words), then how often the person appears.
    """
    key = name_key(query)
    words = " ".join(name_words(query))
    if len(key) < 2:
        return []
    if " " not in words:
        carriers = _most_active_carriers(words, key, limit=limit)
        if carriers is not None:
            return carriers
    return _similar_people(key, words, limit=limit)


# A common first name ("Hassan") is word-similar to tens of thousands of spellings: ranking them all
# took 0.5-3 s at a million people. Every alias holding the word itself scores 1 on both closeness
# measures (the only other way to score 1 is a spelling with the same trigrams, "aaaa" for "aaa"),
# so when at least `limit` of the most active people carry it, the ranking is settled: exact keys
# first, then those people by meeting count. Up to COMMON_WORD_SCAN people are looked at (4-7 ms
# for a common first name), and only when one of the COMMON_WORD_PROBE most active carries the word:
# a rare word then costs about a millisecond before the similarity search instead of ten.
COMMON_WORD_SCAN = 2_000
COMMON_WORD_PROBE = 300

_MOST_ACTIVE_CARRIERS_SQL = """
SELECT exact, id, name, slug, meeting_count FROM (
    (SELECT 1 AS exact, person.id, person.name, person.slug, person.meeting_count,
            -- As the similarity search breaks ties between exact keys ("Hassan", "Has San"):
            (SELECT max(word_similarity(%(word)s, alias.words)) FROM meetings_personalias AS alias
             WHERE alias.person_id = person.id
               -- Thresholds written out: a search may have changed pg_trgm's for this transaction.
               AND (alias.key = %(key)s OR similarity(alias.key, %(key)s) >= 0.3
                    OR word_similarity(%(word)s, alias.words) >= 0.6)) AS partial
     FROM meetings_person AS person
     WHERE person.merged_into_id IS NULL
       AND person.id IN (SELECT person_id FROM meetings_personalias WHERE key = %(key)s)
     ORDER BY partial DESC, person.meeting_count DESC, person.name
     LIMIT %(limit)s)
    UNION ALL
    (SELECT 0, active.id, active.name, active.slug, active.meeting_count, 1.0
     FROM (SELECT id, name, slug, meeting_count FROM meetings_person
           WHERE merged_into_id IS NULL
           ORDER BY meeting_count DESC, name
           LIMIT %(scan)s) AS active
     WHERE EXISTS (SELECT 1 FROM meetings_personalias AS alias
                   WHERE alias.person_id = active.id
                     AND position(%(spaced_word)s IN ' ' || alias.words || ' ') > 0)
       -- Evaluated once, before the walk: does any of the very most active carry the word?
       AND EXISTS (SELECT 1
                   FROM (SELECT id FROM meetings_person
                         WHERE merged_into_id IS NULL
                         ORDER BY meeting_count DESC, name
                         LIMIT %(probe)s) AS most_active
                   WHERE EXISTS (SELECT 1 FROM meetings_personalias AS alias
                                 WHERE alias.person_id = most_active.id
                                   AND position(%(spaced_word)s IN ' ' || alias.words || ' ') > 0))
     ORDER BY active.meeting_count DESC, active.name
     LIMIT %(limit)s)
) AS found
ORDER BY exact DESC, partial DESC, meeting_count DESC, name
"""


def _most_active_carriers(word: str, key: str, *, limit: int) -> list[PersonMatch] | None:
    """The ranking of a one-word query when enough of the most active people have the word itself
    in one of their names; None when they do not, and the similarity search must rank. One query."""
    with read_cursor() as cursor:
        cursor.execute(
            _MOST_ACTIVE_CARRIERS_SQL,
            {
                "key": key,
                "word": word,
                "spaced_word": f" {word} ",
                "scan": COMMON_WORD_SCAN,
                "probe": COMMON_WORD_PROBE,
                "limit": limit,
            },
        )
        rows = cursor.fetchall()
    if sum(1 for row in rows if not row[0]) < limit:
        return None
    matches: list[PersonMatch] = []
    seen: set[int] = set()
    for exact, person_id, name, slug, meeting_count in rows:
        if person_id not in seen:
            seen.add(person_id)
            matches.append(PersonMatch(person_id, name, slug, meeting_count, score=1.0, exact=bool(exact)))
    return matches[:limit]


# Participant search looks each word up in the vocabulary of name terms (NameTerm): terms at least
# this trigram-similar to it. 0.5 keeps one or two wrong letters in a surname ("Bayramof" meets
# "bayramov" at 0.64, "Annioglx" meets "annioglu" at 0.64) and keeps the lookup to a few
# milliseconds; at PostgreSQL's default of 0.3 it read ten times as many index entries.
TERM_SIMILARITY = 0.5

# A word of this many letters or fewer in a longer query does not have to match by itself ("al",
# "bin", "van": tens of thousands of spellings hold each); the term joining it to the next word does.
SHORT_WORD = 3
# Only the longest words of a long query must each match: every one costs a vocabulary lookup.
MOST_REQUIRED_WORDS = 4

# Both settings last only as long as the statement sent with them (one implicit transaction) or the
# caller's transaction. Parallel workers: the planner expects thousands of spellings where a few
# dozen come, and starting workers cost more than the whole search.
_SIMILAR_PEOPLE_SQL = """
SET LOCAL pg_trgm.similarity_threshold = {threshold}; SET LOCAL max_parallel_workers_per_gather = 0;
WITH found AS MATERIALIZED (
    SELECT alias.person_id,
           max(greatest({closeness})) AS score,
           max(greatest({partial})) AS partial,
           max(CASE WHEN alias.key = %(key)s THEN 1 ELSE 0 END) AS exact
    FROM meetings_personalias AS alias
    WHERE alias.key = %(key)s OR {term_match}
    GROUP BY alias.person_id
)
SELECT person.id, person.name, person.slug, person.meeting_count, found.score, found.exact
FROM found
-- OFFSET 0: one primary-key lookup per person found, never a join with every person.
CROSS JOIN LATERAL (SELECT id, name, slug, meeting_count FROM meetings_person
                    WHERE id = found.person_id AND merged_into_id IS NULL OFFSET 0) AS person
ORDER BY found.exact DESC, found.score DESC, found.partial DESC, person.meeting_count DESC, person.name
LIMIT %(limit)s
"""


def _holds_term_like(parameter: str) -> str:
    """SQL: the spelling holds a term trigram-similar to the named parameter (both index lookups)."""
    return (
        "meetings_name_terms(alias.words) && "
        f"ARRAY(SELECT term FROM meetings_nameterm WHERE term %% %({parameter})s)"
    )


def _similar_people(key: str, words: str, *, limit: int) -> list[PersonMatch]:
    """Spellings that hold terms close to the query's words, ranked in SQL (see search_people).

    A spelling is found when it has the query's key, or holds a term close to each word of the
    query (short words excepted, see SHORT_WORD), or, for several words, a term close to all of
    them written as one ("al malik": the term "almalik" of "Al-Malik" and of "AlMalik"). Closeness
    is then measured on the whole spelling: the key, or whole words (strict, so that "Bayramof" is
    nearer "Bayramov" than "Bayramova"), with parts of words to break ties.
    """
    query_words = words.split()
    parameters: dict[str, object] = {"key": key, "words": words, "limit": limit}
    closeness = ["similarity(alias.key, %(key)s)", "strict_word_similarity(%(words)s, alias.words)"]
    partial = ["word_similarity(%(words)s, alias.words)"]
    required = [word for word in query_words if len(word) > SHORT_WORD] or query_words
    required = sorted(required, key=len, reverse=True)[:MOST_REQUIRED_WORDS]
    for index, word in enumerate(required):
        parameters[f"word_{index}"] = word
    term_match = " AND ".join(_holds_term_like(f"word_{index}") for index in range(len(required)))
    if len(query_words) > 1:
        term_match = f"({term_match}) OR {_holds_term_like('key')}"
        closeness.append("strict_word_similarity(%(key)s, alias.words)")
        partial.append("word_similarity(%(key)s, alias.words)")
    sql = _SIMILAR_PEOPLE_SQL.format(
        threshold=TERM_SIMILARITY,
        closeness=", ".join(closeness),
        partial=", ".join(partial),
        term_match=term_match,
    )
    with read_cursor() as cursor:
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
    return [
        PersonMatch(id=pk, name=name, slug=slug, meeting_count=count, score=score, exact=bool(exact))
        for pk, name, slug, count, score, exact in rows
    ]


# Below this many letters a query is someone still typing: match word beginnings, not similarity,
# which for three or four letters resembles thousands of names.
PREFIX_SEARCH_BELOW = 5

# Suggestions are ranked by meeting count. Looking through the most active people in that order
# and keeping those with a word that starts with the prefix gives the same first suggestions as
# ranking every match, as soon as `limit` of them are found there. A common prefix ("Hass")
# starts words in 15,874 spellings at a million people, and ranking them all took 66-118 ms; the
# walk finds its suggestions among the thousand most active people in about 2 ms. A prefix they do
# not hold costs those 2 ms more before the full ranking answers (PREFIX_SCAN people looked at).
PREFIX_SCAN = 1_000

_ACTIVE_PREFIX_SQL = """
SELECT active.id, active.name, active.slug, active.meeting_count
FROM (SELECT id, name, slug, meeting_count FROM meetings_person
      WHERE merged_into_id IS NULL
      ORDER BY meeting_count DESC, name
      LIMIT %(scan)s) AS active
-- OFFSET 0: a lookup of each walked person's aliases, never a join with every alias that matches.
WHERE EXISTS (SELECT 1 FROM meetings_personalias AS alias
              WHERE alias.person_id = active.id
                AND (alias.words LIKE %(start)s OR alias.words LIKE %(inner)s)
              OFFSET 0)
ORDER BY active.meeting_count DESC, active.name
LIMIT %(limit)s
"""


def suggest_people(query: str, *, limit: int) -> list[PersonMatch]:
    """Autocomplete: people whose name has a word starting with what was typed, most active first;
    from PREFIX_SEARCH_BELOW letters on, the same fuzzy search as the search page. One query, and
    a second when the most active people hold too few matches (see PREFIX_SCAN)."""
    words = name_words(query)
    if not words or len("".join(words)) >= PREFIX_SEARCH_BELOW:
        return search_people(query, limit=limit)
    prefix = " ".join(words)
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with read_cursor() as cursor:
        cursor.execute(
            _ACTIVE_PREFIX_SQL,
            {"scan": PREFIX_SCAN, "limit": limit, "start": f"{escaped}%", "inner": f"% {escaped}%"},
        )
        walked = cursor.fetchall()
    if len(walked) == limit:
        return [
            PersonMatch(id=pk, name=name, slug=slug, meeting_count=count, score=1.0, exact=False)
            for pk, name, slug, count in walked
        ]
    with read_cursor() as cursor:
        cursor.execute(_RANKED_PREFIX_SQL, {"word_start": "(^| )" + _regex_literal(prefix), "limit": limit})
        ranked = cursor.fetchall()
    return [
        PersonMatch(id=pk, name=name, slug=slug, meeting_count=count, score=1.0, exact=False)
        for pk, name, slug, count in ranked
    ]


# Every person with a spelling that has a word starting with the prefix, most active first. One
# regular expression, "(^| )prefix", runs on the spellings' trigram GIN index: the same rows as
# "words LIKE 'prefix%' OR words LIKE '% prefix%'" for one index scan instead of two (12 ms against
# 22 ms for a prefix of 1,573 spellings at a million people). The matching people are collected
# first, so each is looked up once, not once per spelling.
_RANKED_PREFIX_SQL = """
WITH matched AS MATERIALIZED (
    SELECT DISTINCT alias.person_id FROM meetings_personalias AS alias
    WHERE alias.words ~ %(word_start)s
)
SELECT person.id, person.name, person.slug, person.meeting_count
FROM meetings_person AS person JOIN matched ON person.id = matched.person_id
WHERE person.merged_into_id IS NULL
ORDER BY person.meeting_count DESC, person.name, person.id
LIMIT %(limit)s
"""


def _regex_literal(text: str) -> str:
    """`text` matched literally by a PostgreSQL regular expression (every non-word character escaped)."""
    return re.sub(r"(\W)", r"\\\1", text)


def latest_roles(person_ids: list[int]) -> dict[int, Participation]:
    """Each person's latest recorded public participation (title, country or organization). Two queries.

    Reads one row per person from the newest end of the (person, -id) index, skipping mentions
    at rejected meetings, instead of sorting every participation of very busy people.
    """
    if not person_ids:
        return {}
    with read_cursor() as cursor:
        cursor.execute(
            """
            SELECT latest.id
            FROM unnest(%s::bigint[]) AS wanted(person_id)
            CROSS JOIN LATERAL (
                SELECT pa.id FROM meetings_participation pa
                JOIN meetings_meeting m ON m.id = pa.meeting_id AND m.status <> 'rejected'
                WHERE pa.person_id = wanted.person_id
                ORDER BY pa.id DESC
                LIMIT 1
            ) AS latest
            """,
            [list(person_ids)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    rows = Participation.objects.filter(pk__in=ids).select_related("country", "organization")
    return {row.person_id: row for row in rows}
