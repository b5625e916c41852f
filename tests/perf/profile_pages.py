"""Time the benchmark's pages in-process, cold (empty aggregate cache) and warm, with their slowest SQL.

    DATABASE_URL=postgres://.../diplomacy_gen DJANGO_SETTINGS_MODULE=diplomacy.test_settings \\
        .venv/bin/python -m tests.perf.profile_pages
"""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.test_settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from meetings.management.commands.benchmark import Command  # noqa: E402


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    urls = Command().scenario_urls()
    caches[settings.PAGE_CACHE_ALIAS].clear()
    for name, url in urls.items():
        for run in ("cold", "warm"):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:2]
            worst = ", ".join(f"{float(q['time']) * 1000:.0f}ms {q['sql'][:70]!r}" for q in slowest)
            print(
                f"{name:24} {run:4} {response.status_code} {elapsed:7.0f} ms {len(captured):3} queries | {worst}"
            )


if __name__ == "__main__":
    main()
