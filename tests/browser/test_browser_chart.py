"""The chart in real Chromium: bars a keyboard reaches, the share view, readable labels."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.test_browser_search import hit_ids


def test_a_bar_is_reached_by_tab_and_filters_by_its_week(page):
    page.goto("/?q=banjir")
    page.locator(".chart-mode a").last.focus()  # "Persentase", just before the bars
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == (
        "29 Juli 2019 – 4 Agustus 2019: 2 artikel, 67% dari 3 artikel minggu itu; "
        "saring ke minggu ini"
    )
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=banjir&from=2019-09-16&to=2019-09-22#filters")
    assert hit_ids(page) == ["bekasi-kebanjiran"]
    chosen = page.get_by_role(
        "link",
        name="16 September 2019 – 22 September 2019: 1 artikel, 100% dari 1 artikel minggu itu; "
        "filter aktif, pilih untuk menghapus",
    )
    expect(chosen).to_have_count(1)


def test_the_share_view_and_its_scale(page):
    page.goto("/?q=banjir")
    expect(page.locator(".chart .scale")).to_have_text("2 artikel")
    page.get_by_role("navigation", name="Tampilan grafik").get_by_role(
        "link", name="Persentase"
    ).click()
    page.wait_for_url("**/?q=banjir&chart=share#filters")
    expect(page.locator(".chart .scale")).to_have_text("100%")
    expect(page.locator("#chart-caption")).to_have_text(
        "Bagian artikel yang cocok per minggu, 1 Juli 2019 – 6 Oktober 2019"
    )
    # Labels are drawn at 12 px or more, in the text colour.
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.chart .tick')).fontSize)"
        " * document.querySelector('.chart').getBoundingClientRect().width / 240"
    )
    assert size >= 12
    fill = page.evaluate("getComputedStyle(document.querySelector('.chart .tick')).fill")
    assert fill == "rgb(29, 35, 41)"
