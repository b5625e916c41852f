"""Rollups: counts of public meetings per month, kind and status, overall and per country,
organization and topic, so public pages never count millions of rows per request.

Two tables: MeetingMonthCount (per month; undated meetings under an empty month) and
MeetingTotalCount (the same summed over all time, a few thousand rows at most). Both are
derived data: `refresh_all()` rebuilds them from the meetings, `refresh_months()` recomputes
only the months a change touched, and pages use them only once RollupState says they exist.

Busy people get the same pair for their person page (PersonMonthCount, PersonTotalCount): their
meetings, titles, represented countries and organizations and counterparts. Counting those live
took seconds for the busiest person of the 2M-meeting archive (2.9 s for the counterparts alone).
A person is rolled up once their meeting count reaches PERSON_ROLLUP_MIN_MEETINGS; below it
the page counts from the participations. The same month refresh keeps both pairs up to date.

Writers serialise on one advisory lock, so two refreshes never interleave their delete and
insert of the same month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from diplomacy.pagecache import bump_data_version
from meetings.models import (
    Meeting,
    MeetingMonthCount,
    MeetingStatus,
    MeetingTotalCount,
    Participation,
    Person,
    PersonMonthCount,
    PersonRollupDimension,
    PersonTotalCount,
    RollupState,
)

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


PERSON_MONTHLY = PersonMonthCount._meta.db_table
PERSON_TOTAL = PersonTotalCount._meta.db_table
PERSON_KEY_COLUMNS = "person_id, dimension, counterpart_id, country_id, organization_id, title"
PERSON_COLUMNS = f"{PERSON_KEY_COLUMNS}, month, meetings, first_date, last_date"
# The people whose meetings are rolled up: those with a MEETINGS total (see PersonTotalCount).
ROLLED_UP_PEOPLE = (
    f"SELECT person_id FROM {PERSON_TOTAL} WHERE dimension = '{PersonRollupDimension.MEETINGS}'"
)


def person_rollup_min_meetings() -> int:
    """From this many public meetings on, a person's page counts from the person rollups."""
    return settings.PERSON_ROLLUP_MIN_MEETINGS


def _person_counts_sql(where: str, people: str, counted: str = "TRUE") -> str:
    """SELECT of person month rows (PERSON_COLUMNS) for the public meetings matching `where` (on
    alias m) of the people matching `people` (on alias p, a participation), counting only the
    participations matching `counted` (written on alias {participation})."""
    month = "date_trunc('month', m.date_start)::date"
    dimensions = PersonRollupDimension
    participation = Participation._meta.db_table
    return f"""
        WITH theirs AS MATERIALIZED (
            SELECT p.person_id, p.meeting_id, p.title, p.country_id, p.organization_id, m.date_start,
                   {month} AS month
            FROM meetings_meeting m JOIN {participation} p ON p.meeting_id = m.id
            WHERE m.status <> '{MeetingStatus.REJECTED}' AND ({where}) AND ({people})
              AND ({counted.format(participation="p")})
        )
        SELECT person_id, '{dimensions.MEETINGS}', NULL::bigint, NULL::varchar, NULL::bigint, '',
               month, count(DISTINCT meeting_id), min(date_start), max(date_start)
        FROM theirs GROUP BY person_id, month
        UNION ALL
        SELECT person_id, '{dimensions.TITLE}', NULL::bigint, NULL::varchar, NULL::bigint, title,
               month, count(*), min(date_start), max(date_start)
        FROM theirs WHERE title <> '' GROUP BY person_id, title, month
        UNION ALL
        SELECT person_id, '{dimensions.REPRESENTED}', NULL::bigint, country_id, organization_id, '',
               month, count(DISTINCT meeting_id), min(date_start), max(date_start)
        FROM theirs WHERE country_id IS NOT NULL OR organization_id IS NOT NULL
        GROUP BY person_id, country_id, organization_id, month
        UNION ALL
        SELECT t.person_id, '{dimensions.COUNTERPART}', o.person_id, NULL::varchar, NULL::bigint, '',
               t.month, count(DISTINCT t.meeting_id), min(t.date_start), max(t.date_start)
        FROM theirs t JOIN {participation} o ON o.meeting_id = t.meeting_id
        WHERE o.person_id IS NOT NULL AND o.person_id <> t.person_id AND ({counted.format(participation="o")})
        GROUP BY t.person_id, o.person_id, t.month
    """


