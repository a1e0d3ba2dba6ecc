"""Dates in real Chromium: typed day first in any locale, presets, a mistake said in place."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from index.dates import WIB
from tests.browser.test_browser_search import hit_ids
from web import dates


@pytest.fixture
def english_page(browser, live_server):
    """A browser set to American English, whose native date fields read mm/dd/yyyy."""
    context = browser.new_context(base_url=live_server, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def test_dates_typed_day_first_in_an_english_browser(english_page):
    page = english_page
    page.goto("/?q=banjir")
    page.fill("#from", "15/09/2019")
    page.fill("#to", "1 Okt 2019")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url(re.compile(r"/\?q=banjir&from=2019-09-15&to=2019-10-01#filters$"))
    assert hit_ids(page) == ["bekasi-kebanjiran", "musim-hujan"]
    expect(page.locator("#from")).to_have_value("15/09/2019")
    expect(page.locator("#to")).to_have_value("01/10/2019")
    chip = page.get_by_role("link", name="Hapus filter tanggal 15 September 2019 – 1 Oktober 2019")
    expect(chip).to_have_text("Tanggal: 15 September 2019 – 1 Oktober 2019 ×")


def test_a_bad_date_is_said_next_to_its_field_and_the_search_stays(page, expected_console):
    expected_console.append(
        "console error: Failed to load resource: the server responded with a status of 400 "
        "(BAD REQUEST)"
    )
    page.goto("/?q=banjir&source=kompas.com")
    page.fill("#from", "20/09/20199")
    with page.expect_response(re.compile(r"/\?q=banjir")) as answer:
        page.get_by_role("button", name="Terapkan").click()
    assert answer.value.status == 400
    field = page.locator("#from")
    expect(field).to_have_value("20/09/20199")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(
        "Tanggal “Dari”: tahun “20199” tidak masuk akal; tulis empat angka, "
        "mis. 15/09/2019 atau 15 Sep 2019. "
        "Tulis hari/bulan/tahun, mis. 15/09/2019 atau 15 Sep 2019."
    )
    expect(page.locator("#from-error")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Tanggal belum diterapkan.")
    expect(page.locator("#q")).to_have_value("banjir")
    assert hit_ids(page) == ["banjir-utara", "bekasi-kebanjiran"]
    # Put right, the same form applies it, the outlet still on.
    page.get_by_role("link", name="Perbaiki tanggal").click()
    page.fill("#from", "20/09/2019")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url("**/?q=banjir&source=kompas.com&from=2019-09-20#filters")
    expect(page.locator(".empty")).to_contain_text("Tidak ada hasil untuk banjir")
    expect(page.get_by_role("alert")).to_have_count(0)


def test_a_preset_filters_and_a_new_query_keeps_it(page, monkeypatch):
    monkeypatch.setattr(dates, "now", lambda: datetime(2019, 9, 14, 6, 0, tzinfo=WIB))
    page.goto("/?q=banjir")
    page.locator("#filters").get_by_role("link", name="Bulan ini").click()
    page.wait_for_url("**/?q=banjir&when=month#filters")
    assert hit_ids(page) == ["bekasi-kebanjiran", "musim-hujan"]
    chosen = page.get_by_role("link", name="Bulan ini", exact=True)
    expect(chosen).to_have_attribute("aria-current", "true")
    page.fill("#q", "gempa")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=gempa&when=month")
    assert hit_ids(page) == ["gempa-maluku"]
    page.get_by_role("link", name="Kapan saja").click()
    page.wait_for_url("**/?q=gempa#filters")
    expect(page.locator(".active-filters")).to_have_count(0)
