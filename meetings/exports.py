"""CSV and JSON downloads of any filtered meetings list, streamed row by row.

Both take the list page's parameters through queries.search_meetings and read the
meetings in batches of ids from a server-side cursor: memory stays flat however many
rows there are. JSON builds each record from plain `values()` queries. CSV reads each
meeting's stored line (MeetingExportLine), which is what makes 100,000-row downloads fast;
PostgreSQL assembles the lines of meetings that changed since they were stored, one
statement per batch, and `fill_export_lines` stores them again.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from django.core.serializers.json import DjangoJSONEncoder
from django.db import OperationalError, connection, connections, transaction
from django.http import HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from psycopg2.errorcodes import DEADLOCK_DETECTED, SERIALIZATION_FAILURE

from meetings.models import (
    Article,
    Meeting,
    MeetingExportLine,
    MeetingReport,
    Organization,
    Participation,
    Person,
    Role,
    Topic,
    cameo_code_for,
)
from meetings.queries import search_meetings

EXPORT_CHUNK_SIZE = 500
# The format of stored export lines (MeetingExportLine). Lines stored in an older format would be
# served as they are, so a change to what a line holds (its columns, their order, how a value is
# written) comes with a migration that marks every stored line stale (`UPDATE
# meetings_meetingexportline SET line = NULL`) and a new number here;
# tests/views/test_export_lines.py notices such a change and asks for both.
EXPORT_LINE_FORMAT = 1
CSV_CHUNK_CHARS = 64 * 1024
LIST_SEPARATOR = " | "
CSV_COLUMNS = [
    "meeting_id",
    "url",
    "date_start",
    "date_end",
    "date_precision",
    "kind",
    "cameo_code",
    "status",
    "place",
    "location_country",
    "context_event",
    "countries",
    "organizations",
    "participants",
    "participant_ids",
    "topics",
    "source_urls",
    "evidence_quotes",
]
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    """The cell as text, with a leading quote when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def meeting_records(meetings, *, absolute) -> Iterator[dict]:
    """The public, stable description of each meeting (the JSON item; the CSV row flattens it).

    Reads in batches of EXPORT_CHUNK_SIZE ids with plain `values()` queries (no model
    instances): a fixed six queries per batch and flat memory.
    """
    meeting_url = absolute(reverse("meetings:meeting-detail", args=[_ID_PLACEHOLDER]))
    article_url = absolute(reverse("meetings:article-detail", args=[_ID_PLACEHOLDER]))
    for batch in _id_batches(meetings):
        yield from _batch_records(batch, meeting_url=meeting_url, article_url=article_url)


def _id_batches(meetings) -> Iterator[list[int]]:
    """The filtered meetings' ids in list order, EXPORT_CHUNK_SIZE at a time."""
    # Inside a transaction the server-side cursor streams rows as the index yields them; outside one,
    # PostgreSQL must materialise the whole result first (WITH HOLD): 8 s before the first row at 2M.
    # Read-only: no savepoint is needed when already in a transaction.
    with transaction.atomic(using=meetings.db, savepoint=False):
        ids = meetings.values_list("pk", flat=True).iterator(chunk_size=EXPORT_CHUNK_SIZE)
        try:
            while batch := list(islice(ids, EXPORT_CHUNK_SIZE)):
                yield batch
        finally:
            ids.close()  # a client that stops reading: close the cursor while its transaction is open


_ID_PLACEHOLDER = 987654321


