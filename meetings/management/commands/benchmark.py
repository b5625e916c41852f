"""Measure the archive and print figures: HTTP latency and throughput through gunicorn under wrk,
CSV export rows/s, extraction articles/s on one core, and end-to-end ingestion with peak memory.

Run it against a generated archive (`generate_archive --meetings N`). Every figure is printed
with the machine's core count and the dataset size, so results can be compared across runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from diplomacy.processes import database_url, gunicorn, production_like_env
from meetings.models import Country, Meeting, Person, Topic

PERCENTILE_LINE = re.compile(r"^PERCENTILE (\d+) ([\d.]+)$", re.MULTILINE)
ERRORS_LINE = re.compile(r"^ERRORS (\d+) (\d+) (\d+) (\d+) (\d+)$", re.MULTILINE)
WRK_SCRIPT = Path(settings.BASE_DIR) / "bench" / "percentiles.lua"
REQUESTS_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")
STATUS_LINE = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
TOTAL_LINE = re.compile(r"(\d+) requests in")


class Command(BaseCommand):
    help = "Benchmark HTTP pages, exports, extraction and ingestion; prints p50/p95/p99 and throughput."

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=10, help="Seconds of load per HTTP scenario.")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument(
            "--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1, help="gunicorn workers."
        )
        parser.add_argument(
            "--only", choices=["http", "sql", "export", "extraction", "ingest"], action="append"
        )
        parser.add_argument(
            "--scenario",
            dest="scenarios",
            action="append",
            help="Only this HTTP or SQL scenario (by its name as printed, e.g. 'meetings list filtered'); repeatable.",
        )
        parser.add_argument("--json", dest="as_json", action="store_true", help="Also print results as JSON.")
        parser.add_argument(
            "--ingest-articles",
            type=int,
            default=2000,
            help="Articles in the generated JSON Lines file to ingest.",
        )
        parser.add_argument(
            "--cached",
            action="store_true",
            help="Serve with the anonymous page cache on (default: uncached).",
        )

    def handle(
        self,
        *args,
        duration,
        connections,
        workers,
        only,
        scenarios,
        as_json,
        cached,
        ingest_articles,
        **options,
    ):
        self.only_scenarios = scenarios
        parts = set(only or ["http", "sql", "export", "extraction", "ingest"])
        self.page_cache_seconds = 300 if cached else 0
        meetings = Meeting.objects.count()
        self.stdout.write(f"machine: {os.cpu_count()} cores; dataset: {meetings:,} meetings, "
                          f"{Person.objects.count():,} people")  # fmt: skip
        results = {"cores": os.cpu_count(), "meetings": meetings}
        if parts & {"http", "export"}:
            with self.gunicorn(workers) as base_url:
                if "http" in parts:
                    results["http"] = self.http_scenarios(
                        base_url, duration=duration, connections=connections, workers=workers
                    )
                if "export" in parts:
                    results["export"] = self.export_scenario(base_url)
        if "sql" in parts:
            results["sql"] = self.sql_scenarios()
        if "extraction" in parts:
            results["extraction"] = self.extraction_scenario()
        if "ingest" in parts:
            results["ingest"] = self.ingest_scenario(ingest_articles)
        if as_json:
            self.stdout.write(json.dumps(results, indent=2))

    # HTTP

    def gunicorn(self, workers: int):
        if not shutil.which("wrk"):
            raise CommandError("wrk is not installed (Debian: apt-get install wrk)")
        # One load generator is one client address: per-client rate limits would answer most requests with 429.
        env = production_like_env(
            _database_url(),
            PAGE_CACHE_SECONDS=str(self.page_cache_seconds),
            RATE_LIMIT_EXPORTS="0",
            RATE_LIMIT_SEARCH="0",
        )
        self.stdout.write(
            f"gunicorn: {workers} workers, page cache {'on' if self.page_cache_seconds else 'off'}"
        )
        return gunicorn(env, workers=workers)

    def scenario_urls(self) -> dict[str, str]:
        busiest_person = Person.objects.live().order_by("-meeting_count").first()
        # The first by code (in a generated archive, a country of about 12,500 meetings): a rare
        # country with a popular topic is the filter where walking the date index costs most.
        first_country = (
            Country.objects.filter(meetings__isnull=False)
            .order_by("iso2")
            .values_list("iso2", flat=True)
            .first()
        )
        # By primary key, so that topics added by the ingestion scenario do not change the choice.
        topic = Topic.objects.filter(meetings__isnull=False).order_by("pk").first()
        meeting = Meeting.objects.public().order_by("-date_start").first()
        if not (busiest_person and first_country and topic and meeting):
            raise CommandError("the database holds no meetings; run generate_archive first")
        filtered = urlencode({"country": first_country.lower(), "date_after": "2015-01-01",
                              "date_before": "2025-12-31", "topic": topic.slug})  # fmt: skip
        surname = busiest_person.name.split()[-1]
        pages = {
            "home": reverse("meetings:home"),
            "meetings list": reverse("meetings:meeting-list"),
            "meetings list filtered": f"{reverse('meetings:meeting-list')}?{filtered}",
            "deep page": self.deep_page_url(),
            "meeting page": reverse("meetings:meeting-detail", args=[meeting.pk]),
            "person page (busiest)": busiest_person.get_absolute_url(),
            "country page": reverse("meetings:country-detail", args=[first_country.lower()]),
            "participant search": f"{reverse('meetings:search')}?{urlencode({'q': surname[:-1] + 'x'})}",
            # A common first name: tens of thousands of spellings resemble it.
            "participant search, first name": (
                f"{reverse('meetings:search')}?{urlencode({'q': busiest_person.name.split()[0]})}"
            ),
            "autocomplete": f"{reverse('meetings:autocomplete')}?{urlencode({'q': surname[:4]})}",
            # The beginning of a common first name: thousands of spellings start a word with it.
            "autocomplete, common prefix": (
                f"{reverse('meetings:autocomplete')}?{urlencode({'q': busiest_person.name.split()[0][:4]})}"
            ),
        }
        scenarios = {name: (path, "") for name, path in pages.items()}
        scenarios["admin meeting changelist"] = ("/admin/meetings/meeting/", self.editor_cookie())
        return scenarios

    def editor_cookie(self) -> str:
        """A logged-in session of a benchmark editor account (created once; no password can log in to it)."""
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
        from django.contrib.sessions.backends.db import SessionStore

        user, _ = get_user_model().objects.get_or_create(
            username="benchmark-editor", defaults={"is_staff": True, "is_superuser": True}
        )
        user.set_unusable_password()
        user.save()
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    def deep_page_url(self) -> str:
        """A keyset page 10,000 pages (of 25 rows) into the unfiltered list, or near its end if shorter."""
        public = Meeting.objects.public().order_by("-date_start", "-id")
        position = max(0, min(10_000 * 25, public.count() - 30))
        row = public.values("date_start", "id")[position]
        cursor = f"{row['date_start'].isoformat()}.{row['id']}"
        return f"{reverse('meetings:meeting-list')}?{urlencode({'after': cursor})}"

    def http_scenarios(self, base_url: str, *, duration: int, connections: int, workers: int) -> dict:
        """Each page under wrk, after every worker has served it: steady state, not first renders.

        A page's first render in each worker computes its rankings, which stay cached until the data
        changes (with --cached, the page itself too); `--only sql` shows what those first renders
        cost. Sequential warm-up requests may all reach one worker; as many concurrent requests as
        there are workers reach each of them whenever the page is slow enough to matter.
        """
        results = {}
        self.stdout.write(f"\nHTTP, {connections} connections, {duration}s each (latency in ms)")
        self.stdout.write(f"{'scenario':<30}{'req/s':>9}{'p50':>9}{'p95':>9}{'p99':>9}{'errors':>8}")
        for name, (path, cookie) in self.scenario_urls().items():
            if self.only_scenarios and name not in self.only_scenarios:
                continue
            url = base_url + path
            request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
            with ThreadPoolExecutor(max_workers=workers) as pool:
                for _ in range(2):
                    list(pool.map(_read, [request] * workers))
            output = subprocess.run(
                ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s",
                 "-s", str(WRK_SCRIPT), url],
                capture_output=True, text=True, check=True, env=dict(os.environ, BENCH_COOKIE=cookie),
            ).stdout  # fmt: skip
            latency = {int(p): float(ms) for p, ms in PERCENTILE_LINE.findall(output)}
            errors = int(STATUS_LINE.search(output).group(1)) if STATUS_LINE.search(output) else 0
            errors += sum(int(n) for n in ERRORS_LINE.search(output).groups()[:3]) + int(
                ERRORS_LINE.search(output).group(5)
            )
            rate = float(REQUESTS_LINE.search(output).group(1))
            results[name] = {"url": path, "rps": rate, "p50": latency[50], "p95": latency[95],
                             "p99": latency[99], "errors": errors}  # fmt: skip
            self.stdout.write(
                f"{name:<30}{rate:>9.1f}{latency[50]:>9.1f}{latency[95]:>9.1f}{latency[99]:>9.1f}{errors:>8}"
            )
        return results

    def sql_scenarios(self) -> dict:
        """Every statement of every benchmark page, run in this process: the slowest and the p95 per page.

        The aggregate cache is cleared first, so the counts and facets are computed, not read back.
        """
        from django.core.cache import caches
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, override_settings

        caches[settings.PAGE_CACHE_ALIAS].clear()
        client = Client(SERVER_NAME="localhost")
        results = {}
        self.stdout.write("\nSQL per page, cold aggregate cache (statement times in ms)")
        self.stdout.write(f"{'scenario':<30}{'queries':>9}{'p95':>9}{'slowest':>9}  slowest statement")
        for name, (path, cookie) in self.scenario_urls().items():
            if self.only_scenarios and name not in self.only_scenarios:
                continue
            if cookie:
                client.cookies.load(cookie)
            with (
                override_settings(ALLOWED_HOSTS=["localhost"]),
                CaptureQueriesContext(connection) as captured,
            ):
                response = client.get(path, secure=True)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
            times = sorted(float(query["time"]) * 1000 for query in captured.captured_queries)
            slowest = max(captured.captured_queries, key=lambda query: float(query["time"]))
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            results[name] = {"queries": len(times), "p95_ms": p95, "slowest_ms": times[-1]}
            self.stdout.write(f"{name:<30}{len(times):>9}{p95:>9.1f}{times[-1]:>9.1f}  {slowest['sql'][:60]}")
            client.cookies.clear()
        return results

    def export_scenario(self, base_url: str, rows_wanted: int = 100_000) -> dict:
        """Stream the unfiltered CSV export and time its first 100,000 rows."""
        url = f"{base_url}{reverse('meetings:export-csv')}"
        started = time.monotonic()
        rows = -1  # the header line
        with urllib.request.urlopen(url, timeout=600) as response:
            for _line in response:
                rows += 1
                if rows >= rows_wanted:
                    break
        elapsed = time.monotonic() - started
        self.stdout.write(f"\nCSV export: {rows:,} rows in {elapsed:.2f}s = {rows / elapsed:,.0f} rows/s")
        return {"rows": rows, "seconds": elapsed, "rows_per_second": rows / elapsed}

    # Extraction and ingestion

    def extraction_scenario(self) -> dict:
        script = Path(settings.BASE_DIR) / "bench" / "extraction_speed.py"
        if not script.exists():
            raise CommandError(f"{script} is missing")
        # One process, pinned to one core where the platform allows it.
        command = [sys.executable, str(script)]
        if shutil.which("taskset"):
            command = ["taskset", "-c", "0", *command]
        output = subprocess.run(
            command, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR
        ).stdout
        self.stdout.write("\nExtraction (one core):\n" + output.strip())
        return {"output": output}

    def ingest_scenario(self, articles: int = 2000) -> dict:
        """Ingest generated JSON Lines articles into the current archive in a child process; report rate and peak memory."""
        demo = Path(settings.BASE_DIR) / "meetings" / "data" / "demo"
        texts = [p.read_text(encoding="utf-8") for p in sorted(demo.glob("*.txt"))]
        if not texts:
            raise CommandError("no demo texts to build ingestion input from")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.jsonl"
            run = int(time.time())
            with path.open("w", encoding="utf-8") as handle:
                for index in range(articles):
                    text = texts[index % len(texts)] + f"\n\n(benchmark copy {run}-{index})"
                    handle.write(json.dumps({"text": text, "url": f"https://bench.example/{run}/{index}",
                                             "published": "2024-05-01", "source": "Benchmark"}) + "\n")  # fmt: skip
            env = dict(os.environ, DATABASE_URL=_database_url())
            log = Path(folder) / "ingest.log"
            started = time.monotonic()
            with log.open("w") as output:
                child = subprocess.Popen([sys.executable, "manage.py", "ingest", str(path), "--no-progress"], env=env,
                                         cwd=settings.BASE_DIR, stdout=output, stderr=subprocess.STDOUT)  # fmt: skip
                # wait4 gives the child's own peak resident memory (ru_maxrss, in KiB on Linux).
                _, _, rusage = os.wait4(child.pid, 0)
            elapsed = time.monotonic() - started
            summary = log.read_text().strip()
        peak_mb = rusage.ru_maxrss / 1024
        rate = articles / elapsed
        self.stdout.write(
            f"\nIngestion end-to-end: {articles:,} articles in {elapsed:.1f}s = {rate:,.0f} articles/s, "
            f"peak memory {peak_mb:,.0f} MB\n  {summary}"
        )
        return {"articles": articles, "seconds": elapsed, "articles_per_second": rate, "peak_mb": peak_mb}


def _database_url() -> str:
    """The URL of the database this command is connected to, for child processes."""
    return database_url(connection)


def _read(request: urllib.request.Request) -> None:
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
