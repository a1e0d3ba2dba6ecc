"""One story from several outlets, and the author, in real Chromium: the near-copies folded
under their best hit open in place, and axe-core finds no violation with them open.

Served over an index of real near-copies of the bundled corpus (CLICK-ID, CC BY 4.0), two of
them given an author (the corpus has none).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from index.store import IndexStore
from index.writer import build
from tests.browser.harness import LiveServer
from tests.browser.test_browser_axe import DESKTOP, PHONE, violations
from tests.index.test_groups import NEAR_COPIES
from web import create_app

AUTHORS = {"clickid-001726": "Reza Deni", "clickid-003711": "Dian Maharani"}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[str]:
    """Overrides the fixture index's server for this module's ``page``."""
    root = tmp_path_factory.mktemp("groups-browser")
    records = [json.loads(line) for line in NEAR_COPIES.read_text("utf-8").splitlines() if line]
    source = root / "near-copies.jsonl"
    source.write_text(
        "".join(
            json.dumps({**r, "author": AUTHORS[r["id"]]} if r["id"] in AUTHORS else r) + "\n"
            for r in records
        ),
        encoding="utf-8",
    )
    build([source], IndexStore(root / "index"), procs=1)
    app = create_app({"TESTING": True, "INDEX_DIR": str(root / "index")})
    with LiveServer(app) as server:
        yield server.url


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_near_copies_open_in_place_and_lead_to_their_article(page, size):
    page.set_viewport_size(size)
    page.goto("/?q=veronica+koman+australia")
    hit = page.locator(".hit").filter(has=page.locator("details.similar"))
    expect(hit).to_have_count(1)
    expect(hit.locator(".title a")).to_have_text("Veronica Koman Terdeteksi Berada di Australia")
    expect(hit.locator(".meta .author")).to_have_text("Penulis: Dian Maharani")
    summary = hit.locator("summary")
    expect(summary).to_have_text("1 berita serupa dari tribunnews.com")
    copy = hit.get_by_role(
        "link", name="Tinggalkan Indonesia, Veronica Koman Terdeteksi Berada di Australia"
    )
    expect(copy).to_be_hidden()
    summary.click()
    expect(copy).to_be_visible()
    assert violations(page) == []
    copy.click()
    page.wait_for_url("**/articles/clickid-001726?q=veronica+koman+australia")
    expect(page.locator("article .meta .author")).to_have_text("Penulis: Reza Deni")
    assert violations(page) == []
