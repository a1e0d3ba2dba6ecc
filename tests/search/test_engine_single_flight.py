"""Values read from the whole index are built by one thread at a time, once per version.

After an index switch every serving thread would otherwise rebuild them at
once (the vocabulary takes seconds on the full corpus) and the server stalls.
"""

import json
import threading

from index.store import IndexStore
from index.writer import build, update
from search.engine import SearchEngine
from search.state.version import PerVersion


def write(path, articles) -> None:
    path.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")


def test_one_build_while_others_wait(index_dir):
    engine = SearchEngine(index_dir)
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow_build(_searcher):
        calls.append(1)
        started.set()
        release.wait(5)
        return "built"

    value = PerVersion(slow_build)
    results = []

    def get() -> None:
        searcher = engine.searcher()
        results.append(value.get(searcher, engine.searchers.generation_key(searcher)))

    threads = [threading.Thread(target=get) for _ in range(4)]
    for thread in threads:
        thread.start()
    assert started.wait(5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert (calls, results) == ([1], ["built"] * 4)
    engine.close()


def test_stale_value_served_while_one_thread_rebuilds(index_dir):
    engine = SearchEngine(index_dir)
    searcher = engine.searcher()
    key = engine.searchers.generation_key(searcher)
    asides: list[threading.Thread] = []
    value = PerVersion(lambda s: "old", aside=IndexStore(index_dir), started=asides.append)
    assert value.get(searcher, key) == "old"
    value.keep(("an older generation", 0), "old")
    started, release = threading.Event(), threading.Event()

    def slow_build(_searcher):
        started.set()
        release.wait(5)
        return "new"

    value.build = slow_build
    assert value.get(searcher, key) == "old"  # the rebuild started aside
    assert started.wait(5)
    value.build = lambda s: "never"
    assert value.get(searcher, key) == "old"
    release.set()
    (aside,) = asides
    assert aside.name == "telusur-build-aside"
    aside.join(5)
    assert value.get(searcher, key) == "new"
    assert value.get(searcher, ("an older generation", 0)) == "new"  # no max_age: rebuilt
    aside, *_ = reversed(asides)
    aside.join(5)
    assert (len(asides), value.kept) == (2, "never")
    engine.close()


def test_the_state_of_a_version_is_built_once_and_anew_after_a_change(tmp_path):
    articles = [
        {"id": f"a{n}", "title": f"Banjir ke-{n}", "body": f"banjir melanda kampung nomor {n}"}
        for n in range(3)
    ]
    write(tmp_path / "articles.jsonl", articles)
    store = IndexStore(tmp_path / "index")
    build([tmp_path / "articles.jsonl"], store)
    engine = SearchEngine(store.root, cache_size=0)
    first = engine.version()
    assert engine.version() is first
    assert first.key == engine.searchers.generation_key(engine.searcher())
    write(tmp_path / "more.jsonl", [{"id": "baru", "title": "Baru", "body": "banjir baru"}])
    update([tmp_path / "more.jsonl"], store)
    second = engine.version()
    assert second is not first
    assert second.key == engine.searchers.generation_key(engine.searcher()) != first.key
    assert (first.columns.doc_count, second.columns.doc_count) == (3, 4)
    engine.close()