def _rebuild_people(cursor, person_ids: list[int]) -> None:
    """Roll up these people's meetings from scratch, every month (the rollup lock held)."""
    if not person_ids:
        return
    cursor.execute(f"DELETE FROM {PERSON_MONTHLY} WHERE person_id = ANY(%s)", [person_ids])
    cursor.execute(f"DELETE FROM {PERSON_TOTAL} WHERE person_id = ANY(%s)", [person_ids])
    # In month order, so that a month's rows sit together and its refresh reads few pages.
    cursor.execute(
        f"INSERT INTO {PERSON_MONTHLY} ({PERSON_COLUMNS}) SELECT * FROM"
        f" ({_person_counts_sql('TRUE', 'p.person_id = ANY(%s)')}) AS counted ORDER BY month",
        [person_ids],
    )
    cursor.execute(
        f"INSERT INTO {PERSON_TOTAL} ({PERSON_KEY_COLUMNS}, meetings)"
        f" SELECT {PERSON_KEY_COLUMNS}, sum(meetings) FROM {PERSON_MONTHLY}"
        f" WHERE person_id = ANY(%s) GROUP BY {PERSON_KEY_COLUMNS}",
        [person_ids],
    )


def _roll_up_busy_people(cursor) -> None:
    """Start rolling up everyone whose meeting count reached the minimum since the last refresh.
    A few index reads when nobody did (the meeting count is indexed)."""
    cursor.execute(
        f"SELECT id FROM {Person._meta.db_table} WHERE meeting_count >= %s"
        f" AND id NOT IN ({ROLLED_UP_PEOPLE}) ORDER BY id",
        [person_rollup_min_meetings()],
    )
    _rebuild_people(cursor, [row[0] for row in cursor.fetchall()])


def _refresh_people_in(cursor, where: str, in_months: str, params: list, month_params: list) -> None:
    """Recompute the rolled-up people's month rows of the months matching `where` (on alias m) and
    `in_months` (on the month column), and move their totals by the difference."""
    cursor.execute(
        _swap_months_sql(
            monthly=PERSON_MONTHLY,
            total=PERSON_TOTAL,
            keys=PERSON_KEY_COLUMNS,
            columns=PERSON_COLUMNS,
            fresh=_person_counts_sql(where, f"p.person_id IN ({ROLLED_UP_PEOPLE})"),
            in_months=in_months,
            total_unique="person_total_count_unique",
        ),
        [*month_params, *params],
    )
    cursor.execute(f"DELETE FROM {PERSON_TOTAL} WHERE meetings = 0")
    _roll_up_busy_people(cursor)


def refresh_all() -> None:
    """Rebuild every rollup table from the meetings (a minute or two at millions of meetings)."""
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_rollups(cursor)
        cursor.execute(f"DELETE FROM {MONTHLY}")
        cursor.execute(f"DELETE FROM {TOTAL}")
        cursor.execute(f"INSERT INTO {MONTHLY} ({KEY_COLUMNS}, month, meetings) {_counts_sql('TRUE')}")
        cursor.execute(
            f"INSERT INTO {TOTAL} ({KEY_COLUMNS}, meetings)"
            f" SELECT {KEY_COLUMNS}, sum(meetings) FROM {MONTHLY} GROUP BY {KEY_COLUMNS}"
        )
        cursor.execute(f"DELETE FROM {PERSON_MONTHLY}")
        cursor.execute(f"DELETE FROM {PERSON_TOTAL}")
        _roll_up_busy_people(cursor)
        for table in (MONTHLY, TOTAL, PERSON_MONTHLY, PERSON_TOTAL):
            cursor.execute(f"ANALYZE {table}")
        RollupState.objects.all().delete()
        RollupState.objects.create(built_at=timezone.now())


def month_of(date: dt.date | None) -> dt.date | None:
    return date.replace(day=1) if date else None


def months_of(meeting_ids: Iterable[int]) -> set[dt.date | None]:
    """The months (None for undated) the given meetings are in now. One query."""
    dates = Meeting.objects.filter(pk__in=list(meeting_ids)).values_list("date_start", flat=True)
    return {month_of(date) for date in dates}


def _swap_months_sql(
    *, monthly: str, total: str, keys: str, columns: str, fresh: str, in_months: str, total_unique: str
) -> str:
    """One statement: a rollup's month rows of some months go, the `fresh` SELECT of `columns` takes
    their place, and the totals move by the difference (rows keyed by `keys`)."""
    return f"""
        WITH old AS (
            DELETE FROM {monthly} WHERE {in_months} RETURNING {keys}, meetings
        ), fresh AS (
            INSERT INTO {monthly} ({columns}) {fresh}
            RETURNING {keys}, meetings
        ), difference AS (
            SELECT {keys}, sum(meetings) AS meetings FROM (
                SELECT {keys}, -meetings AS meetings FROM old
                UNION ALL SELECT {keys}, meetings FROM fresh
            ) AS changes GROUP BY {keys}
        )
        INSERT INTO {total} ({keys}, meetings)
        SELECT {keys}, meetings FROM difference WHERE meetings <> 0
        ON CONFLICT ON CONSTRAINT {total_unique}
        DO UPDATE SET meetings = {total}.meetings + EXCLUDED.meetings
    """


