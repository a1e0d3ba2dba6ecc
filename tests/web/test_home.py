"""The home page: the archive's size and span, its latest articles and its outlets, from the
live index, made again when the index changes (web/home.py)."""

from __future__ import annotations

import json
import re
import shutil

from index.store import IndexStore
from index.writer import build, update
from tests.conftest import ARTICLES
from web import create_app


def text_of(response) -> str:
    return response.get_data(as_text=True)


def latest_ids(page: str) -> list[str]:
    section = page.split('<section class="latest"')[1].split("</section>")[0]
    return re.findall(r'<h3 class="title"><a href="/articles/([^"?]+)">', section)


def outlets(page: str) -> list[tuple[str, str]]:
    section = page.split('<section class="outlets"')[1].split("</section>")[0]
    return re.findall(r'<a href="[^"]+">([^<]+)</a>\s*<span class="count">(\d+)', section)


def test_the_home_page_shows_the_latest_articles_and_the_outlets(client):
    page = text_of(client.get("/"))
    assert "13 artikel, terbit 5 Juli 2019 sampai 1 Oktober 2019." in page
    assert latest_ids(page) == [
        "musim-hujan",
        "bekasi-kebanjiran",
        "gempa-maluku",
        "hutan-riau",
        "menteri-anggaran",
        "timnas-menang",
    ]
    assert outlets(page) == [
        ("kompas.com", "2"),
        ("okezone.com", "2"),
        ("sindonews.com", "2"),
        ("tempo.co", "2"),
        ("fimela.com", "1"),
        ("posmetro-medan.com", "1"),
        ("tribunnews.com", "1"),
        ("wowkeren.com", "1"),
    ]
    assert '<a href="/?q=sumber:kompas.com&amp;sort=newest">kompas.com</a>' in page
    assert '<a href="/feed" type="application/atom+xml">Ikuti berita terbaru</a>' in page


def test_the_home_page_follows_the_index(tmp_path):
    root = tmp_path / "index"
    build([ARTICLES], IndexStore(root))
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    before = text_of(client.get("/"))
    assert latest_ids(before)[0] == "musim-hujan"
    fresh = tmp_path / "fresh.jsonl"
    records = [
        {
            "id": "baru",
            "title": "Berita Paling Baru",
            "body": "Isi berita paling baru.",
            "source": "contoh.id",
            "date": "2019-11-20",
        },
        {
            "id": "jauh",
            "title": "Salah Tanggal",
            "body": "Tanggalnya jauh di depan.",
            "source": "contoh.id",
            "date": "2999-01-01",
        },
    ]
    fresh.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    update([fresh], IndexStore(root))
    after = text_of(client.get("/"))
    assert latest_ids(after)[:2] == ["baru", "musim-hujan"]
    # The engine makes the new span aside and answers with the previous one meanwhile.
    engine = client.application.extensions["telusur.engine"]
    if engine.aside is not None:
        engine.aside.join()
    after = text_of(client.get("/"))
    assert "15 artikel, terbit 5 Juli 2019 sampai 20 November 2019." in after
    assert ("contoh.id", "2") in outlets(after)


def test_the_home_page_without_an_index(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert '<section class="latest"' not in text_of(response)
    shutil.rmtree(tmp_path, ignore_errors=True)
