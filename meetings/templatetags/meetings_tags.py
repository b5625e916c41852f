"""Small presentation helpers: readable meeting dates, kind labels with a text icon, headlines."""

from __future__ import annotations

import datetime as dt
import functools
from html import escape as escape_html
from typing import TYPE_CHECKING

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.dateformat import format as format_date
from django.utils.dates import MONTHS as MONTH_NAMES
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from meetings.models import DatePrecision, Meeting, MeetingKind, MeetingStatus, headline_of

if TYPE_CHECKING:
    from meetings.queries import MeetingRow

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
    # str() first: escaping a lazy month name gives a lazy result, translated again at every bar.
    months = {number: escape(str(name)) for number, name in MONTH_NAMES.items()}
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


def month_names() -> dict[int, str]:
    """Month names in the active language, looked up once for a whole list rather than per date."""
    return {number: str(name) for number, name in MONTH_NAMES.items()}


def when(start: dt.date | None, end: dt.date | None, precision: str, months: dict[int, str]) -> str:
    """The date as precisely as it is known: "13 November 2023", "November 2023", "2023", or a range.

    The same text as Django's date formats "j F Y" and "F Y", written out: a list page formats 25
    dates, and the date formatter took a tenth of its rows' time."""
    if start is None:
        return "Date unknown"
    if precision == DatePrecision.YEAR:
        return str(start.year)
    if precision == DatePrecision.MONTH:
        return f"{months[start.month]} {start.year:04d}"
    last = f"{(end or start).day} {months[(end or start).month]} {(end or start).year:04d}"
    if end and end != start:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{last}"
        return f"{start.day} {months[start.month]} {start.year:04d} – {last}"
    return last


def meeting_when(meeting: Meeting) -> str:
    return when(meeting.date_start, meeting.date_end, meeting.date_precision, month_names())


register.filter("meeting_when", meeting_when)


@register.filter
def kind_icon(kind: str) -> str:
    return KIND_ICONS.get(kind, "•")


@register.filter
def kind_label(kind: str) -> str:
    return MeetingKind(kind).label if kind in MeetingKind.values else kind


@register.simple_tag
def kind_badge(kind: str) -> SafeString:
    """The kind of a meeting with its text icon."""
    return format_html(
        '<span class="kind kind--{}"><span class="kind__icon" aria-hidden="true">{}</span> {}</span>',
        kind,
        kind_icon(kind),
        kind_label(kind),
    )


# Rejected meetings are never public, so they have no badge.
STATUS_BADGES = {
    MeetingStatus.VERIFIED: ("verified", "Checked by an editor", "Verified"),
    MeetingStatus.UNREVIEWED: (
        "unreviewed",
        "Extracted automatically; not yet checked by an editor",
        "Unreviewed",
    ),
}


@register.simple_tag
def status_badge(status: str) -> SafeString:
    """Whether an editor checked the meeting."""
    if status not in STATUS_BADGES:
        return SafeString("")
    css_class, explanation, label = STATUS_BADGES[status]
    return format_html('<span class="badge badge--{}" title="{}">{}</span>', css_class, explanation, label)


def meeting_headline(meeting: Meeting) -> str:
    """ "Jeyhun Bayramov (Azerbaijan) and Salim AlMalik (ICESCO)": the principals, from prefetched rows."""
    names = []
    for participation in meeting.participations.all():
        if participation.role != "principal":
            continue
        represents = participation.represents
        label = getattr(represents, "label", None) or (represents.name if represents else "")
        names.append(f"{participation.display_name} ({label})" if label else participation.display_name)
    return headline_of(meeting.pk, names)


