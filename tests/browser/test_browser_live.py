"""Results as you type in real Chromium: swapped in without a page load, the URL in step."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_browser_axe import violations
from tests.browser.test_browser_search import hit_ids

PARTIAL_START = "Hasil berikut tidak memuat semua kata yang dicari."


def test_results_follow_the_typing_and_back_returns(page):
    page.goto("/")
    page.evaluate("window.notReloaded = true")
    page.locator("#q").press_sequentially("banjir", delay=30)
    page.wait_for_url("**/?q=banjir")
    expect(page.locator(".stats")).to_contain_text("4 hasil untuk banjir")
    assert hit_ids(page) == ["banjir-utara", "bekasi-kebanjiran", "musim-hujan"]
    expect(page).to_have_title("banjir – Telusur")
    expect(page.locator("#q")).to_be_focused()
    page.locator("#q").press_sequentially(" jakarta", delay=30)
    page.wait_for_url("**/?q=banjir+jakarta")
    expect(page.locator(".stats")).to_contain_text("5 hasil untuk banjir jakarta")
    # The two with both words, the line, then the first with one of them (3 a page).
    assert hit_ids(page) == ["banjir-utara", "musim-hujan", "macet-jakarta"]
    expect(page.locator(".partial-start")).to_have_text(PARTIAL_START)
    feed = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    expect(feed).to_have_attribute("href", "/feed?q=banjir+jakarta")
    assert page.evaluate("window.notReloaded") is True
    assert violations(page) == []  # the results swapped in, as axe-core reads them
    # One burst of typing is one history entry: Back is the home page again.
    page.go_back()
    page.wait_for_url(lambda url: url.endswith("/"))
    expect(page.locator(".intro h1")).to_have_text("Telusur berita Indonesia")
    expect(page.locator("#q")).to_have_value("")
    page.go_forward()
    page.wait_for_url("**/?q=banjir+jakarta")
    expect(page.locator(".stats")).to_contain_text("5 hasil untuk banjir jakarta")
    # The two with both words, the line, then the first with one of them (3 a page).
    assert hit_ids(page) == ["banjir-utara", "musim-hujan", "macet-jakarta"]
    expect(page.locator(".partial-start")).to_have_text(PARTIAL_START)
    expect(page.locator("#q")).to_have_value("banjir jakarta")


def test_typing_keeps_the_filters_of_the_page(page):
    page.goto("/?q=banjir&source=kompas.com&sort=newest")
    page.fill("#q", "")
    page.locator("#q").press_sequentially("bekasi", delay=30)
    page.wait_for_url("**/?q=bekasi&source=kompas.com&sort=newest")
    assert hit_ids(page) == ["bekasi-kebanjiran"]
    expect(page.locator(".active-filters .chip")).to_have_text(["Sumber: kompas.com ×"])


def test_without_javascript_the_page_is_a_plain_form(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.locator("#q").press_sequentially("banjir", delay=30)
    page.wait_for_timeout(800)
    assert page.url == live_server + "/"
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=banjir")
    assert hit_ids(page) == ["banjir-utara", "bekasi-kebanjiran", "musim-hujan"]
    context.close()
