"""A newcomer's first visit, clicking rather than typing URLs; and screenshots of the main pages."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_newcomer_filters_follows_searches_and_downloads(page, live_server, demo_archive):
    archive = demo_archive
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Browse and filter all meetings").click()
    expect(page.get_by_role("heading", name="Meetings", level=1)).to_be_visible()

    # First country from the form, second from the facets, then a date range from the form.
    page.get_by_label("Add a country").select_option(label="Azerbaijan")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("4 meetings")
    page.locator(".facet").filter(has_text="Countries").get_by_role(
        "link", name=re.compile("Morocco")
    ).click()
    expect(page.get_by_role("status")).to_have_text("2 meetings")
    page.get_by_label("From", exact=True).fill("2023-03-01")
    page.get_by_label("To", exact=True).fill("2023-12-31")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("status")).to_have_text("1 meeting")
    chips = page.locator(".active-filters .chip__label")
    expect(chips).to_have_text(["Country:", "Country:", "From:", "To:"])
    assert "country=az" in page.url and "country=ma" in page.url and "date_after=2023-03-01" in page.url

    # The CSV of exactly this filter.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert download.suggested_filename == "meetings.csv"
    assert [int(row["meeting_id"]) for row in rows] == [archive.rabat_call.pk]
    assert rows[0]["participants"] == "Jeyhun Bayramov (AZ) | Nasser Bourita (MA)"

    # Open the meeting, then follow a participant.
    page.locator(".meeting-row__title a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nasser Bourita")
    page.locator(".participants").get_by_role("link", name="Nasser Bourita").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nasser Bourita")

    # Search by a loose spelling and land on the right person.
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label("Find a person, by any spelling").fill("al malik")
    page.get_by_label("Find a person, by any spelling").press("Enter")
    expect(page.locator(".search-result__name").first).to_have_text("Salim AlMalik")
    page.locator(".search-result__name").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Salim AlMalik")
    assert page.url.endswith("/people/salim-almalik/")


def test_autocomplete_suggests_people(page, live_server, demo_archive):
    page.goto(live_server.url + "/search/")
    page.get_by_label("Find a person, by any spelling").fill("Cavusoglu")

    suggestion = page.get_by_role("option").first
    expect(suggestion).to_contain_text("Mevlüt Çavuşoğlu")
    page.get_by_label("Find a person, by any spelling").press("ArrowDown")
    page.get_by_label("Find a person, by any spelling").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mevlüt Çavuşoğlu")


def test_screenshots_of_main_pages(browser, live_server, demo_archive, screenshots_dir):
    archive = demo_archive
    article_id = archive.baku_icesco.reports.get().article_id
    pages = {
        "home": "/",
        "meetings-filtered": "/meetings/?country=az&country=ma&date_after=2023-01-01",
        "meetings-all": "/meetings/",
        "meeting": f"/meetings/{archive.antalya.pk}/",
        "person": "/people/jeyhun-bayramov/",
        "country": "/countries/az/",
        "bilateral": "/countries/az/ma/",
        "organization": "/organizations/icesco/",
        "search": "/search/?q=al+malik",
        "about": "/about/",
        "article": f"/articles/{article_id}/",
        "not-found": "/people/nobody/",
    }
    for device, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(viewport=viewport, device_scale_factor=1)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.on(
            "console",
            lambda message, errors=errors: errors.append(message.text) if message.type == "error" else None,
        )
        for name, path in pages.items():
            response = page.goto(live_server.url + path)
            assert response.status == (404 if name == "not-found" else 200), path
            # The stylesheet loaded (the page is styled) and nothing needed the network.
            assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{path} scrolls sideways at {viewport['width']}px ({width}px)"
            page.screenshot(path=str(screenshots_dir / f"{name}-{device}.png"), full_page=True)
        context.close()
        assert [e for e in errors if "404" not in e] == []


def test_keyboard_user_reaches_content_with_skip_link(page, live_server, demo_archive):
    page.goto(live_server.url + "/meetings/")
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