register.filter("meeting_headline", meeting_headline)


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute URL without tracking noise; list pages add their filter query."""
    request = context["request"]
    return request.build_absolute_uri(request.path) + context.get("canonical_query", "")


class _UrlPattern:
    """reverse() once with a placeholder, then one string join per URL: a list page links each of
    its rows and their topics, and reverse() was a tenth of its rendering time. Kept per script
    prefix and URLconf, which a deployment under a sub-path or a test may change."""

    PLACEHOLDER = "0000000000"  # accepted by both the <int:pk> and the <slug:slug> converters

    def __init__(self, name: str) -> None:
        self.name = name
        self.parts: dict[tuple, tuple[str, str]] = {}

    def __call__(self, argument) -> str:
        start, end = self.around()
        return f"{start}{argument}{end}"

    def around(self) -> tuple[str, str]:
        """What comes before and after the argument, for building many URLs in a loop."""
        key = (get_script_prefix(), get_urlconf())
        if key not in self.parts:
            start, end = reverse(self.name, args=[self.PLACEHOLDER]).split(self.PLACEHOLDER)
            self.parts[key] = (start, end)
        return self.parts[key]


_meeting_url = _UrlPattern("meetings:meeting-detail")
_topic_url = _UrlPattern("meetings:topic-detail")


@functools.lru_cache(maxsize=64)
def _row_badges(kind: str, status: str) -> str:
    return f"{kind_badge(kind)}\n    {status_badge(status)}"


@register.filter
def meeting_rows(meetings: list[MeetingRow]) -> SafeString:
    """The meetings of a list (rows from queries.list_rows), each an <li>.

    Built in Python rather than by a template include per row: the 25 rows of a list page and
    their kind and status includes were most of its rendering time. Every text value goes through
    html.escape (what Django's escape does) once, in an f-string; URL patterns and month names are
    looked up once for the list (each lookup reads request-local state).
    """
    meeting_url = _meeting_url.around()
    topic_url = _topic_url.around()
    months = month_names()
    return SafeString("".join(_meeting_row(row, meeting_url, topic_url, months) for row in meetings))


# (link class, extra attributes, check mark, note for screen readers) of a facet link.
_FACET_LINK = {
    True: (
        "facet__link is-active",
        ' aria-current="true" title="Remove this filter"',
        "✓",
        '<span class="visually-hidden"> (selected; follow to remove)</span>',
    ),
    False: ("facet__link", "", "", ""),
}


def facet_items(items: list[dict], list_url: str) -> SafeString:
    """The <li> links of one facet group (views.facet_group items): in Python for the same reason
    as meeting_rows, the fifty links of a list page's facets being a tenth of its rendering."""
    parts = []
    for item in items:
        link_class, attributes, check, note = _FACET_LINK[bool(item["active"])]
        parts.append(
            f'<li><a class="{link_class}" href="{escape_html(list_url + item["query"])}"{attributes}>\n'
            f'        <span class="facet__check" aria-hidden="true">{check}</span>\n'
            f'        <span class="facet__label">{escape_html(str(item["label"]))}</span>\n'
            f'        <span class="facet__count">{item["count"]:,}</span>{note}</a></li>\n'
        )
    return SafeString("      ".join(parts))


def meeting_row(meeting: MeetingRow) -> SafeString:
    return meeting_rows([meeting])


@functools.lru_cache(maxsize=64)
def _row_badges(kind: str, status: str) -> str:
    return f"{kind_badge(kind)}\n    {status_badge(status)}"


def _meeting_row(
    meeting: MeetingRow, meeting_url: tuple[str, str], topic_url: tuple[str, str], months: dict[int, str]
) -> str:
    date = meeting.date_start.isoformat() if meeting.date_start else ""
    shown_date = when(meeting.date_start, meeting.date_end, meeting.date_precision, months)
    parts = [
        '<li class="meeting-row">\n  <div class="meeting-row__meta">\n'
        f'    <time datetime="{date}">{escape_html(shown_date)}</time>\n'
        f"    {_row_badges(meeting.kind, meeting.status)}\n  </div>\n"
        f'  <h3 class="meeting-row__title"><a href="{meeting_url[0]}{meeting.pk:d}{meeting_url[1]}">'
        f"{escape_html(meeting.headline)}</a></h3>\n"
    ]
    place, country, event = meeting.place, meeting.location_country_name, meeting.context_event
    if place or country or event:
        if place and country and country not in place:
            where = f"{place}, {country}"
        else:
            where = place or country or ""
        sidelines = (
            f'<span class="meeting-row__event">on the sidelines of {escape_html(event)}</span>'
            if event
            else ""
        )
        parts.append(f'  <p class="meeting-row__where">\n    {escape_html(where)}\n    {sidelines}\n  </p>\n')
    if meeting.topics:
        before, after = topic_url
        links = "".join(
            f'<li><a class="tag" href="{escape_html(before + slug + after)}">{escape_html(name)}</a></li>'
            for slug, name in meeting.topics
        )
        parts.append(f'  <ul class="tags" aria-label="Topics">\n    {links}\n  </ul>\n')
    parts.append("</li>\n")
    return "".join(parts)
