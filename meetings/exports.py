"""CSV and JSON downloads of any filtered meetings list, streamed row by row.

Both take the list page's parameters through queries.search_meetings, and read the
meetings with `iterator(chunk_size=...)`: memory stays flat however many rows there are
(prefetches run once per chunk).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest, JsonResponse, StreamingHttpResponse

from meetings.models import Meeting, MeetingReport
from meetings.queries import search_meetings

EXPORT_CHUNK_SIZE = 500
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


def for_export(queryset):
    """Adds what a record carries beyond a list row. Reports skip the article text on purpose."""
    return queryset.prefetch_related(
        "countries",
        "organizations",
        Prefetch(
            "reports",
            queryset=MeetingReport.objects.select_related("article")
            .only("id", "meeting_id", "quote", "article__id", "article__url", "article__published")
            .order_by("article__published", "id"),
        ),
    )


def meeting_record(meeting: Meeting, *, absolute) -> dict:
    """The public, stable description of one meeting (the JSON item; CSV flattens it)."""
    return {
        "id": meeting.pk,
        "url": absolute(meeting.get_absolute_url()),
        "date_start": meeting.date_start,
        "date_end": meeting.date_end,
        "date_precision": meeting.date_precision,
        "kind": meeting.kind,
        "cameo_code": meeting.cameo_code,
        "status": meeting.status,
        "place": meeting.place,
        "location_country": meeting.location_country_id,
        "context_event": meeting.context_event,
        "countries": [country.iso2 for country in meeting.countries.all()],
        "organizations": [
            {"slug": organization.slug, "name": organization.name, "acronym": organization.acronym}
            for organization in meeting.organizations.all()
        ],
        "participants": [
            {
                "person_id": participation.person_id,
                "person_slug": participation.person.slug if participation.person_id else None,
                "name": participation.display_name,
                "mention": participation.mention,
                "role": participation.role,
                "title": participation.title,
                "country": participation.country_id,
                "organization": participation.organization.slug if participation.organization_id else None,
            }
            for participation in meeting.participations.all()
        ],
        "topics": [topic.slug for topic in meeting.topics.all()],
        "sources": [
            {
                "article_id": report.article_id,
                "article_url": absolute(report.article.get_absolute_url()),
                "original_url": report.article.url,
                "published": report.article.published,
                "evidence": report.quote,
            }
            for report in meeting.reports.all()
        ],
    }


def _participant_label(participant: dict) -> str:
    affiliation = participant["country"] or participant["organization"] or ""
    details = ", ".join(part for part in (participant["title"], affiliation) if part)
    return f"{participant['name']} ({details})" if details else participant["name"]


def csv_row(record: dict) -> list[str]:
    participants = record["participants"]
    values = [
        record["id"],
        record["url"],
        record["date_start"],
        record["date_end"],
        record["date_precision"],
        record["kind"],
        record["cameo_code"],
        record["status"],
        record["place"],
        record["location_country"],
        record["context_event"],
        LIST_SEPARATOR.join(record["countries"]),
        LIST_SEPARATOR.join(organization["slug"] for organization in record["organizations"]),
        LIST_SEPARATOR.join(_participant_label(participant) for participant in participants),
        LIST_SEPARATOR.join(str(participant["person_id"] or "") for participant in participants),
        LIST_SEPARATOR.join(record["topics"]),
        LIST_SEPARATOR.join(source["original_url"] or source["article_url"] for source in record["sources"]),
        LIST_SEPARATOR.join(source["evidence"] for source in record["sources"]),
    ]
    return [spreadsheet_safe(value) for value in values]


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _records(request, meetings) -> Iterator[dict]:
    for meeting in for_export(meetings).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield meeting_record(meeting, absolute=request.build_absolute_uri)


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

    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(CSV_COLUMNS)
        for record in _records(request, meetings):
            yield writer.writerow(csv_row(record))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
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
