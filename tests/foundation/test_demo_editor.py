"""The demo editor account that the run command (re)sets."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_password_comes_from_the_environment_even_when_it_starts_with_a_dash(monkeypatch):
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "-5tO19vyfAr_XAmr")

    call_command("demo_editor")

    editor = User.objects.get(username="editor")
    assert editor.check_password("-5tO19vyfAr_XAmr")
    assert editor.is_staff and not editor.is_superuser
    assert editor.groups.filter(name="Editors").exists()


def test_an_explicit_password_resets_the_account(monkeypatch):
    monkeypatch.delenv("DEMO_EDITOR_PASSWORD", raising=False)
    call_command("demo_editor", "--password", "first-password-1")

    call_command("demo_editor", "--password=-second-password-2")

    editor = User.objects.get(username="editor")
    assert not editor.check_password("first-password-1")
    assert editor.check_password("-second-password-2")


def test_without_a_password_the_command_says_so(monkeypatch):
    monkeypatch.delenv("DEMO_EDITOR_PASSWORD", raising=False)

    with pytest.raises(CommandError, match="DEMO_EDITOR_PASSWORD"):
        call_command("demo_editor")
