"""The search page in real headless Chromium: search, filters, sort, paging, articles."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow


def hit_ids(page) -> list[str]:
    hrefs = page.locator("ol.results .hit .title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [href.removeprefix("/articles/").split("?")[0] for href in hrefs]


def search(page, text: str) -> None:
    page.goto("/")
    page.fill("#q", text)
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"\?q="))


def test_type_a_query_and_see_highlighted_results(page):
    search(page, "banjir")
    assert page.url.endswith("/?q=banjir")
    expect(page.locator(".stats")).to_contain_text("4 hasil untuk banjir")
    assert hit_ids(page) == ["banjir-utara", "bekasi-kebanjiran", "musim-hujan"]
    marks = page.locator(".hit .snippet mark").all_inner_texts()
    assert [m.lower() for m in marks] == ["banjir", "membanjiri", "banjir"]
    expect(page.locator("#q")).to_have_value("banjir")
    expect(page).to_have_title("banjir – Telusur")


def test_follow_a_search_link_is_visible(page):
    page.goto("/?q=banjir&source=kompas.com&sort=newest")
    follow = page.get_by_role("link", name="Ikuti pencarian ini")
    expect(follow).to_be_visible()
    expect(follow).to_have_attribute("href", "/feed?q=banjir&source=kompas.com")
    alternate = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    expect(alternate).to_have_attribute("href", "/feed?q=banjir&source=kompas.com")


def test_apply_combine_and_remove_filters(page):
    page.goto("/?q=banjir")
    facets = page.locator("#filters")
    facets.get_by_role("link", name=re.compile(r"^kompas\.com")).click()
    page.wait_for_url("**/?q=banjir&source=kompas.com#filters")
    assert hit_ids(page) == ["banjir-utara", "bekasi-kebanjiran"]
    expect(page.locator(".active-filters .chip")).to_have_text(["Sumber: kompas.com ×"])
    # A second outlet widens the filter (either outlet), the facet still lists the others.
    facets.get_by_role("link", name=re.compile(r"^okezone\.com")).click()
    page.wait_for_url("**/?q=banjir&source=kompas.com&source=okezone.com#filters")
    assert hit_ids(page) == ["banjir-utara", "bekasi-kebanjiran", "musim-hujan"]
    # A category narrows it (and both must hold).
    facets.get_by_role("link", name=re.compile(r"^Berita")).click()
    page.wait_for_url("**/?q=banjir&source=kompas.com&source=okezone.com&category=Berita#filters")
    assert hit_ids(page) == ["musim-hujan"]
    page.get_by_role("link", name="Hapus filter sumber okezone.com").click()
    page.wait_for_url("**/?q=banjir&source=kompas.com&category=Berita")
    expect(page.locator(".empty")).to_contain_text("Tidak ada hasil untuk banjir")
    page.get_by_role("link", name="Hapus semua filter").click()
    page.wait_for_url("**/?q=banjir")
    assert len(hit_ids(page)) == 3


def test_month_facet_and_date_inputs_filter_by_date(page):
    page.goto("/?q=banjir")
    page.locator("#filters").get_by_role("link", name=re.compile(r"^Juli 2019")).click()
    page.wait_for_url("**/?q=banjir&month=2019-07#filters")
    assert hit_ids(page) == ["banjir-utara"]
    expect(page.locator(".active-filters .chip")).to_have_text(["Bulan: Juli 2019 ×"])
    page.get_by_role("link", name="Hapus filter bulan Juli 2019").click()
    page.wait_for_url("**/?q=banjir")
    page.fill("#from", "01/08/2019")
    page.fill("#to", "30/09/2019")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url("**/?q=banjir&from=2019-08-01&to=2019-09-30#filters")
    assert hit_ids(page) == ["bekasi-kebanjiran", "uji-html"]
    # The same range typed in the query box, as the page's tips describe it.
    search(page, "banjir dari:2019-08-01 sampai:2019-09-30")
    assert hit_ids(page) == ["bekasi-kebanjiran", "uji-html"]


def test_sort_by_newest_then_go_to_page_two(page):
    page.goto("/?q=banjir")
    page.get_by_role("navigation", name="Urutkan hasil").get_by_role("link", name="Terbaru").click()
    page.wait_for_url("**/?q=banjir&sort=newest")
    expect(page.get_by_role("link", name="Terbaru")).to_have_attribute("aria-current", "true")
    assert hit_ids(page) == ["musim-hujan", "bekasi-kebanjiran", "uji-html"]
    page.get_by_role("link", name="Berikutnya ›").click()
    page.wait_for_url("**/?q=banjir&sort=newest&page=2")
    assert hit_ids(page) == ["banjir-utara"]
    expect(page.locator("ol.results")).to_have_attribute("start", "4")
    expect(page.locator(".stats")).to_contain_text("halaman 2 dari 2")
    # The URL alone brings the same page back: it can be shared.
    page.goto(page.url)
    assert hit_ids(page) == ["banjir-utara"]


def test_open_an_article_and_then_a_related_one(page):
    search(page, "banjir jakarta")
    page.locator(".hit .title a").first.click()
    page.wait_for_url("**/articles/banjir-utara?q=banjir+jakarta")
    expect(page.locator("h1")).to_have_text("Banjir Rendam Jakarta Utara")
    expect(page.locator(".article .meta")).to_contain_text("31 Juli 2019")
    expect(page.locator(".article .body p")).to_have_count(3)
    expect(page.locator("#q")).to_have_value("banjir jakarta")
    marks = page.locator(".article .body mark").all_inner_texts()
    assert marks == ["banjir", "Jakarta"]
    expect(page.locator(".article .original a")).to_have_attribute(
        "href", "https://contoh.kompas.com/banjir-utara"
    )
    page.locator(".related .title a").first.click()
    page.wait_for_url("**/articles/musim-hujan?q=banjir+jakarta")
    expect(page.locator("h1")).to_have_text("Musim Hujan Segera Tiba")


def test_back_to_the_same_results_page_from_an_article(page):
    search(page, "banjir")
    page.get_by_role("link", name="Terbaru").click()
    page.wait_for_url("**/?q=banjir&sort=newest")
    page.locator(".pager a[rel=next]").click()
    page.wait_for_url("**/?q=banjir&sort=newest&page=2")
    page.locator(".hit .title a").first.click()
    page.wait_for_url("**/articles/*?q=banjir&sort=newest&page=2")
    page.get_by_role("link", name="Kembali ke hasil").click()
    page.wait_for_url("**/?q=banjir&sort=newest&page=2")
    expect(page.locator(".stats")).to_contain_text("halaman 2 dari 2")


def test_a_typo_is_searched_corrected_and_the_typed_words_are_a_click_away(page):
    search(page, "banjr")
    expect(page.locator(".corrected")).to_contain_text("Menampilkan hasil untuk banjir")
    assert hit_ids(page) == ["banjir-utara", "bekasi-kebanjiran", "musim-hujan"]
    page.get_by_role("link", name="banjr", exact=True).click()
    page.wait_for_url("**/?q=banjr&correct=false")
    expect(page.locator(".empty")).to_contain_text("Tidak ada hasil untuk banjr")


def test_keyboard_alone(page):
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type("banjir")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=banjir")
    page.locator(".skip-link").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    for _ in range(20):  # on to the first result's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.hit') !== null"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/banjir-utara?q=banjir")


def test_readable_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    page.goto("/?q=banjir")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator("ol.results").bounding_box()
    assert box["x"] >= 0 and box["width"] <= 360
    context.close()


def test_works_without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.fill("#q", "banjir")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=banjir")
    assert hit_ids(page) == ["banjir-utara", "bekasi-kebanjiran", "musim-hujan"]
    expect(page.locator("#q")).not_to_have_attribute("role", "combobox")
    context.close()


def test_relaxed_results_say_so(page):
    search(page, "banjir gempa")  # no fixture article has both words
    expect(page.locator(".relaxed")).to_have_text(
        "Tidak ada hasil yang memuat semua kata; menampilkan hasil yang paling mendekati."
    )
    expect(page.locator(".stats")).to_contain_text("5 hasil untuk banjir gempa")
    assert hit_ids(page) == ["gempa-maluku", "banjir-utara", "bekasi-kebanjiran"]
    expect(page.locator(".partial-start")).to_have_count(0)  # every hit is partial
