"""The author, a field added by a row of ``index/fields.py``: read from the input's ``author``,
stored, in every hit and article of the JSON, searched with ``penulis:`` (or ``author:``),
compared by an update."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest

from index.store import IndexStore
from index.writer import build, update
from search import cli as search_cli
from web import create_app

RECORDS = [
    {
        "id": "banjir-1",
        "title": "Banjir Rendam Jakarta Utara",
        "body": "Hujan deras sejak pagi membuat banjir merendam ratusan rumah.",
        "author": "  Budi   Santoso ",
        "source": "kompas.com",
    },
    {
        "id": "banjir-2",
        "title": "Banjir Lagi di Bekasi",
        "body": "Sungai meluap dan membanjiri permukiman warga Bekasi.",
        "author": "Siti Rahma",
        "source": "detik.com",
    },
    {
        "id": "gempa-1",
        "title": "Gempa Guncang Maluku",
        "body": "Gempa berkekuatan 6,5 mengguncang Maluku, ditulis oleh santoso.",
        "source": "detik.com",
    },
]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path) -> Path:
    build([write_jsonl(tmp_path / "news.jsonl", RECORDS)], IndexStore(tmp_path / "ix"))
    return tmp_path / "ix"


def get(root: Path, url: str, **params) -> dict:
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    response = client.get(url, query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def hits(root: Path, q: str) -> list[tuple[str, str]]:
    return [(hit["id"], hit["author"]) for hit in get(root, "/api/search", q=q)["hits"]]


def test_hits_and_articles_carry_the_author(root):
    assert hits(root, "banjir") == [("banjir-1", "Budi Santoso"), ("banjir-2", "Siti Rahma")]
    assert hits(root, "gempa") == [("gempa-1", "")]
    assert get(root, "/api/articles/banjir-1")["author"] == "Budi Santoso"


def test_a_feed_entry_names_the_author_else_the_outlet(root):
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    feed = feedparser.parse(client.get("/feed", query_string={"q": "banjir OR gempa"}).data)
    assert [(e.id.rpartition("/")[2], e.author) for e in feed.entries] == [
        ("gempa-1", "detik.com"),
        ("banjir-1", "Budi Santoso"),
        ("banjir-2", "Siti Rahma"),
    ]


def test_penulis_searches_the_author_only(root):
    assert hits(root, "penulis:santoso") == [("banjir-1", "Budi Santoso")]
    assert hits(root, 'penulis:"budi santoso"') == [("banjir-1", "Budi Santoso")]
    assert hits(root, "penulis:(santoso OR rahma)") == [
        ("banjir-1", "Budi Santoso"),
        ("banjir-2", "Siti Rahma"),
    ]
    assert hits(root, "author:siti") == [("banjir-2", "Siti Rahma")]
    assert hits(root, "banjir -penulis:siti") == [("banjir-1", "Budi Santoso")]
    assert hits(root, "penulis:rahmat") == []
    assert hits(root, "santoso") == [("gempa-1", "")]  # the words typed search title and body


def test_an_update_replaces_an_article_whose_author_changed(root, tmp_path):
    changed = [{**RECORDS[1], "author": "Siti Rahmawati"}, RECORDS[2]]
    report = update([write_jsonl(tmp_path / "later.jsonl", changed)], IndexStore(root))
    assert (report.replaced, report.unchanged, report.added) == (1, 1, 0)
    assert hits(root, "penulis:rahmawati") == [("banjir-2", "Siti Rahmawati")]


def test_a_csv_column_gives_the_author(tmp_path):
    csv = tmp_path / "news.csv"
    csv.write_text("id,title,body,author\nc1,Judul,Isi berita banjir.,Andi Wijaya\n", "utf-8")
    build([csv], IndexStore(tmp_path / "ix"))
    assert hits(tmp_path / "ix", "penulis:wijaya") == [("c1", "Andi Wijaya")]


def page(root: Path, url: str, **params) -> str:
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    response = client.get(url, query_string=params)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_results_and_the_article_page_name_the_author_where_known(root):
    results = page(root, "/", q="banjir OR gempa", sort="newest")
    assert re.findall(r'<span class="(?:source|author)">([^<]+)</span>', results) == [
        "detik.com",
        "kompas.com",
        "Penulis: Budi Santoso",
        "detik.com",
        "Penulis: Siti Rahma",
    ]
    article = page(root, "/articles/banjir-2")
    assert article.count('<span class="author">Penulis: Siti Rahma</span>') == 1
    assert 'class="author"' not in page(root, "/articles/gempa-1").split('class="related"')[0]


def test_the_cli_names_the_author_where_known(root, capsys):
    assert search_cli.main(["banjir OR gempa", "--index-dir", str(root), "--sort", "newest"]) == 0
    meta = [line for line in capsys.readouterr().out.splitlines() if ".com" in line]
    assert meta == [
        "   detik.com",  # no date, no author: nothing after the outlet
        "   kompas.com · Penulis: Budi Santoso",
        "   detik.com · Penulis: Siti Rahma",
    ]
