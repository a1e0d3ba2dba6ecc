"""Filters in real Chromium: months combined, chosen values kept, a phone kept at the filters."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.test_browser_search import hit_ids


def test_two_months_combine_and_each_comes_off_alone(page):
    page.goto("/?q=banjir")
    months = page.locator("#facet-month").locator("xpath=..")
    months.get_by_role("link", name=re.compile(r"^Juli 2019")).click()
    page.wait_for_url("**/?q=banjir&month=2019-07#filters")
    months.get_by_role("link", name=re.compile(r"^September 2019")).click()
    page.wait_for_url("**/?q=banjir&month=2019-07&month=2019-09#filters")
    assert hit_ids(page) == ["banjir-utara", "bekasi-kebanjiran"]
    expect(page.locator(".active-filters .chip")).to_have_text(
        ["Bulan: Juli 2019 ×", "Bulan: September 2019 ×"]
    )
    expect(months.locator("a.on .name")).to_have_text(["Juli 2019", "September 2019"])
    months.get_by_role("link", name=re.compile(r"^Juli 2019")).click()
    page.wait_for_url("**/?q=banjir&month=2019-09#filters")
    assert hit_ids(page) == ["bekasi-kebanjiran"]


def test_a_chosen_outlet_stays_listed_and_can_be_taken_off_there(page):
    page.goto("/?q=banjir&source=kompas.com&category=Berita")
    expect(page.locator(".empty")).to_contain_text("Tidak ada hasil untuk banjir")
    sources = page.locator("#facet-source").locator("xpath=..")
    chosen = sources.get_by_role("link", name=re.compile(r"^kompas\.com"))
    expect(chosen).to_have_attribute("aria-current", "true")
    expect(chosen.locator(".count")).to_have_text("0 artikel")
    chosen.click()
    page.wait_for_url("**/?q=banjir&category=Berita#filters")
    assert hit_ids(page) == ["musim-hujan"]


def test_on_a_phone_a_filter_lands_the_reader_at_the_filters(browser, live_server):
    context = browser.new_context(
        base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.goto("/?q=banjir")
    assert page.evaluate("window.scrollY") == 0
    page.locator("#filters").scroll_into_view_if_needed()
    page.locator("#filters").get_by_role("link", name=re.compile(r"^kompas\.com")).click()
    page.wait_for_url("**/?q=banjir&source=kompas.com#filters")
    # The filters' heading is at the top of the screen, below the results' column.
    assert page.evaluate("window.scrollY") > 300
    top = page.evaluate("document.getElementById('filters').getBoundingClientRect().top")
    assert 0 <= top <= 20
    expect(
        page.locator("#filters").get_by_role("link", name=re.compile(r"^kompas\.com"))
    ).to_be_in_viewport()
    context.close()


def test_on_a_desktop_a_filter_keeps_the_page_at_its_top(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/?q=banjir")
    page.locator("#filters").get_by_role("link", name=re.compile(r"^kompas\.com")).click()
    page.wait_for_url("**/?q=banjir&source=kompas.com#filters")
    assert page.evaluate("window.scrollY") == 0
    expect(page.locator("#q")).to_be_in_viewport()


def test_past_the_last_page_the_message_links_to_it(page):
    page.goto("/?q=banjir&page=9")
    expect(page.locator(".empty")).to_have_text(
        "Halaman 9 melewati halaman terakhir: 4 hasil untuk banjir ada di 2 halaman. "
        "Ke halaman terakhir (2)"
    )
    page.get_by_role("link", name="Ke halaman terakhir (2)").click()
    page.wait_for_url("**/?q=banjir&page=2")
    assert hit_ids(page) == ["uji-html"]