def _month_conditions(months: set[dt.date | None]) -> tuple[str, list, str, list[dt.date]]:
    """For these months (None: undated): a condition on the meetings (alias m) with its parameters,
    and one on a rollup's month column with its one parameter, the dated months."""
    ranges, params = [], []
    for month in sorted(m for m in months if m):
        following = (month + dt.timedelta(days=32)).replace(day=1)
        ranges.append("(m.date_start >= %s AND m.date_start < %s)")
        params += [month, following]
    if None in months:
        ranges.append("m.date_start IS NULL")
    in_months = "month = ANY(%s)" + (" OR month IS NULL" if None in months else "")
    return " OR ".join(ranges), params, in_months, [m for m in months if m]


def refresh_months(months: Iterable[dt.date | None]) -> None:
    """Recompute the month counts of these months (None: undated) and move the totals by the difference.

    Call it after a change commits, with every month a changed meeting was in before or is in
    now (a new date moves a meeting between months). Cheap: one month is a few thousand
    meetings even at millions in all. Does nothing until the rollups were first built.
    """
    months = {month_of(month) for month in months}
    if not months or not RollupState.objects.exists():
        return
    where, params, in_months, dated = _month_conditions(months)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_rollups(cursor)
        cursor.execute(
            _swap_months_sql(
                monthly=MONTHLY,
                total=TOTAL,
                keys=KEY_COLUMNS,
                columns=f"{KEY_COLUMNS}, month, meetings",
                fresh=_counts_sql(where),
                in_months=in_months,
                total_unique="meeting_total_count_unique",
            ),
            # The month ranges appear once per dimension in the UNION of _counts_sql().
            [dated, *params * COUNTED_DIMENSIONS],
        )
        cursor.execute(f"DELETE FROM {TOTAL} WHERE meetings = 0")
        _refresh_people_in(cursor, where, in_months, params, [dated])
        # Pages may have cached figures read between the data's commit and this refresh.
        bump_data_version()


def refresh_meetings(meeting_ids: Iterable[int], *, previous_months: Iterable[dt.date | None] = ()) -> None:
    """Bring the rollups up to date after these meetings changed (created, edited, rejected, linked).

    `previous_months`: months the meetings were in before the change, when a date may have moved.
    Deleted meetings: pass their former months as `previous_months`.
    """
    refresh_months(months_of(meeting_ids) | {month_of(month) for month in previous_months})


def add_people_reports(meeting_ids: Iterable[int], article_ids: Iterable[int]) -> None:
    """Add to the person rollups what these articles added to these meetings, in the current
    transaction (ingest's path: the articles are new, and so are all their participations).

    Exact and cheap for what ingest does, which only ever adds: each meeting's counts with all its
    participations, less its counts without the articles' participations. Takes the rollup lock
    until the transaction ends, as add_counts() does. Does nothing until the rollups were first built.
    """
    meetings = ",".join(str(int(pk)) for pk in meeting_ids)
    articles = ",".join(str(int(pk)) for pk in article_ids)
    if not meetings or not articles:
        return
    with connection.cursor() as cursor:
        _lock_rollups(cursor)
        if not RollupState.objects.exists():
            return
        where = f"m.id = ANY('{{{meetings}}}'::bigint[])"
        people = f"p.person_id IN ({ROLLED_UP_PEOPLE})"
        before = f"({{participation}}.article_id IS NULL OR {{participation}}.article_id <> ALL('{{{{{articles}}}}}'::bigint[]))"
        cursor.execute(
            f"""
            WITH counted ({PERSON_COLUMNS}) AS (
                {_person_counts_sql(where, people)}
            ), counted_before ({PERSON_COLUMNS}) AS (
                {_person_counts_sql(where, people, before)}
            ), delta AS (
                SELECT {PERSON_KEY_COLUMNS}, month, sum(meetings) AS meetings,
                       min(first_date) AS first_date, max(last_date) AS last_date
                FROM (SELECT * FROM counted
                      UNION ALL SELECT {PERSON_KEY_COLUMNS}, month, -meetings, NULL, NULL FROM counted_before) AS changes
                GROUP BY {PERSON_KEY_COLUMNS}, month HAVING sum(meetings) <> 0
            ), monthly AS (
                INSERT INTO {PERSON_MONTHLY} ({PERSON_COLUMNS}) SELECT {PERSON_COLUMNS} FROM delta
                ON CONFLICT ON CONSTRAINT person_month_count_unique DO UPDATE
                SET meetings = {PERSON_MONTHLY}.meetings + EXCLUDED.meetings,
                    first_date = least({PERSON_MONTHLY}.first_date, EXCLUDED.first_date),
                    last_date = greatest({PERSON_MONTHLY}.last_date, EXCLUDED.last_date)
            )
            INSERT INTO {PERSON_TOTAL} ({PERSON_KEY_COLUMNS}, meetings)
            SELECT {PERSON_KEY_COLUMNS}, sum(meetings) FROM delta GROUP BY {PERSON_KEY_COLUMNS}
            ON CONFLICT ON CONSTRAINT person_total_count_unique
            DO UPDATE SET meetings = {PERSON_TOTAL}.meetings + EXCLUDED.meetings
            """
        )
        _roll_up_busy_people(cursor)


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
