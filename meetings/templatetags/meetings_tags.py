"""Small presentation helpers: readable meeting dates, kind labels with a text icon, headlines."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.dateformat import format as format_date
from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.html import escape
from django.utils.safestring import mark_safe

from meetings.models import DatePrecision, Meeting, MeetingKind

register = template.Library()

# Plain text symbols (no icon font, no images): present in the system fonts we rely on.
KIND_ICONS = {
    MeetingKind.IN_PERSON: "◉",
    MeetingKind.PHONE_CALL: "☎",
    MeetingKind.VIDEO_CALL: "▶",
}


@register.filter
def timeline_rects(bars) -> str:
    """The SVG rectangles of a timeline, joined in Python: a template loop over 300 months spent
    most of the meeting list's rendering time formatting and escaping numbers one by one.

    Safe without escaping each value: all are numbers except the month names, escaped once here.
    """
    months = {number: escape(name) for number, name in MONTH_NAMES.items()}
    return mark_safe(  # noqa: S308  (numbers and escaped month names only)
        "".join(
            f'<rect x="{float(bar.x):g}" y="{float(bar.y):g}" width="8" height="{float(bar.height):g}">'
            f"<title>{months[bar.month.month]} {bar.month.year:d}: {bar.count:d}</title></rect>"
            for bar in bars
        )
    )


@register.filter
def readable_date(value: dt.date | None) -> str:
    """13 November 2023."""
    return format_date(value, "j F Y") if value else ""


def meeting_when(meeting: Meeting) -> str:
    """The date as precisely as it is known: "13 November 2023", "November 2023", "2023", or a range."""
    start, end = meeting.date_start, meeting.date_end
    if start is None:
        return "Date unknown"
    if meeting.date_precision == DatePrecision.YEAR:
        return str(start.year)
    if meeting.date_precision == DatePrecision.MONTH:
        return format_date(start, "F Y")
    if end and end != start:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{format_date(end, 'j F Y')}"
        return f"{format_date(start, 'j F Y')} – {format_date(end, 'j F Y')}"
    return format_date(start, "j F Y")


register.filter("meeting_when", meeting_when)


@register.filter
def kind_icon(kind: str) -> str:
    return KIND_ICONS.get(kind, "•")


@register.filter
def kind_label(kind: str) -> str:
    return MeetingKind(kind).label if kind in MeetingKind.values else kind


def meeting_headline(meeting: Meeting) -> str:
    """ "Jeyhun Bayramov (Azerbaijan) and Salim AlMalik (ICESCO)": the principals, from prefetched rows."""
    names = []
    for participation in meeting.participations.all():
        if participation.role != "principal":
            continue
        represents = participation.represents
        label = getattr(represents, "label", None) or (represents.name if represents else "")
        names.append(f"{participation.display_name} ({label})" if label else participation.display_name)
    if not names:
        return f"Meeting {meeting.pk}"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


register.filter("meeting_headline", meeting_headline)


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute URL without tracking noise; list pages add their filter query."""
    request = context["request"]
    return request.build_absolute_uri(request.path) + context.get("canonical_query", "")