def _batch_records(batch: list[int], *, meeting_url: str, article_url: str) -> Iterator[dict]:
    placeholder = str(_ID_PLACEHOLDER)
    rows = {
        row["pk"]: row
        for row in Meeting.objects.filter(pk__in=batch).values(
            "pk", "date_start", "date_end", "date_precision", "kind", "status", "place", "location_country_id",
            "context_event",
        )
    }  # fmt: skip
    countries, organizations, topics, participants, sources = (defaultdict(list) for _ in range(5))
    for meeting_id, iso2 in (
        Meeting.countries.through.objects.filter(meeting_id__in=batch)
        .order_by("country_id")
        .values_list("meeting_id", "country_id")
    ):
        countries[meeting_id].append(iso2)
    for meeting_id, slug, name, acronym in (
        Meeting.organizations.through.objects.filter(meeting_id__in=batch)
        .order_by("organization__name")
        .values_list("meeting_id", "organization__slug", "organization__name", "organization__acronym")
    ):
        organizations[meeting_id].append({"slug": slug, "name": name, "acronym": acronym})
    for meeting_id, slug in (
        Meeting.topics.through.objects.filter(meeting_id__in=batch)
        .order_by("topic__slug")
        .values_list("meeting_id", "topic__slug")
    ):
        topics[meeting_id].append(slug)
    principals = defaultdict(list)
    for row in Participation.objects.filter(meeting_id__in=batch).order_by("meeting_id", "role", "position", "id").values(
        "meeting_id", "person_id", "person__slug", "person__name", "mention", "role", "side", "title", "country_id",
        "organization__slug",
    ):  # fmt: skip
        participants[row["meeting_id"]].append(
            {
                "person_id": row["person_id"],
                "person_slug": row["person__slug"],
                "name": row["person__name"] or row["mention"],
                "mention": row["mention"],
                "role": row["role"],
                "title": row["title"],
                "country": row["country_id"],
                "organization": row["organization__slug"],
            }
        )
        if row["role"] == Role.PRINCIPAL:
            principals[row["meeting_id"]].append((row["side"], row["country_id"]))
    for meeting_id, article_id, original_url, published, quote in (
        MeetingReport.objects.filter(meeting_id__in=batch)
        .order_by("article__published", "id")
        .values_list("meeting_id", "article_id", "article__url", "article__published", "quote")
    ):
        sources[meeting_id].append(
            {
                "article_id": article_id,
                "article_url": article_url.replace(placeholder, str(article_id)),
                "original_url": original_url,
                "published": published,
                "evidence": quote,
            }
        )
    for meeting_id in batch:
        row = rows[meeting_id]
        yield {
            "id": meeting_id,
            "url": meeting_url.replace(placeholder, str(meeting_id)),
            "date_start": row["date_start"],
            "date_end": row["date_end"],
            "date_precision": row["date_precision"],
            "kind": row["kind"],
            "cameo_code": cameo_code_for(row["kind"], row["location_country_id"], principals[meeting_id]),
            "status": row["status"],
            "place": row["place"],
            "location_country": row["location_country_id"],
            "context_event": row["context_event"],
            "countries": countries[meeting_id],
            "organizations": organizations[meeting_id],
            "participants": participants[meeting_id],
            "topics": topics[meeting_id],
            "sources": sources[meeting_id],
        }


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# One row per meeting of a batch, in the batch's order, with its lists joined by PostgreSQL, ordered as
# meeting_records() orders them; a participant reads "Name (Title, AZ)". Organizations and topics
# come as ids: the few hundred of each are looked up in Python, which spares two joins per meeting.
_CSV_BATCH_SQL = f"""
SELECT
    m.id,
    m.date_start::text,
    m.date_end::text,
    m.date_precision,
    m.kind,
    m.status,
    m.place,
    m.location_country_id,
    m.context_event,
    (SELECT string_agg(c.country_id, %(separator)s ORDER BY c.country_id)
       FROM {_table(Meeting.countries.through)} c WHERE c.meeting_id = m.id),
    (SELECT array_agg(mo.organization_id)
       FROM {_table(Meeting.organizations.through)} mo WHERE mo.meeting_id = m.id),
    people.labels,
    people.ids,
    people.principal_sides,
    people.principal_countries,
    (SELECT array_agg(mt.topic_id) FROM {_table(Meeting.topics.through)} mt WHERE mt.meeting_id = m.id),
    sources.urls,
    sources.quotes
FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS batch (id, position)
JOIN {_table(Meeting)} m ON m.id = batch.id
LEFT JOIN LATERAL (
    SELECT
        string_agg(
            COALESCE(NULLIF(person.name, ''), p.mention)
            || COALESCE(' (' || NULLIF(concat_ws(', ', NULLIF(p.title, ''),
                                                 COALESCE(NULLIF(p.country_id, ''), (
                                                     SELECT NULLIF(o.slug, '') FROM {_table(Organization)} o
                                                     WHERE o.id = p.organization_id))), '')
                        || ')', ''),
            %(separator)s ORDER BY p.role, p.position, p.id
        ) AS labels,
        string_agg(COALESCE(p.person_id::text, ''), %(separator)s ORDER BY p.role, p.position, p.id) AS ids,
        array_agg(p.side) FILTER (WHERE p.role = %(principal)s) AS principal_sides,
        array_agg(p.country_id) FILTER (WHERE p.role = %(principal)s) AS principal_countries
    FROM {_table(Participation)} p
    LEFT JOIN {_table(Person)} person ON person.id = p.person_id
    WHERE p.meeting_id = m.id
) people ON true
LEFT JOIN LATERAL (
    SELECT
        string_agg(COALESCE(NULLIF(a.url, ''), %(article_url_start)s || a.id || %(article_url_end)s),
                   %(separator)s ORDER BY a.published, r.id) AS urls,
        string_agg(r.quote, %(separator)s ORDER BY a.published, r.id) AS quotes
    FROM {_table(MeetingReport)} r
    JOIN {_table(Article)} a ON a.id = r.article_id
    WHERE r.meeting_id = m.id
) sources ON true
ORDER BY batch.position
"""


