"""A bounded mixed-traffic load test: wrk browsing, searching and exporting against gunicorn while
an editor verifies and rejects meetings and an ingest runs. Zero 5xx, zero lost edits."""

import http.cookiejar
import io
import os
import re
import shutil
import subprocess
import threading
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection

from diplomacy.processes import database_url, gunicorn, production_like_env
from meetings.models import Meeting, MeetingStatus
from tests.factories import make_user

PROJECT_DIR = Path(__file__).resolve().parents[2]
# Long enough to mix hundreds of page loads with the edits; `LOAD_TEST_SECONDS=180` for a longer run.
LOAD_SECONDS = int(os.environ.get("LOAD_TEST_SECONDS", "45"))
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk)"),
]


@pytest.fixture
def gunicorn_server():
    # Rate limits would answer 429 to this one busy client; they have their own tests.
    env = production_like_env(
        database_url(connection), PAGE_CACHE_SECONDS="0", RATE_LIMIT_EXPORTS="0", RATE_LIMIT_SEARCH="0"
    )
    with gunicorn(env, workers=3, timeout=120) as base:
        yield base


def run_wrk(url: str, results: dict) -> None:
    output = subprocess.run(
        ["wrk", "-t", "1", "-c", "4", "-d", f"{LOAD_SECONDS}s", "--timeout", "15s", "--latency", url],
        capture_output=True,
        text=True,
    ).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    requests = re.search(r"(\d+) requests in", output)
    results[url] = {
        "requests": int(requests.group(1)) if requests else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


class Editor:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def token(self, path: str) -> str:
        page = self.opener.open(self.base + path).read().decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path: str, data: dict) -> tuple[int, str]:
        data = {**data, "csrfmiddlewaretoken": self.token(path)}
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(data, doseq=True).encode(),
            headers={"Referer": self.base + path},
        )
        with self.opener.open(request) as response:
            return response.status, response.geturl()

    def login(self, username: str, password: str) -> None:
        status, landed_on = self.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert (status, landed_on) == (200, self.base + "/admin/")


def test_mixed_load_has_no_server_errors_and_loses_no_edits(gunicorn_server):
    base = gunicorn_server
    call_command("generate_archive", "--meetings", "3000", "--seed", "7", stdout=io.StringIO())
    editor_user = make_user(username="load-editor", editor=True)
    # The web server runs production settings, which do not know the tests' fast MD5 hasher.
    editor_user.password = PBKDF2PasswordHasher().encode("correct horse battery staple", "loadtestsalt")
    editor_user.save()
    targets = list(
        Meeting.objects.filter(status=MeetingStatus.UNREVIEWED)
        .order_by("id")
        .values_list("pk", flat=True)[:60]
    )
    person = Meeting.objects.first().participations.first().person
    urls = [
        f"{base}/",
        f"{base}/meetings/?kind=in_person&date_after=2010-01-01",
        f"{base}/search/?q={urllib.parse.quote(person.name.split()[-1])}",
        f"{base}/meetings/export.csv?date_after=2025-06-01",
        f"{base}{person.get_absolute_url()}",
    ]
    results: dict = {}
    loaders = [threading.Thread(target=run_wrk, args=(url, results)) for url in urls]
    for loader in loaders:
        loader.start()

    editor = Editor(base)
    editor.login("load-editor", "correct horse battery staple")
    edit_statuses = []
    for index, meeting_id in enumerate(targets):
        action = {"action": "verify", "_selected_action": [meeting_id]}
        if index % 3 == 0:
            action = {
                "action": "reject",
                "_selected_action": [meeting_id],
                "apply": "1",
                "reason": f"load test {index}",
            }
        edit_statuses.append(editor.post("/admin/meetings/meeting/", action)[0])
    for loader in loaders:
        loader.join()

    assert set(edit_statuses) == {200}
    assert all(result["requests"] > 0 for result in results.values()), results
    assert [result["non_2xx"] for result in results.values()] == [0] * len(urls), results
    assert all(result["socket_errors"] == "" for result in results.values()), results
    statuses = dict(Meeting.objects.filter(pk__in=targets).values_list("pk", "status"))
    expected = {
        meeting_id: MeetingStatus.REJECTED if index % 3 == 0 else MeetingStatus.VERIFIED
        for index, meeting_id in enumerate(targets)
    }
    assert statuses == expected
