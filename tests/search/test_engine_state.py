"""Searchers kept open across searches, refreshed on change; results cached per index state."""

import json
import threading

import pytest

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest
from search.state.cache import Lru, ResultCache
from tests.conftest import ARTICLES


@pytest.fixture
def store(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store, procs=1)
    return store


def ids(engine, text):
    return [hit.id for hit in engine.search(SearchRequest(text)).hits]


def test_the_searcher_is_reused_while_nothing_changes(store):
    engine = SearchEngine(store.root)
    first = engine.searcher()
    assert engine.searcher() is first
    engine.close()
    assert first.is_closed
    assert engine.searcher() is not first
    engine.close()


def test_each_thread_has_its_own_searcher(store):
    engine = SearchEngine(store.root)
    mine = engine.searcher()
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(engine.searcher()))
    thread.start()
    thread.join()
    assert theirs[0] is not mine
    engine.close()
    assert theirs[0].is_closed and mine.is_closed


def test_a_repeated_search_is_served_from_the_cache(store):
    engine = SearchEngine(store.root)
    first = engine.search(SearchRequest("banjir  jakarta"))
    again = engine.search(SearchRequest(" banjir jakarta "))
    assert (engine.results.misses, engine.results.hits) == (1, 1)
    assert again.query == " banjir jakarta "
    assert again.hits == first.hits and (again.total, again.full) == (first.total, first.full)
    assert (first.total, first.full) == (5, 2)  # two with both words, then three with one
    engine.close()


def test_a_new_generation_is_seen_at_once_and_empties_the_cache(store, tmp_path):
    engine = SearchEngine(store.root)
    assert ids(engine, "palu") == []
    extra = tmp_path / "extra.jsonl"
    article = {"id": "gempa-palu", "title": "Gempa di Palu", "body": "Gempa mengguncang Palu."}
    extra.write_text(json.dumps(article) + "\n", encoding="utf-8")
    build([ARTICLES, extra], store, procs=1)
    assert ids(engine, "palu") == ["gempa-palu"]
    assert len(engine.results) == 1
    engine.close()


def test_a_commit_into_the_live_generation_is_seen(store):
    from whoosh import index as whoosh_index

    engine = SearchEngine(store.root)
    assert ids(engine, "palu") == []
    ix = whoosh_index.open_dir(str(store.current()))
    with ix.writer() as writer:
        writer.add_document(id="gempa-palu", title="Gempa di Palu", body="Gempa mengguncang Palu.")
    ix.close()
    assert ids(engine, "palu") == ["gempa-palu"]
    engine.close()


def test_the_cache_is_bounded_least_recently_used_first():
    cache = ResultCache(size=2)
    cache.put("g1", "a", 1)
    cache.put("g1", "b", 2)
    assert cache.get("g1", "a") == 1
    cache.put("g1", "c", 3)
    assert (cache.get("g1", "a"), cache.get("g1", "b"), cache.get("g1", "c")) == (1, None, 3)
    assert cache.get("g2", "a") is None
    assert len(cache) == 0


def test_a_zero_size_cache_keeps_nothing():
    cache = ResultCache(size=0)
    cache.put("g1", "a", 1)
    assert cache.get("g1", "a") is None


def test_the_lru_drops_the_least_recently_used_first():
    kept: Lru[str] = Lru(2)
    kept.put("a", "A")
    kept.put("b", "B")
    assert kept.get("a") == "A"  # now b is the least recently used
    kept.put("c", "C")
    assert (list(kept), kept.get("b"), kept.weight) == (["a", "c"], None, 2)
    assert kept.get_or_make("a", lambda: "never") == "A"
    assert kept.get_or_make("d", lambda: "D") == "D"
    assert kept.items() == [("a", "A"), ("d", "D")]


def test_the_lru_weighs_its_values_and_keeps_the_last_whatever_it_weighs():
    kept: Lru[bytes] = Lru(10, weigh=len)
    kept.put("a", b"1234")
    kept.put("b", b"123456")
    assert (list(kept), kept.weight) == (["a", "b"], 10)
    kept.put("c", b"12")
    assert (list(kept), kept.weight) == (["b", "c"], 8)
    kept.put("big", b"x" * 20)
    assert (list(kept), kept.weight) == (["big"], 20)
    kept.put("big", b"x")  # replaced: its weight too
    assert (list(kept), kept.weight) == (["big"], 1)


def test_a_zero_size_lru_keeps_nothing_and_a_none_value_is_kept():
    nothing: Lru[int] = Lru(0)
    assert nothing.get_or_make("a", lambda: 1) == 1
    nothing.put("b", 2)
    assert (len(nothing), nothing.get("a")) == (0, None)
    made = []
    kept: Lru[None] = Lru(2)
    for _ in range(2):
        assert kept.get_or_make("absent", lambda: made.append(1)) is None
    assert ("absent" in kept, made) == (True, [1])