class _Slugs:
    """The slugs of a small table (organizations, topics) by primary key, read once.

    `joined(ids)` lists them in the queryset's order. Ingest may add a record while a long export
    runs: an id not seen yet makes it read the table again.
    """

    def __init__(self, records) -> None:
        self.records = records
        self._read()

    def _read(self) -> None:
        self.slugs = dict(self.records.values_list("pk", "slug"))
        self.position = {pk: position for position, pk in enumerate(self.slugs)}

    def joined(self, ids) -> str:
        if not ids:
            return ""
        if not self.slugs.keys() >= set(ids):
            self._read()
        return LIST_SEPARATOR.join(self.slugs[pk] for pk in sorted(ids, key=self.position.get))


# Stored lines stand in for the address of an article page, which depends on the request, with
# "\x01<id>\x02"; the export puts the request's address around the id.
_ARTICLE_START = "\x01"
_ARTICLE_END = "\x02"
_MARKED_ARTICLE = re.compile("\x01[0-9]+\x02")
# An address holding one of these would change how the line must be quoted.
_CSV_SPECIAL = frozenset(',"\r\n\x01\x02')

_STORED_LINES_SQL = f"""
SELECT batch.id, stored.line
FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS batch (id, position)
LEFT JOIN {_table(MeetingExportLine)} stored ON stored.meeting_id = batch.id
ORDER BY batch.position
"""


class _LastWrite:
    """A file for csv.writer that keeps the one line just written."""

    text = ""

    def write(self, text: str) -> None:
        self.text = text


class _LineMaker:
    """Export lines from CSV_COLUMNS' third column on (`date_start` ...), computed from the tables.

    Organization and topic slugs are read once per export or fill: the few hundred of each are
    looked up in Python, which spares two joins per meeting.
    """

    def __init__(self, using: str) -> None:
        self.using = using
        self.organization_slugs: _Slugs | None = None  # read when first needed
        self.topic_slugs: _Slugs | None = None
        self._written = _LastWrite()
        # The default line ending, cut off below: the writer quotes a field holding any character of
        # its line ending, so with none it would leave line breaks inside values unquoted.
        self._writer = csv.writer(self._written)
        self._params = {
            "separator": LIST_SEPARATOR,
            "principal": Role.PRINCIPAL,
            "article_url_start": _ARTICLE_START,
            "article_url_end": _ARTICLE_END,
        }

    def lines(self, ids: list[int]) -> dict[int, str]:
        """Each meeting's line, one statement for all of them (and two the first time, for the slugs)."""
        if self.organization_slugs is None:
            self.organization_slugs = _Slugs(Organization.objects.using(self.using).order_by("name", "pk"))
            self.topic_slugs = _Slugs(Topic.objects.using(self.using).order_by("slug"))
        with connections[self.using].cursor() as cursor:
            cursor.execute(_CSV_BATCH_SQL, {**self._params, "ids": ids})
            rows = cursor.fetchall()
        lines = {}
        for row in rows:
            (meeting_id, date_start, date_end, precision, kind, status, place, location_country, context_event,
             countries, organizations, participants, participant_ids, principal_sides, principal_countries,
             topics, source_urls, evidence_quotes) = row  # fmt: skip
            principals = list(zip(principal_sides or [], principal_countries or [], strict=True))
            values = [
                date_start,
                date_end,
                precision,
                kind,
                cameo_code_for(kind, location_country, principals),
                status,
                place,
                location_country,
                context_event,
                countries,
                self.organization_slugs.joined(organizations),
                participants,
                participant_ids,
                self.topic_slugs.joined(topics),
                source_urls,
                evidence_quotes,
            ]
            self._writer.writerow([spreadsheet_safe(value) for value in values])
            lines[meeting_id] = self._written.text[: -len("\r\n")]
        return lines


