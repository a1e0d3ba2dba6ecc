"""Suggestions as you type (web/static/suggest.js over /api/suggest) in real Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.slow


def test_accept_a_suggestion_with_the_keyboard(page):
    page.goto("/")
    box = page.locator("#q")
    expect(box).to_have_attribute("role", "combobox")
    box.press_sequentially("banjir jak", delay=20)
    option = page.get_by_role("option", name="banjir jakarta")
    expect(option).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=banjir+jakarta")
    expect(box).to_have_value("banjir jakarta")
    expect(page.locator(".stats")).to_contain_text("5 hasil untuk banjir jakarta")


def test_escape_closes_the_list_and_a_click_accepts(page):
    page.goto("/")
    box = page.locator("#q")
    box.press_sequentially("banjir jak", delay=20)
    listbox = page.get_by_role("listbox", name="Saran pencarian")
    expect(listbox).to_be_visible()
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("banjir jak")
    box.press("Backspace")
    box.press_sequentially("k", delay=20)
    page.get_by_role("option", name="banjir jakarta").click()
    page.wait_for_url("**/?q=banjir+jakarta")


def test_a_title_suggestion_opens_its_article(page):
    page.goto("/")
    page.locator("#q").press_sequentially("timn", delay=20)
    options = page.get_by_role("option")
    expect(options).to_have_text(["timnas", "Timnas Indonesia Kalahkan Malaysia · artikel"])
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/timnas-menang")
    expect(page.locator("h1")).to_have_text("Timnas Indonesia Kalahkan Malaysia")
