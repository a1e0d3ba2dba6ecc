"""An update's same-URL check reads ``url_key``'s column (``index/urls.py``), not a term."""

from __future__ import annotations

import json

import pytest
from whoosh import index as whoosh_index

from index import urls
from index.ids import NO_URL_KEY, url_key
from index.store import IndexStore
from index.writer import build, delete, update


def jsonl(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def record(n: int, url: str = "") -> dict:
    return {"id": f"a{n}", "title": f"Judul {n}", "body": f"Isi berita nomor {n}.", "url": url}


def test_the_key_is_stable_and_never_the_missing_value():
    assert url_key("https://x.id/a") == 0x9CE9DBC9102EC364
    assert url_key("https://x.id/a") != url_key("https://x.id/a/")
    assert all(url_key(f"https://x.id/{n}") != NO_URL_KEY for n in range(1000))


@pytest.fixture
def store(tmp_path):
    store = IndexStore(tmp_path / "index")
    build(
        [
            jsonl(
                tmp_path / "a.jsonl",
                record(1, "https://x.id/1"),
                record(2),
                record(3, "https://x.id/3"),
            )
        ],
        store,
        procs=1,
    )
    return store


def found(store, url: str) -> str | None:
    ix = whoosh_index.open_dir(str(store.current()))
    with ix.searcher() as searcher:
        fields = urls.IndexedUrls(searcher).document(url)
    ix.close()
    return None if fields is None else fields["id"]


def test_a_url_is_found_by_its_key_and_compared_as_stored(store):
    assert [found(store, u) for u in ("https://x.id/1", "https://x.id/3", "")] == ["a1", "a3", None]
    assert found(store, "https://x.id/2") is None
    assert found(store, "https://X.id/1") is None  # as given, not canonical


def test_urls_sharing_a_key_are_told_apart_by_the_stored_url(tmp_path, monkeypatch):
    monkeypatch.setattr(urls, "url_key", lambda url: 7)
    monkeypatch.setattr("index.writer.url_key", lambda url: 7)
    store = IndexStore(tmp_path / "index")
    records = [
        record(1, "https://x.id/1"),
        record(2, "https://x.id/2"),
        record(3, "https://x.id/2"),
    ]
    build([jsonl(tmp_path / "a.jsonl", *records)], store, procs=1)
    assert found(store, "https://x.id/2") == "a2"  # the first in document order
    assert found(store, "https://x.id/1") == "a1"
    assert found(store, "https://x.id/9") is None


def test_a_deleted_article_s_url_is_not_found_and_an_update_takes_it(store, tmp_path):
    delete(["a1"], store)
    assert found(store, "https://x.id/1") is None
    report = update([jsonl(tmp_path / "b.jsonl", record(9, "https://x.id/1"))], store)
    assert (report.added, report.duplicates) == (1, [])
    assert found(store, "https://x.id/1") == "a9"


def test_an_update_reports_a_url_already_indexed_under_another_id(store, tmp_path):
    report = update(
        [jsonl(tmp_path / "b.jsonl", record(8, "https://x.id/3"), record(9, "https://x.id/9"))],
        store,
    )
    assert report.added == 1
    assert [str(d) for d in report.duplicates] == [
        f"{tmp_path / 'b.jsonl'}:1: same URL as 'a3' (in the index), not indexed"
    ]
