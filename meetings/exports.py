"""CSV and JSON downloads of any filtered meetings list, streamed row by row.

Both take the list page's parameters through queries.search_meetings and read the
meetings in batches of ids from a server-side cursor: memory stays flat however many
rows there are. JSON builds each record from plain `values()` queries; CSV has PostgreSQL
assemble each row's lists in one statement per batch, which is what makes 100,000-row
downloads fast.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, connections, transaction
from django.http import HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.urls import reverse

from meetings.models import (
    Article,
    Meeting,
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


def csv_rows(meetings, *, absolute) -> Iterator[list[str]]:
    """The CSV_COLUMNS of each meeting, spreadsheet-safe: one statement per batch of ids, and two
    for the names of all organizations and topics."""
    meeting_url_start, meeting_url_end = absolute(
        reverse("meetings:meeting-detail", args=[_ID_PLACEHOLDER])
    ).split(str(_ID_PLACEHOLDER))
    article_url_start, article_url_end = absolute(
        reverse("meetings:article-detail", args=[_ID_PLACEHOLDER])
    ).split(str(_ID_PLACEHOLDER))
    params = {
        "separator": LIST_SEPARATOR,
        "principal": Role.PRINCIPAL,
        "article_url_start": article_url_start,
        "article_url_end": article_url_end,
    }
    organization_slugs = _Slugs(Organization.objects.order_by("name", "pk"))
    topic_slugs = _Slugs(Topic.objects.order_by("slug"))
    for batch in _id_batches(meetings):
        # The database the ids came from: a replica while an anonymous visitor's export streams.
        with connections[meetings.db].cursor() as cursor:
            cursor.execute(_CSV_BATCH_SQL, {**params, "ids": batch})
            rows = cursor.fetchall()
        for row in rows:
            (meeting_id, date_start, date_end, precision, kind, status, place, location_country, context_event,
             countries, organizations, participants, participant_ids, principal_sides, principal_countries,
             topics, source_urls, evidence_quotes) = row  # fmt: skip
            principals = list(zip(principal_sides or [], principal_countries or [], strict=True))
            values = [
                meeting_id,
                f"{meeting_url_start}{meeting_id}{meeting_url_end}",
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
                organization_slugs.joined(organizations),
                participants,
                participant_ids,
                topic_slugs.joined(topics),
                source_urls,
                evidence_quotes,
            ]
            yield [spreadsheet_safe(value) for value in values]


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

    def chunks() -> Iterator[str]:
        # Lines go out in chunks of about CSV_CHUNK_CHARS: one write to the socket per line would cost
        # a system call and a pass through the response machinery for each of 100,000 rows.
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        for row in csv_rows(meetings, absolute=request.build_absolute_uri):
            writer.writerow(row)
            if buffer.tell() >= CSV_CHUNK_CHARS:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

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
