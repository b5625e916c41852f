"""Response headers, deployment checks, login rate limiting, health and database outages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import make_user

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_security_headers_on_public_pages_and_admin(client, path):
    response = client.get(path, secure=True)

    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy["script-src"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure(client):
    make_user(username="cookie-editor", editor=True)
    login_page = client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/",
        {"username": "cookie-editor", "password": "correct horse battery staple"},
        secure=True,
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")
    assert login_page.cookies["csrftoken"]["secure"] is True


def test_check_deploy_with_production_settings_is_clean():
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    ignored = {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "diplomacy.settings",
            "SECRET_KEY": "a-production-like-secret-key-with-enough-length-and-variety-8f3k2j1h0g",
            "ALLOWED_HOSTS": "meetings.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_settings_refuse_to_start_without_secret_key_in_production():
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    env["DJANGO_SETTINGS_MODULE"] = "diplomacy.settings"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=PROJECT_DIR, env=env, capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_admin_login_locked_per_username_and_ip_after_five_failures(client):
    make_user(username="target", editor=True)
    login = reverse("admin:login")
    for _ in range(5):
        client.post(login, {"username": "target", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")

    locked = client.post(
        login, {"username": "target", "password": "correct horse battery staple"}, REMOTE_ADDR="203.0.113.7"
    )
    from_elsewhere = client.post(
        login, {"username": "target", "password": "correct horse battery staple"}, REMOTE_ADDR="198.51.100.9"
    )

    assert locked.status_code == 429
    # No lockout by username alone: the editor can still log in from another address.
    assert from_elsewhere.status_code == 302


@pytest.mark.django_db
def test_health_endpoint_reports_database_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})


@pytest.mark.django_db(transaction=True)
def test_database_outage_gives_clean_503_and_recovers(client, reference_data):
    settings_dict = connection.settings_dict
    original_name = settings_dict["NAME"]
    connection.close()
    settings_dict["NAME"] = "no_such_database_for_outage_test"  # connecting fails like a server that is away
    try:
        down_page = client.get("/")
        down_health = client.get("/healthz")
    finally:
        connection.close()
        settings_dict["NAME"] = original_name

    assert down_page.status_code == 503
    assert "temporarily unavailable" in down_page.content.decode()
    assert down_page["Retry-After"] == "30"
    assert down_health.status_code == 503
    assert client.get("/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "scope"), [("/meetings/export.csv", "export"), ("/search/autocomplete/?q=al", "search")]
)
def test_exports_and_search_are_rate_limited_per_client(client, settings, url, scope):
    from django.core.cache import cache

    cache.clear()
    settings.RATE_LIMITS = {scope: 3}
    statuses = [client.get(url, REMOTE_ADDR="203.0.113.50").status_code for _ in range(4)]
    other_client = client.get(url, REMOTE_ADDR="198.51.100.60")

    assert statuses == [200, 200, 200, 429]
    assert other_client.status_code == 200
    cache.clear()


@pytest.mark.django_db
def test_search_query_length_is_bounded(client):
    response = client.get("/search/", {"q": "x" * 5000})
    assert response.status_code == 200
    assert "x" * 201 not in response.content.decode()


@pytest.mark.django_db
def test_public_pages_and_exports_never_show_editors_identities(client):
    from django.contrib.auth.models import User

    from tests.factories import make_meeting, make_person

    editor = make_user(username="editor-zyxwvut", editor=True)
    User.objects.filter(pk=editor.pk).update(
        first_name="Quintessa", last_name="Vanderbyl", email="q@v.example"
    )
    bayramov = make_person(name="Jeyhun Bayramov")
    meeting = make_meeting(participants=[(bayramov, "AZ", None)])
    other = make_meeting(participants=[(bayramov, "MA", None)])
    admin_client = client_class_for(editor)
    admin_client.post(
        reverse("admin:meetings_meeting_changelist"), {"action": "verify", "_selected_action": [meeting.pk]}
    )
    admin_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "reject", "_selected_action": [other.pk], "apply": "1", "reason": "checked by Quintessa"},
    )
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    pages = [
        "/",
        "/meetings/",
        f"/meetings/{meeting.pk}/",
        "/about/",
        "/meetings/feed/",
        "/people/jeyhun-bayramov/",
    ]
    for url in [*pages, "/meetings/export.csv", "/meetings/export.json"]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for secret in (b"zyxwvut", b"Quintessa", b"Vanderbyl", b"q@v.example"):
            assert secret not in body, (url, secret)


def client_class_for(user):
    from django.test import Client

    logged_in = Client()
    logged_in.force_login(user)
    return logged_in


@pytest.mark.django_db
def test_a_forged_host_header_gets_the_400_page_not_a_server_error(client, settings):
    settings.ALLOWED_HOSTS = ["archive.example.org"]
    settings.DEBUG = False
    client.raise_request_exception = False

    response = client.get("/meetings/", HTTP_HOST="evil.example.com", secure=True)

    assert response.status_code == 400
    assert b"evil.example.com" not in response.content