def _with_article_addresses(text: str, start: str, end: str) -> str:
    """The text with each stand-in "\x01<id>\x02" replaced by the article page's address."""
    if _ARTICLE_START not in text:
        return text
    return _MARKED_ARTICLE.sub(lambda match: f"{start}{match.group()[1:-1]}{end}", text)


def _storable(line: str) -> bool:
    """False when the meeting's own text holds a character the export reads as an article marker."""
    if _ARTICLE_START not in line and _ARTICLE_END not in line:
        return True
    rest = _MARKED_ARTICLE.sub("", line)
    return _ARTICLE_START not in rest and _ARTICLE_END not in rest


def csv_lines(meetings, *, absolute) -> Iterator[str]:
    """The CSV lines of the meetings, in list order, each ending with CRLF: one statement per batch of
    ids for the stored lines, and one more for those that are stale or were never stored.

    The addresses are made now, while the request's script prefix holds; the lines are read as the
    response streams."""
    meeting_url = absolute(reverse("meetings:meeting-detail", args=[_ID_PLACEHOLDER]))
    article_url = absolute(reverse("meetings:article-detail", args=[_ID_PLACEHOLDER]))
    return _csv_lines(meetings, meeting_url, article_url)


def _csv_lines(meetings, meeting_url: str, article_url: str) -> Iterator[str]:
    meeting_url_start, meeting_url_end = meeting_url.split(str(_ID_PLACEHOLDER))
    article_url_start, article_url_end = article_url.split(str(_ID_PLACEHOLDER))
    plain_addresses = _CSV_SPECIAL.isdisjoint(meeting_url + article_url)
    writer_output = _LastWrite()
    writer = csv.writer(writer_output)
    maker = _LineMaker(meetings.db)
    for batch in _id_batches(meetings):
        # The database the ids came from: a replica while an anonymous visitor's export streams.
        with connections[meetings.db].cursor() as cursor:
            cursor.execute(_STORED_LINES_SQL, {"ids": batch})
            stored = cursor.fetchall()
        missing = [meeting_id for meeting_id, line in stored if line is None]
        computed = maker.lines(missing) if missing else {}
        for meeting_id, line in stored:
            if line is None:
                line = computed.get(meeting_id)
                if line is None:
                    continue  # deleted since its id was read
            if plain_addresses and _storable(line):
                line = _with_article_addresses(line, article_url_start, article_url_end)
                yield f"{meeting_id},{meeting_url_start}{meeting_id}{meeting_url_end},{line}\r\n"
            else:
                # Rare: an address or the meeting's text that the quick join would quote wrongly.
                values = next(csv.reader([line]))
                values[-2] = _with_article_addresses(values[-2], article_url_start, article_url_end)
                writer.writerow(
                    [
                        meeting_id,
                        spreadsheet_safe(meeting_url.replace(str(_ID_PLACEHOLDER), str(meeting_id))),
                        *values,
                    ]
                )
                yield writer_output.text


# Filling stored lines ------------------------------------------------------------------------

FILL_BATCH = 500

_STALE_IDS_SQL = f"""
SELECT meeting_id FROM {_table(MeetingExportLine)}
WHERE line IS NULL AND meeting_id > %(after)s
ORDER BY meeting_id
LIMIT %(limit)s
"""

# A row changed since this transaction's snapshot (a writer marked it stale, or another filler
# stored it) makes PostgreSQL refuse the update with a serialization failure: see migration 0015.
_STORE_LINES_SQL = f"""
INSERT INTO {_table(MeetingExportLine)} (meeting_id, line)
SELECT * FROM unnest(%(ids)s::bigint[], %(lines)s::text[])
ORDER BY 1
ON CONFLICT (meeting_id) DO UPDATE SET line = EXCLUDED.line
WHERE {_table(MeetingExportLine)}.line IS NULL
"""


@dataclass
class FillReport:
    stored: int = 0
    # Changed while being computed, holding the article stand-ins, or stored meanwhile by another fill.
    skipped: int = 0


