"""Markup in articles and queries never runs in a real browser (headless Chromium).

The hostile articles (``tests/fixtures/hostile.jsonl``) and queries all try to
set ``window.__xss`` or open a dialog. Every page that shows them is loaded,
and the suggestion box is typed into; afterwards ``window.__xss`` is still
undefined, no dialog opened, and the console shows no error, so not even the
Content-Security-Policy had to block a script (it would log a violation).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from index.store import IndexStore
from index.writer import build
from tests.browser.harness import LiveServer
from tests.web.test_xss import HOSTILE, HOSTILE_IDS, HOSTILE_QUERIES
from web import create_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile-browser-index")
    build([HOSTILE], IndexStore(root))
    with LiveServer(create_app({"TESTING": True, "INDEX_DIR": str(root)})) as server:
        yield server.url


@pytest.fixture
def watched(browser, hostile_server):
    """A page that records dialogs, console messages and page errors."""
    context = browser.new_context(base_url=hostile_server, locale="id-ID")
    page = context.new_page()
    seen: list[str] = []
    page.on("dialog", lambda dialog: (seen.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda err: seen.append(f"page error: {err}"))
    page.on(
        "console", lambda msg: seen.append(f"console {msg.type}: {msg.text}")
        if msg.type in ("error", "warning") else None
    )  # fmt: skip
    yield page, seen
    context.close()


def assert_nothing_ran(page, seen: list[str]) -> None:
    page.wait_for_timeout(50)  # let deferred scripts and handlers run, if any could
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert seen == []


def test_the_hostile_articles_are_really_on_the_page(watched):
    page, seen = watched
    page.goto("/?q=banjir")
    assert page.locator("ol.results .hit").count() == len(HOSTILE_IDS)
    titles = page.locator("ol.results .hit .title").all_inner_texts()
    assert "Serangan <script>window.__xss=1</script> judul" in titles
    assert_nothing_ran(page, seen)


def test_results_pages_run_no_script(watched):
    page, seen = watched
    for query in HOSTILE_QUERIES:
        page.goto("/")
        page.fill("#q", query)
        page.press("#q", "Enter")
        page.wait_for_load_state()
        assert page.locator("#q").input_value() == query
        assert_nothing_ran(page, seen)


def test_article_pages_run_no_script(watched):
    page, seen = watched
    for article_id in sorted(HOSTILE_IDS):
        page.goto(f"/articles/{article_id}")
        assert page.locator("h1").count() == 1
        fire_every_handler(page)
        assert_nothing_ran(page, seen)


def fire_every_handler(page) -> None:
    page.evaluate(
        """() => document.querySelectorAll("main *").forEach(el => {
            for (const type of ["mouseover", "mouseenter", "focus", "load", "error"]) {
                el.dispatchEvent(new Event(type));
            }
        })"""
    )  # would fire any event handler that reached the page


def test_the_suggestion_box_runs_no_script(watched):
    page, seen = watched
    page.goto("/")
    page.locator("#q").press_sequentially("<img src=x onerror=window.__xss=1> ser", delay=5)
    page.wait_for_timeout(400)  # past the suggestion delay and the fetch
    assert_nothing_ran(page, seen)
