"""Rollups: counts of public meetings per month, kind and status, overall and per country,
organization and topic, so public pages never count millions of rows per request.

Two tables: MeetingMonthCount (per month; undated meetings under an empty month) and
MeetingTotalCount (the same summed over all time, a few thousand rows at most). Both are
derived data: `refresh_all()` rebuilds them from the meetings, `refresh_months()` recomputes
only the months a change touched, and pages use them only once RollupState says they exist.

Writers serialise on one advisory lock, so two refreshes never interleave their delete and
insert of the same month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from diplomacy.pagecache import bump_data_version
from meetings.models import Meeting, MeetingMonthCount, MeetingStatus, MeetingTotalCount, RollupState

# Any constant unique to this lock; pg_advisory_xact_lock releases it at commit.
ROLLUP_LOCK_ID = 7_412_031

MONTHLY = MeetingMonthCount._meta.db_table
TOTAL = MeetingTotalCount._meta.db_table
KEY_COLUMNS = "dimension, country_id, organization_id, topic_id, kind, status"
COUNTED_DIMENSIONS = 4  # all, country, organization, topic: the parts of _counts_sql()


def _lock_rollups(cursor) -> None:
    """Serialise rollup writers until the current transaction ends."""
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROLLUP_LOCK_ID])


def _counts_sql(where: str) -> str:
    """SELECT of month count rows for the public meetings matching `where` (on alias m)."""
    month = "date_trunc('month', m.date_start)::date"
    public = f"m.status <> '{MeetingStatus.REJECTED}'"
    links = {
        "country": ("meetings_meeting_countries", "l.country_id, NULL::integer, NULL::integer"),
        "organization": ("meetings_meeting_organizations", "NULL::varchar, l.organization_id, NULL::integer"),
        "topic": ("meetings_meeting_topics", "NULL::varchar, NULL::integer, l.topic_id"),
    }
    parts = [
        f"SELECT 'all', NULL::varchar, NULL::integer, NULL::integer, m.kind, m.status, {month}, count(*)"
        f" FROM meetings_meeting m WHERE {public} AND ({where}) GROUP BY m.kind, m.status, {month}"
    ]
    for dimension, (table, keys) in links.items():
        parts.append(
            f"SELECT '{dimension}', {keys}, m.kind, m.status, {month}, count(*)"
            f" FROM {table} l JOIN meetings_meeting m ON m.id = l.meeting_id"
            f" WHERE {public} AND ({where}) GROUP BY 2, 3, 4, m.kind, m.status, {month}"
        )
    return " UNION ALL ".join(parts)


def refresh_all() -> None:
    """Rebuild both tables from the meetings (seconds at millions of meetings)."""
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_rollups(cursor)
        cursor.execute(f"DELETE FROM {MONTHLY}")
        cursor.execute(f"DELETE FROM {TOTAL}")
        cursor.execute(f"INSERT INTO {MONTHLY} ({KEY_COLUMNS}, month, meetings) {_counts_sql('TRUE')}")
        cursor.execute(
            f"INSERT INTO {TOTAL} ({KEY_COLUMNS}, meetings)"
            f" SELECT {KEY_COLUMNS}, sum(meetings) FROM {MONTHLY} GROUP BY {KEY_COLUMNS}"
        )
        cursor.execute(f"ANALYZE {MONTHLY}")
        cursor.execute(f"ANALYZE {TOTAL}")
        RollupState.objects.all().delete()
        RollupState.objects.create(built_at=timezone.now())


def month_of(date: dt.date | None) -> dt.date | None:
    return date.replace(day=1) if date else None


def months_of(meeting_ids: Iterable[int]) -> set[dt.date | None]:
    """The months (None for undated) the given meetings are in now. One query."""
    dates = Meeting.objects.filter(pk__in=list(meeting_ids)).values_list("date_start", flat=True)
    return {month_of(date) for date in dates}


def refresh_months(months: Iterable[dt.date | None]) -> None:
    """Recompute the month counts of these months (None: undated) and move the totals by the difference.

    Call it after a change commits, with every month a changed meeting was in before or is in
    now (a new date moves a meeting between months). Cheap: one month is a few thousand
    meetings even at millions in all. Does nothing until the rollups were first built.
    """
    months = {month_of(month) for month in months}
    if not months or not RollupState.objects.exists():
        return
    ranges, params = [], []
    for month in sorted(m for m in months if m):
        following = (month + dt.timedelta(days=32)).replace(day=1)
        ranges.append("(m.date_start >= %s AND m.date_start < %s)")
        params += [month, following]
    if None in months:
        ranges.append("m.date_start IS NULL")
    where = " OR ".join(ranges)
    in_months = "month = ANY(%s)" + (" OR month IS NULL" if None in months else "")
    dated = [m for m in months if m]
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_rollups(cursor)
        # One statement: the old rows go, the fresh rows come, and the totals move by the difference.
        cursor.execute(
            f"""
            WITH old AS (
                DELETE FROM {MONTHLY} WHERE {in_months} RETURNING {KEY_COLUMNS}, meetings
            ), fresh AS (
                INSERT INTO {MONTHLY} ({KEY_COLUMNS}, month, meetings) {_counts_sql(where)}
                RETURNING {KEY_COLUMNS}, meetings
            ), difference AS (
                SELECT {KEY_COLUMNS}, sum(meetings) AS meetings FROM (
                    SELECT {KEY_COLUMNS}, -meetings AS meetings FROM old
                    UNION ALL SELECT {KEY_COLUMNS}, meetings FROM fresh
                ) AS changes GROUP BY {KEY_COLUMNS}
            )
            INSERT INTO {TOTAL} ({KEY_COLUMNS}, meetings)
            SELECT {KEY_COLUMNS}, meetings FROM difference WHERE meetings <> 0
            ON CONFLICT ON CONSTRAINT meeting_total_count_unique
            DO UPDATE SET meetings = {TOTAL}.meetings + EXCLUDED.meetings
            """,
            # The month ranges appear once per dimension in the UNION of _counts_sql().
            [dated, *params * COUNTED_DIMENSIONS],
        )
        cursor.execute(f"DELETE FROM {TOTAL} WHERE meetings = 0")
        # Pages may have cached figures read between the data's commit and this refresh.
        bump_data_version()


def refresh_meetings(meeting_ids: Iterable[int], *, previous_months: Iterable[dt.date | None] = ()) -> None:
    """Bring the rollups up to date after these meetings changed (created, edited, rejected, linked).

    `previous_months`: months the meetings were in before the change, when a date may have moved.
    Deleted meetings: pass their former months as `previous_months`.
    """
    refresh_months(months_of(meeting_ids) | {month_of(month) for month in previous_months})


# What one public meeting adds to the rollups: (dimension, country, organization, topic, kind, status, month).
RollupKeyTuple = tuple[str, str | None, int | None, int | None, str, str, dt.date | None]


def add_counts(deltas: dict[RollupKeyTuple, int]) -> None:
    """Add meetings to the rollups where they are counted, in the current transaction (ingest's path).

    Exact and cheap for what ingest does, which only ever adds: new meetings, and new links of
    known meetings to countries, organizations and topics. Takes the rollup lock until the
    transaction ends, so a concurrent refresh_months() either counts these meetings or is
    followed by these additions, never both. Does nothing until the rollups were first built.
    """
    if not deltas:
        return
    with connection.cursor() as cursor:
        _lock_rollups(cursor)
        if not RollupState.objects.exists():
            return
        columns = list(zip(*[(*key, count) for key, count in deltas.items()], strict=True))
        cursor.execute(
            f"""
            WITH delta ({KEY_COLUMNS}, month, meetings) AS (
                SELECT * FROM unnest(%s::varchar[], %s::varchar[], %s::bigint[], %s::bigint[], %s::varchar[],
                                     %s::varchar[], %s::date[], %s::integer[])
            ), monthly AS (
                INSERT INTO {MONTHLY} ({KEY_COLUMNS}, month, meetings)
                SELECT {KEY_COLUMNS}, month, meetings FROM delta
                ON CONFLICT ON CONSTRAINT meeting_month_count_unique
                DO UPDATE SET meetings = {MONTHLY}.meetings + EXCLUDED.meetings
            )
            INSERT INTO {TOTAL} ({KEY_COLUMNS}, meetings)
            SELECT {KEY_COLUMNS}, sum(meetings) FROM delta GROUP BY {KEY_COLUMNS}
            ON CONFLICT ON CONSTRAINT meeting_total_count_unique
            DO UPDATE SET meetings = {TOTAL}.meetings + EXCLUDED.meetings
            """,
            [list(column) for column in columns],
        )


def built() -> bool:
    """Whether pages may count from the rollups. One query."""
    return RollupState.objects.exists()
