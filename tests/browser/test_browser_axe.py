"""Accessibility in real Chromium: axe-core finds no violation in any state the page shows,
and a keyboard reaches the filters without going through every result.

axe-core comes with the PyPI package ``axe-playwright-python`` (its ``axe.min.js``, pinned
in requirements-dev.txt), run in the page as it is served, its CSP included.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from index.dates import WIB
from web import dates

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Every state the browser tests visit, by its URL.
STATES = [
    "/",
    "/?q=banjir",
    "/?q=banjir&source=kompas.com&source=okezone.com&category=Berita&sort=newest",
    "/?q=banjir&month=2019-07&month=2019-09&chart=share",
    "/?q=banjir&from=2019-07-29&to=2019-08-04",
    "/?q=banjir&when=month",
    "/?q=banjir&source=kompas.com&category=Berita",
    "/?q=banjir&page=2&sort=newest",
    "/?q=banjir&page=9",
    "/?q=banjr",
    "/?q=banjr&correct=false",
    "/?q=banjir+gempa",
    "/?q=zzzqqq",
    "/articles/banjir-utara?q=banjir+jakarta",
    "/articles/banjir-utara",
    "/bantuan",
]
# States answered with an error status (Chromium logs the status as a console error).
ERROR_STATES = {
    "/?q=banjir&from=20%2F09%2F20199&source=kompas.com": 400,
    "/?q=banjir&from=2019-09-30&to=2019-09-01": 400,
    "/tidak-ada": 404,
    "/articles/tidak-ada": 404,
}
STATUS_LINES = {
    400: "console error: Failed to load resource: the server responded with a status of 400 "
    "(BAD REQUEST)",
    404: "console error: Failed to load resource: the server responded with a status of 404 "
    "(NOT FOUND)",
}


def violations(page) -> list[str]:
    """axe-core's violations of the page as it is now: rule, impact and the first element."""
    found = Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in found]


def test_axe_finds_a_violation_where_there_is_one(page):
    page.goto("/bantuan")
    page.evaluate("document.querySelector('main').append(document.createElement('input'))")
    assert [v.split(" ")[0] for v in violations(page)] == ["label"]


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setattr(dates, "now", lambda: datetime(2019, 9, 14, 6, 0, tzinfo=WIB))


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_violation_in_any_state(page, size):
    page.set_viewport_size(size)
    for url in STATES:
        response = page.goto(url)
        assert response.status == 200, url
        assert violations(page) == [], url


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_violation_on_pages_that_answer_an_error(page, expected_console, size):
    expected_console.extend(STATUS_LINES.values())
    page.set_viewport_size(size)
    for url, status in ERROR_STATES.items():
        response = page.goto(url)
        assert response.status == status, url
        assert violations(page) == [], url


def test_no_violation_with_suggestions_open_and_a_suggestion_chosen(page):
    page.goto("/?q=banjir")
    page.fill("#q", "")
    page.locator("#q").press_sequentially("banj", delay=20)
    expect(page.locator("#q-suggestions [role=option]").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#q")).to_have_attribute("aria-activedescendant", "q-suggestion-0")
    assert violations(page) == []


def test_no_violation_with_the_keyboard_on_a_bar_and_on_an_article(page):
    page.goto("/?q=banjir")
    page.locator(".chart a").first.focus()
    assert violations(page) == []
    page.goto("/articles/banjir-utara?q=banjir")
    assert violations(page) == []


def test_the_tab_order_reaches_the_filters_by_a_skip_link(page):
    page.set_viewport_size(DESKTOP)
    page.goto("/?q=banjir")
    page.locator("body").focus()
    stops = []
    for _ in range(2):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.textContent"))
    assert stops == ["Langsung ke isi", "Langsung ke filter"]
    skip = page.get_by_role("link", name="Langsung ke filter")
    expect(skip).to_be_in_viewport()
    skip.press("Enter")
    page.wait_for_url("**/?q=banjir#filters")
    # The skip link's target is the filter column (tabindex=-1: it can hold the focus that
    # fragment navigation gives it); from there the next Tab stop is in the filters.
    assert page.locator("#filters").get_attribute("tabindex") == "-1"
    page.locator("#filters").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.closest('#filters') !== null, document.activeElement.textContent]"
    )
    assert focused == [True, "Jumlah"]
    assert page.evaluate("window.scrollY") == 0


def test_the_date_chip_is_named_with_its_visible_dates(page):
    page.goto("/?q=banjir&from=2019-07-29&to=2019-08-04")
    chip = page.locator(".active-filters .chip")
    expect(chip).to_have_text("Tanggal: 29 Juli 2019 – 4 Agustus 2019 ×")
    expect(chip).to_have_accessible_name(
        re.compile(r"^Hapus filter tanggal 29 Juli 2019 – 4 Agustus 2019$")
    )
