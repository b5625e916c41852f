"""Build a realistic synthetic archive for benchmarks and load tests, loaded with PostgreSQL COPY.

Shape (for --meetings N): about N/2 people with two or three spellings each (non-ASCII names
included), 3 participations per meeting (two principals and often an attendee), every country,
a few hundred organizations, a few hundred topics, one article per meeting plus syndicated
copies, dates over 25 years. Activity is Zipf-like: a few people, countries and organizations are
very busy, most appear once or twice. Deterministic for a given --seed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import time
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from meetings import rollups
from meetings.exports import FillReport, fill_export_lines
from meetings.extraction.normalise import name_key, name_words
from meetings.models import Country, Meeting

FIRST_NAMES = (
    "Ahmed Ali Amina Anna Antonio Aziz Carlos Chen Daniel David Elena Emmanuel Fatima Felipe Hakan Hans Hassan "
    "Ibrahim Irina Ivan Jean Jeyhun José Juan Kamal Karim Kim Laila Li Luis Maria Marta Mehmet Mevlüt Mohammed "
    "Nasser Olga Omar Pedro Rashid Salim Sergei Sofia Tariq Wang Yusuf Zhang Zainab Ngozi Kwame Amara Søren "
    "Đorđe Łukasz Ömer Chloé Renée Seun Thandiwe Hiroshi Yuki Priya Arjun Nguyen Thanh Aigerim Nurlan Dilnoza"
).split()
SYLLABLES = (
    "ka ra mo va li sa to ne di ba ru zo ha me ti lo gu fe an er on us ir el ya be ko ma da ni".split()
)
SUFFIXES = ("ov", "ev", "yan", "ić", "oğlu", "ski", "son", "ez", "ini", "ani", "i", "o", "a", "en", "er", "")
PARTICLES = ("", "", "", "", "Al-", "bin ", "van ", "de ", "da ", "von ", "ibn ")
TITLES = ("Minister of Foreign Affairs", "President", "Prime Minister", "Ambassador", "Secretary-General",
          "Deputy Minister of Foreign Affairs", "Minister of Economy", "Speaker of Parliament", "Director-General")  # fmt: skip
PLACES = ("the Foreign Ministry", "the Presidential Palace", "the sidelines of the summit", "the embassy", "")
TOPIC_WORDS = ("trade", "energy", "security", "culture", "education", "climate", "transport", "investment",
               "health", "migration", "water", "digital", "agriculture", "tourism", "defence", "science")  # fmt: skip


def zipf_weights(count: int, exponent: float = 1.07) -> list[float]:
    cumulative, total = [], 0.0
    for rank in range(1, count + 1):
        total += 1.0 / rank**exponent
        cumulative.append(total)
    return cumulative


def copy_rows(cursor, table: str, columns: tuple[str, ...], rows) -> int:
    """COPY rows (tuples; None for NULL) into table; returns the number of rows."""
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join(_copy_value(value) for value in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# The tables generation loads into (the rest hold a few hundred rows at most).
LOADED_TABLES = ("meetings_person", "meetings_personalias", "meetings_meeting", "meetings_participation",
                 "meetings_meeting_countries", "meetings_meeting_organizations", "meetings_meeting_topics",
                 "meetings_article", "meetings_meetingreport", "meetings_nameterm")  # fmt: skip
# Tables whose rows carry their meeting's date (migrations 0011 and 0013), and the trigger that sets it.
EXPORT_LINE_TABLES = (
    "meetings_meeting_countries",
    "meetings_meeting_organizations",
    "meetings_meeting_topics",
    "meetings_participation",
    "meetings_meetingreport",
)
DATED_TABLES = {
    "meetings_meeting_countries": "link_takes_meeting_date",
    "meetings_meeting_organizations": "link_takes_meeting_date",
    "meetings_meeting_topics": "link_takes_meeting_date",
    "meetings_participation": "participation_takes_meeting_date",
}
EXPORT_FILL_CHUNK = 20_000


def _fill_in_thread(meeting_ids: list[int]) -> FillReport:
    try:
        return fill_export_lines(meeting_ids=meeting_ids)
    finally:
        connection.close()  # this thread's own connection


# Triggers disabled while the rows load: the dates are written with the rows, and every new
# meeting's export line is marked stale and every new spelling's terms added at once afterwards.
LOAD_TRIGGERS = [
    *DATED_TABLES.items(),
    *((table, "export_lines_stale_on_insert") for table in EXPORT_LINE_TABLES),
    ("meetings_personalias", "name_terms_on_insert"),
]


def drop_secondary_indexes_and_foreign_keys(cursor, tables: tuple[str, ...]) -> list[str]:
    """Drop the indexes that back no constraint, and the foreign keys, of these tables.

    Returns the statements that rebuild them exactly as they were (primary keys and unique
    constraints stay: they are few, and they keep the load honest).
    """
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[])
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        ORDER BY 1
        """,
        [list(tables)],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint
        WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
        ORDER BY 1, 2
        """,
        [list(tables)],
    )
    foreign_keys = cursor.fetchall()
    for table, name, _ in foreign_keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in foreign_keys
    ]


class Command(BaseCommand):
    help = "Generate a synthetic archive of N meetings (PostgreSQL COPY) for benchmarks and load tests."

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=20261127)
        parser.add_argument(
            "--batch", type=int, default=50_000, help="Meetings per COPY batch (memory stays flat)."
        )

    def handle(self, *args, meetings: int, seed: int, batch: int, **options):
        if meetings < 1:
            raise CommandError("--meetings must be at least 1")
        if Meeting.objects.exists():
            self.stdout.write("note: the database already holds meetings; generated rows are added to them")
        self.random = random.Random(seed)
        started = time.monotonic()
        self.rows = 0
        empty = not Meeting.objects.exists()
        # One transaction: a failed or interrupted run leaves the database as it was, indexes included.
        with transaction.atomic(), connection.cursor() as cursor:
            # Bulk loading: asynchronous commit is safe here (a crash loses only this generation run).
            cursor.execute("SET LOCAL synchronous_commit TO off")
            cursor.execute("SET LOCAL maintenance_work_mem TO '512MB'")
            # Into an empty archive, loading without secondary indexes and foreign keys and building
            # them once at the end is several times faster than maintaining them row by row.
            restore = drop_secondary_indexes_and_foreign_keys(cursor, LOADED_TABLES) if empty else []
            # Disabled inside this transaction only: a failed run rolls the change back with the rows.
            for table, trigger in LOAD_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
            self.prepare(cursor, meetings)
            first_meeting_id = self.next_id["meeting"]
            for first in range(0, meetings, batch):
                self.generate_meetings(cursor, first, min(batch, meetings - first))
                elapsed = time.monotonic() - started
                self.stdout.write(
                    f"  {first + min(batch, meetings - first):,} meetings; {self.rows:,} rows in {elapsed:,.0f}s "
                    f"({self.rows / max(elapsed, 1e-9):,.0f} rows/s)"
                )
            # Into an archive that had rows, the foreign keys stayed, and their deferred checks of the
            # loaded rows must run first: PostgreSQL alters no table with trigger events pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, trigger in LOAD_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
            # What the disabled triggers would have said: every new meeting's export line is stale.
            cursor.execute(
                "INSERT INTO meetings_meetingexportline (meeting_id, line) SELECT id, NULL FROM meetings_meeting"
                " WHERE id >= %s ON CONFLICT (meeting_id) DO UPDATE SET line = NULL",
                [first_meeting_id],
            )
            # And what the spellings' trigger would have added: their search terms (NameTerm).
            cursor.execute(
                "INSERT INTO meetings_nameterm (term) SELECT DISTINCT term FROM meetings_personalias,"
                " unnest(meetings_name_terms(words)) AS term WHERE id >= %s ON CONFLICT (term) DO NOTHING",
                [self.first_alias_id],
            )
            if restore:
                indexes_started = time.monotonic()
                for statement in restore:
                    cursor.execute(statement)
                self.stdout.write(
                    f"  {len(restore)} indexes and foreign keys built in {time.monotonic() - indexes_started:,.0f}s"
                )
            self.finish(cursor)
        rollups_started = time.monotonic()
        rollups.refresh_all()
        self.stdout.write(f"  count and person rollups built in {time.monotonic() - rollups_started:.1f}s")
        self.vacuum()
        self.fill_export_lines(first_meeting_id)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"generated {meetings:,} meetings, {self.people:,} people, {self.rows:,} rows in {elapsed:,.1f}s "
            f"({self.rows / elapsed:,.0f} rows/s)"
        )

    def vacuum(self) -> None:
        """VACUUM the loaded tables, as after any bulk load: it marks their pages all-visible, and
        until then an index-only scan also reads the table for every row (the rare-country list
        read 12,554 link rows from the table in 132 ms instead of from the index in 9 ms).
        Autovacuum would get there in time, but it may be off (it is off on this project's machine)."""
        if connection.in_atomic_block:
            return  # inside a caller's transaction (the tests'), where VACUUM cannot run
        started = time.monotonic()
        with connection.cursor() as cursor:
            rollup_tables = ("meetings_meetingmonthcount", "meetings_meetingtotalcount",
                             "meetings_personmonthcount", "meetings_persontotalcount")  # fmt: skip
            for table in (*LOADED_TABLES, *rollup_tables):
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
        self.stdout.write(f"  tables vacuumed in {time.monotonic() - started:.1f}s")

    def fill_export_lines(self, first_meeting_id: int) -> None:
        """Store every new meeting's CSV export line, as ingest does for the meetings it stores.

        Newest first, as the export reads them: ingest writes each day's lines together, and so
        should a generated archive, whose ids are not in date order (an export of the newest
        100,000 meetings read them from all over the table: 13,700 rows/s from disk, against
        58,000 from memory)."""
        if connection.in_atomic_block:
            return  # a caller's transaction (the tests'): the export computes the lines itself
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COALESCE(array_agg(id ORDER BY date_start DESC NULLS LAST, id DESC), '{}')"
                " FROM meetings_meeting WHERE id >= %s",
                [first_meeting_id],
            )
            newest_first = cursor.fetchone()[0]
        # Two threads, each with its own connection: PostgreSQL assembles one batch while the other
        # thread encodes the last one. Each thread takes EXPORT_FILL_CHUNK ids at a time, newest first.
        chunks = [
            newest_first[i : i + EXPORT_FILL_CHUNK] for i in range(0, len(newest_first), EXPORT_FILL_CHUNK)
        ]
        with ThreadPoolExecutor(max_workers=2) as pool:
            reports = list(pool.map(_fill_in_thread, chunks))
        report = FillReport(sum(r.stored for r in reports), sum(r.skipped for r in reports))
        self.stdout.write(f"  {report.stored:,} export lines stored in {time.monotonic() - started:.1f}s")

    # Reference rows: people, aliases, organizations, topics, sources

    def prepare(self, cursor, meetings: int) -> None:
        rng = self.random
        self.countries = list(Country.objects.order_by("iso2").values_list("iso2", flat=True))
        rng.shuffle(self.countries)
        self.country_weights = zipf_weights(len(self.countries), 1.0)
        self.next_id = {}
        for table in ("person", "personalias", "organization", "organizationalias", "topic", "source", "meeting",
                      "participation", "article", "meetingreport", "meeting_countries", "meeting_organizations",
                      "meeting_topics"):  # fmt: skip
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM meetings_{table}")
            self.next_id[table] = cursor.fetchone()[0]
        self.first_alias_id = self.next_id["personalias"]
        now = dt.datetime.now(dt.UTC).isoformat()
        self.now = now

        source_ids = list(range(self.next_id["source"], self.next_id["source"] + 20))
        self.rows += copy_rows(cursor, "meetings_source", ("id", "name", "slug", "url"),
                               ((sid, f"Synthetic Agency {sid}", f"synthetic-agency-{sid}", "") for sid in source_ids))  # fmt: skip
        self.source_ids = source_ids

        organization_count = 300
        first_org = self.next_id["organization"]
        self.organization_ids = list(range(first_org, first_org + organization_count))
        self.rows += copy_rows(
            cursor, "meetings_organization",
            ("id", "name", "slug", "acronym", "kind", "created_at"),
            ((oid, f"Synthetic Organization {oid}", f"synthetic-organization-{oid}", f"SO{oid}", "intergovernmental", now)
             for oid in self.organization_ids),
        )  # fmt: skip
        self.rows += copy_rows(
            cursor, "meetings_organizationalias", ("id", "organization_id", "name", "key", "origin"),
            ((self.next_id["organizationalias"] + i, oid, f"SO{oid}", name_key(f"SO{oid}"), "import")
             for i, oid in enumerate(self.organization_ids)),
        )  # fmt: skip
        self.organization_weights = zipf_weights(organization_count)

        topic_names = sorted(
            {f"{a} and {b} cooperation" for a in TOPIC_WORDS for b in TOPIC_WORDS if a != b}
        )[:300]
        first_topic = self.next_id["topic"]
        self.topic_ids = list(range(first_topic, first_topic + len(topic_names)))
        self.rows += copy_rows(cursor, "meetings_topic", ("id", "name", "slug"),
                               ((tid, f"{name} {tid}", f"synthetic-{tid}") for tid, name in zip(self.topic_ids, topic_names, strict=True)))  # fmt: skip
        self.topic_weights = zipf_weights(len(self.topic_ids))

        self.people = max(10, meetings // 2)
        first_person = self.next_id["person"]
        self.person_ids = range(first_person, first_person + self.people)
        self.person_weights = zipf_weights(self.people, 1.1)
        self.person_country = {}
        self.person_organization = {}
        self.person_name = {}
        for start in range(0, self.people, 100_000):
            chunk = range(first_person + start, first_person + min(self.people, start + 100_000))
            people, aliases = [], []
            for pid in chunk:
                first_name = rng.choice(FIRST_NAMES)
                surname = (
                    rng.choice(PARTICLES)
                    + "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
                    + rng.choice(SUFFIXES)
                )
                name = f"{first_name} {surname}"
                self.person_name[pid] = name
                if rng.random() < 0.08:
                    self.person_organization[pid] = rng.choices(
                        self.organization_ids, cum_weights=self.organization_weights
                    )[0]
                else:
                    self.person_country[pid] = rng.choices(self.countries, cum_weights=self.country_weights)[
                        0
                    ]
                people.append((pid, name, f"p-{pid}", None, 0, now, now))
                spellings = {name, name.replace("-", " "), surname.replace("-", "").replace(" ", "")}
                for spelling in spellings:
                    kind = "strong" if len(name_words(spelling)) >= 2 else "weak"
                    aliases.append((self.next_id["personalias"], pid, spelling, name_key(spelling),
                                    " ".join(name_words(spelling)), kind, "import", now))  # fmt: skip
                    self.next_id["personalias"] += 1
            self.rows += copy_rows(cursor, "meetings_person",
                                   ("id", "name", "slug", "merged_into_id", "meeting_count", "created_at", "updated_at"), people)  # fmt: skip
            self.rows += copy_rows(cursor, "meetings_personalias",
                                   ("id", "person_id", "name", "key", "words", "kind", "origin", "created_at"), aliases)  # fmt: skip

    # Meetings with their participations, countries, organizations, topics, articles and reports

    def generate_meetings(self, cursor, offset: int, count: int) -> None:
        rng = self.random
        first_day = dt.date(2001, 1, 1).toordinal()
        days = dt.date(2025, 12, 31).toordinal() - first_day
        ids = self.next_id
        meetings, participations, countries, organizations, topics, articles, reports = (
            [],
            [],
            [],
            [],
            [],
            [],
            [],
        )
        principals = rng.choices(self.person_ids, cum_weights=self.person_weights, k=count * 3)
        for index in range(count):
            meeting_id = ids["meeting"]
            ids["meeting"] += 1
            # Recent years hold more news.
            day = dt.date.fromordinal(first_day + int(days * rng.random() ** 0.6))
            kind = rng.choices(("in_person", "phone_call", "video_call"), weights=(80, 15, 5))[0]
            status = rng.choices(("unreviewed", "verified", "rejected"), weights=(70, 28, 2))[0]
            people = list(dict.fromkeys(principals[index * 3 : index * 3 + 3]))
            location = self.person_country.get(people[0])
            meetings.append((
                meeting_id, kind, day, day, "day", "explicit", rng.choice(PLACES), location, "",
                status, "synthetic rejection" if status == "rejected" else "", round(rng.random(), 3), "{}",
                self.now, self.now,
            ))  # fmt: skip
            represented_countries, represented_organizations = set(), set()
            for position, person_id in enumerate(people):
                country = self.person_country.get(person_id)
                organization = self.person_organization.get(person_id)
                role = "principal" if position < 2 else "attendee"
                participations.append((
                    ids["participation"], meeting_id, person_id, self.person_name[person_id], None, None, None,
                    role, "", rng.choice(TITLES), country, organization, "resolved", position, False, self.now, day,
                ))  # fmt: skip
                ids["participation"] += 1
                if role == "principal":
                    if country:
                        represented_countries.add(country)
                    if organization:
                        represented_organizations.add(organization)
            for country in sorted(represented_countries):
                countries.append((ids["meeting_countries"], meeting_id, country, day))
                ids["meeting_countries"] += 1
            for organization in sorted(represented_organizations):
                organizations.append((ids["meeting_organizations"], meeting_id, organization, day))
                ids["meeting_organizations"] += 1
            for topic in set(
                rng.choices(self.topic_ids, cum_weights=self.topic_weights, k=rng.randint(1, 3))
            ):
                topics.append((ids["meeting_topics"], meeting_id, topic, day))
                ids["meeting_topics"] += 1
            names = " and ".join(self.person_name[p] for p in people[:2])
            for _syndicated_copy in range(1 if rng.random() < 0.85 else 2):  # some stories are syndicated
                article_id = ids["article"]
                ids["article"] += 1
                text = f"{names} met on {day:%d %B %Y} to discuss bilateral relations. Report {article_id}."
                articles.append((
                    article_id, rng.choice(self.source_ids), f"https://news.example/{article_id}",
                    hashlib.sha256(text.encode()).hexdigest(), f"{names} meet", text, day, "en", "generated",
                    "synthetic", self.now,
                ))  # fmt: skip
                sentence_end = text.index(".") + 1
                reports.append((ids["meetingreport"], article_id, meeting_id, 0, sentence_end, text[:sentence_end],
                                "synthetic", 0.8, self.now))  # fmt: skip
                ids["meetingreport"] += 1
        self.rows += copy_rows(cursor, "meetings_meeting", (
            "id", "kind", "date_start", "date_end", "date_precision", "date_basis", "place", "location_country_id",
            "context_event", "status", "rejection_reason", "confidence", "locked_fields", "created_at", "updated_at",
        ), meetings)  # fmt: skip
        self.rows += copy_rows(cursor, "meetings_participation", (
            "id", "meeting_id", "person_id", "mention", "article_id", "span_start", "span_end", "role", "side",
            "title", "country_id", "organization_id", "resolution", "position", "edited_by_editor", "created_at",
            "date_start",
        ), participations)  # fmt: skip
        # Participations and link rows carry their meeting's date (migrations 0011 and 0013), written
        # here rather than looked up by the insert triggers for each row, which the load disables.
        self.rows += copy_rows(
            cursor, "meetings_meeting_countries", ("id", "meeting_id", "country_id", "date_start"), countries
        )
        self.rows += copy_rows(cursor, "meetings_meeting_organizations",
                               ("id", "meeting_id", "organization_id", "date_start"), organizations)  # fmt: skip
        self.rows += copy_rows(
            cursor, "meetings_meeting_topics", ("id", "meeting_id", "topic_id", "date_start"), topics
        )
        self.rows += copy_rows(cursor, "meetings_article", (
            "id", "source_id", "url", "content_hash", "title", "text", "published", "language", "origin",
            "extractor_version", "ingested_at",
        ), articles)  # fmt: skip
        self.rows += copy_rows(cursor, "meetings_meetingreport", (
            "id", "article_id", "meeting_id", "evidence_start", "evidence_end", "quote", "extractor_version",
            "confidence", "created_at",
        ), reports)  # fmt: skip

    def finish(self, cursor) -> None:
        for table in self.next_id:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('meetings_{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM meetings_{table}))"
            )
        # Ranking for participant search: public meetings per person.
        cursor.execute(
            """
            UPDATE meetings_person p SET meeting_count = c.n
            FROM (SELECT pa.person_id, COUNT(DISTINCT pa.meeting_id) AS n
                  FROM meetings_participation pa JOIN meetings_meeting m ON m.id = pa.meeting_id
                  WHERE m.status <> 'rejected' AND pa.person_id IS NOT NULL GROUP BY pa.person_id) c
            WHERE p.id = c.person_id
            """
        )
        cursor.execute("ANALYZE")
        self.person_name.clear()
