"""Keeping the index fresh: update, delete, duplicates, rejects, one writer at a time."""

import json
import os
import threading

import pytest

from index.lock import WriterBusy
from index.store import IndexStore
from index.writer import NoIndex, build, delete, update
from search.engine import SearchEngine
from search.language.request import SearchRequest
from tests.conftest import ARTICLES


def jsonl(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def ids(engine, q):
    return [hit.id for hit in engine.search(SearchRequest(q=q, per_page=100)).hits]


@pytest.fixture
def store(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store)
    return store


def test_update_adds_replaces_and_leaves_the_unchanged(store, tmp_path):
    engine = SearchEngine(store.root)
    assert ids(engine, "gempa") == ["gempa-maluku"]
    changes = jsonl(
        tmp_path / "changes.jsonl",
        {"id": "gempa-maluku", "title": "Gempa Guncang Maluku", "body": "Gempa terasa di Ambon."},
        {"id": "gempa-baru", "title": "Gempa di Palu", "body": "Gempa kecil terasa di Palu."},
        json.loads(ARTICLES.read_text(encoding="utf-8").splitlines()[0]),  # unchanged
    )
    report = update([changes], store)
    assert report.counts() == {
        "added": 1,
        "replaced": 1,
        "unchanged": 1,
        "deleted": 0,
        "not_found": 0,
        "rejected": 0,
        "duplicates": 0,
        "superseded": 0,
    }
    assert report.articles == 14
    assert sorted(ids(engine, "gempa")) == ["gempa-baru", "gempa-maluku"]
    assert ids(engine, "ambon") == ["gempa-maluku"]
    assert ids(engine, "magnitudo") == []  # the old text is gone


def test_an_update_that_changes_nothing_publishes_nothing(store):
    live = store.current()
    report = update([ARTICLES], store)
    assert (report.added, report.replaced, report.unchanged) == (0, 0, 13)
    assert store.current() == live == report.generation


def test_duplicates_in_one_import_are_indexed_once_and_reported(store, tmp_path):
    source = jsonl(
        tmp_path / "dups.jsonl",
        {"id": "a", "url": "https://www.contoh.id/x/", "body": "Harga beras naik di Medan."},
        {"id": "b", "url": "http://contoh.id/x#komentar", "body": "Teks lain sama sekali."},
        {"id": "c", "body": "Harga  BERAS naik di Medan!"},
        {"id": "a", "url": "https://www.contoh.id/x/", "body": "Harga beras naik di Medan."},
        {"id": "a", "body": "Isi berbeda dengan id yang sama."},
        {"id": "d", "url": "https://contoh.sindonews.com/gempa", "body": "Salinan berita gempa."},
    )
    report = update([source], store)
    assert report.added == 1
    assert [str(d) for d in report.duplicates] == [
        f"{source}:2: same URL as 'a' ({source}:1), not indexed",
        f"{source}:3: same text as 'a' ({source}:1), not indexed",
        f"{source}:4: same id and text as 'a' ({source}:1), not indexed",
        f"{source}:6: same URL as 'gempa-maluku' (in the index), not indexed",
    ]
    assert report.rejects == []
    assert [str(s) for s in report.superseded] == [
        f"{source}:1: id 'a', the later record {source}:5 is kept instead"
    ]
    engine = SearchEngine(store.root)
    found = engine.article("a")
    engine.close()
    assert (found.body, found.url) == ("Isi berbeda dengan id yang sama.", "")


def test_delete_removes_by_id_and_reports_unknown_ids(store):
    engine = SearchEngine(store.root)
    report = delete(["gempa-maluku", "tidak-ada", "gempa-maluku"], store)
    assert (report.deleted, report.not_found, report.articles) == (1, ["tidak-ada"], 12)
    assert ids(engine, "gempa") == []
    with pytest.raises(NoIndex):
        delete(["x"], IndexStore(store.root.parent / "empty"))


def test_a_second_writer_waits_then_gives_up_cleanly(store, tmp_path):
    source = jsonl(tmp_path / "a.jsonl", {"id": "baru", "body": "Berita baru."})
    live = store.current()
    messages = []
    with store.writing(wait=0, command="build"), pytest.raises(WriterBusy) as busy:
        update([source], store, wait=0.2, notify=messages.append)
    assert messages == [
        f"the index is being written (build by process {os.getpid()} since {_since(store)});"
        " waiting up to 0.2 s"
    ]
    assert str(busy.value).startswith("the index is still being written (build by process ")
    assert str(busy.value).endswith(" after 0.2 s; nothing was changed, try again later")
    assert store.current() == live and store.generations() == [live]


def test_a_waiting_writer_goes_ahead_when_the_first_is_done(store, tmp_path):
    source = jsonl(tmp_path / "a.jsonl", {"id": "baru", "body": "Berita baru."})
    held, release = threading.Event(), threading.Event()

    def first_writer():
        with store.writing(wait=0, command="update"):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=first_writer)
    thread.start()
    held.wait(5)
    messages = []
    threading.Timer(0.3, release.set).start()
    report = update([source], store, wait=10, notify=messages.append)
    thread.join()
    assert len(messages) == 1 and report.added == 1


def _since(store):
    return json.loads((store.root / "WRITER.json").read_text())["since"]


def test_facets_count_an_updated_article_without_a_date(store, tmp_path):
    source = jsonl(tmp_path / "a.jsonl", {"id": "kilang", "source": "x.id", "body": "Kilang baru."})
    update([source], store)
    engine = SearchEngine(store.root)
    result = engine.search(SearchRequest(q="kilang", facets=("source", "month")))
    assert [hit.id for hit in result.hits] == ["kilang"]
    assert [(f.value, f.count) for f in result.facets["source"]] == [("x.id", 1)]