_STALE_AMONG_SQL = f"""
SELECT meeting_id FROM {_table(MeetingExportLine)}
WHERE meeting_id = ANY(%(ids)s) AND line IS NULL
"""


def fill_export_lines(
    *, using: str = "default", limit: int | None = None, meeting_ids: Sequence[int] | None = None
) -> FillReport:
    """Compute and store the lines of the meetings marked stale, FILL_BATCH at a time, each batch in
    a REPEATABLE READ transaction of its own: all of them by id, or those of `meeting_ids` in that
    order. Lines are written in the order they are filled, so filling in the export's order (newest
    first) keeps the lines an export reads together on disk.

    Safe beside writers: a batch that meets a concurrent change is rolled back and its meetings stay
    stale, for the export to compute and a later fill to store. Inside a caller's transaction it
    does nothing, since the isolation level cannot be chosen there: the lines stay stale.
    """
    connection_ = connections[using]
    report = FillReport()
    if connection_.in_atomic_block:
        return report
    maker = _LineMaker(using)
    after = 0
    position = 0
    while limit is None or report.stored + report.skipped < limit:
        size = FILL_BATCH if limit is None else min(FILL_BATCH, limit - report.stored - report.skipped)
        ids: list[int] = []
        if meeting_ids is not None:
            if position >= len(meeting_ids):
                break
            wanted = list(meeting_ids[position : position + size])
            position += size
        try:
            with transaction.atomic(using=using), connection_.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                if meeting_ids is None:
                    cursor.execute(_STALE_IDS_SQL, {"after": after, "limit": size})
                    ids = [row[0] for row in cursor.fetchall()]
                    if not ids:
                        break
                    after = ids[-1]
                else:
                    cursor.execute(_STALE_AMONG_SQL, {"ids": wanted})
                    stale = {row[0] for row in cursor.fetchall()}
                    ids = [meeting_id for meeting_id in wanted if meeting_id in stale]
                    if not ids:
                        continue
                lines = maker.lines(ids)
                kept = [(meeting_id, lines[meeting_id]) for meeting_id in ids if meeting_id in lines]
                kept = [(meeting_id, line) for meeting_id, line in kept if _storable(line)]
                cursor.execute(
                    _STORE_LINES_SQL,
                    {"ids": [meeting_id for meeting_id, _ in kept], "lines": [line for _, line in kept]},
                )
                stored = cursor.rowcount
            report.stored += stored
            report.skipped += len(ids) - stored
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) not in (SERIALIZATION_FAILURE, DEADLOCK_DETECTED):
                raise
            report.skipped += len(ids)
    return report


def _records(request, meetings) -> Iterator[dict]:
    return meeting_records(meetings, absolute=request.build_absolute_uri)


def _error_messages(filterset) -> dict[str, list[str]]:
    return {name: [str(error) for error in errors] for name, errors in filterset.form.errors.items()}


def export_csv(request):
    filterset, meetings = search_meetings(request.GET)
    if not filterset.is_valid():
        lines = [
            f"{name}: {message}"
            for name, messages in _error_messages(filterset).items()
            for message in messages
        ]
        return HttpResponseBadRequest("\n".join(lines), content_type="text/plain; charset=utf-8")

    lines = csv_lines(meetings, absolute=request.build_absolute_uri)

    def chunks() -> Iterator[str]:
        # Lines go out in chunks of about CSV_CHUNK_CHARS: one write to the socket per line would cost
        # a system call and a pass through the response machinery for each of 100,000 rows.
        parts = [",".join(CSV_COLUMNS) + "\r\n"]
        size = 0
        for line in lines:
            parts.append(line)
            size += len(line)
            if size >= CSV_CHUNK_CHARS:
                yield "".join(parts)
                parts.clear()
                size = 0
        yield "".join(parts)

    response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meetings.csv"'
    return response


def export_json(request):
    filterset, meetings = search_meetings(request.GET)
    if not filterset.is_valid():
        return JsonResponse({"errors": _error_messages(filterset)}, status=400)

    def chunks() -> Iterator[str]:
        yield '{"meetings": ['
        for index, record in enumerate(_records(request, meetings)):
            yield (
                ("," if index else "") + "\n" + json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
            )
        yield "\n]}\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meetings.json"'
    return response
