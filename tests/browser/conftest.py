"""Real headless Chromium (Debian's ``chromium``, driven by Playwright) against a real server.

The server is Werkzeug's, on 127.0.0.1 and a free port, over the fixture index. Without a
browser the tests are skipped, except where ``CI`` is set: there a missing browser fails.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.harness import CHROMIUM_ARGS, LiveServer, require_chromium
from web import create_app


@pytest.fixture(scope="session")
def live_server(index_dir) -> Iterator[str]:
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "PER_PAGE": 3})
    with LiveServer(app) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def expected_console() -> list[str]:
    """Console errors a test expects (e.g. Chromium's line for a page answered 400)."""
    return []


@pytest.fixture
def page(browser, live_server, expected_console):
    """A fresh page; any request leaving the server is blocked, and fails the test."""
    context = browser.new_context(base_url=live_server, locale="id-ID")
    outside: list[str] = []
    problems: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server + "/"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    yield page
    context.close()
    assert outside == [], "the page loaded assets from outside the server"
    assert [p for p in problems if p not in expected_console] == [], "the page logged errors"
