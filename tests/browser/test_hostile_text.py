"""In a real browser, hostile article text never runs: no alert dialog, no injected element, no CSP violation."""

import pytest

from tests.views.test_security import hostile_urls, make_hostile_meeting


@pytest.fixture
def hostile_archive(reference_data):
    return make_hostile_meeting()


@pytest.mark.browser
def test_hostile_text_never_executes_in_the_browser(page, live_server, hostile_archive):
    dialogs, console_errors = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "console", lambda message: console_errors.append(message.text) if message.type == "error" else None
    )

    for path in hostile_urls(hostile_archive):
        page.goto(live_server.url + path)
        injected = page.evaluate("document.querySelectorAll('img[src=\"x\"], body script:not([src])').length")
        assert injected == 0, path

    assert dialogs == []
    assert console_errors == []
