"""Expensive pages bounded: related articles, suggestions, and what an index switch rebuilds.

Bounds are asserted by counting the work (text weighed, searches run, values
built and in which thread), never by timing.
"""

from __future__ import annotations

import json
import threading

import pytest
from whoosh import query as Q
from whoosh.searching import Searcher

from index.store import IndexStore
from index.writer import build, update
from search.engine import SearchEngine
from search.language.matching import content_text
from search.language.request import SearchRequest
from search.presentation.articles import SAMPLE_CHARS
from search.presentation.suggest import PREFIX_TERMS
from search.state.titles import Titles
from search.state.vocabulary import Vocabulary

LONG_BODY = " ".join(f"kata{n} banjir jakarta" for n in range(6000))


def write(path, articles) -> None:
    path.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")


@pytest.fixture
def store(tmp_path):
    articles = [
        {"id": "panjang", "title": "Banjir Panjang", "body": LONG_BODY, "date": "2019-09-01"},
        *(
            {
                "id": f"m{n}",
                "title": f"Banjir ma{chr(97 + n % 26)}{chr(97 + n // 26)}ri warga",
                "body": f"banjir jakarta warga ke-{n} ma{chr(97 + n % 26)}{chr(97 + n // 26)}ri",
                "date": "2019-09-02",
            }
            for n in range(60)
        ),
    ]
    write(tmp_path / "articles.jsonl", articles)
    store = IndexStore(tmp_path / "index")
    build([tmp_path / "articles.jsonl"], store)
    return store


@pytest.fixture
def weighed(monkeypatch):
    """The texts Whoosh is asked to find telling words in."""
    texts: list[str] = []
    real = Searcher.key_terms_from_text

    def recorded(self, fieldname, text, *args, **kwargs):
        texts.append(text)
        return real(self, fieldname, text, *args, **kwargs)

    monkeypatch.setattr(Searcher, "key_terms_from_text", recorded)
    return texts


def test_related_terms_come_from_a_capped_sample_once_per_version(store, weighed, tmp_path):
    assert len(LONG_BODY) > 2 * SAMPLE_CHARS
    engine = SearchEngine(store.root)
    first = engine.related("panjang")
    # The sample's words without the very common ones (search/language/matching.py: content_text).
    assert weighed == [content_text(f"Banjir Panjang\n{LONG_BODY[:SAMPLE_CHARS]}")]
    assert engine.related("panjang") == first
    assert len(weighed) == 1
    write(tmp_path / "more.jsonl", [{"id": "baru", "title": "Baru", "body": "banjir baru"}])
    update([tmp_path / "more.jsonl"], store)
    engine.related("panjang")
    assert len(weighed) == 2  # a new index version: weighed again
    engine.close()


@pytest.fixture
def searched(monkeypatch):
    """The queries Whoosh's own search is given."""
    queries: list[Q.Query] = []
    real = Searcher.search

    def recorded(self, query, *args, **kwargs):
        queries.append(query)
        return real(self, query, *args, **kwargs)

    monkeypatch.setattr(Searcher, "search", recorded)
    return queries


@pytest.fixture
def looked_up(monkeypatch):
    """The look-ups of titles (``search/state/titles.py``): words required, words one of."""
    asked: list[tuple[list[str], list[str], int]] = []
    real = Titles.find

    def recorded(self, every, one_of, limit):
        asked.append((list(every), list(one_of), limit))
        return real(self, every, one_of, limit)

    monkeypatch.setattr(Titles, "find", recorded)
    return asked


def test_titles_are_looked_for_among_a_bounded_number_of_words(store, searched, looked_up):
    engine = SearchEngine(store.root)
    found = engine.suggest("banjir ma")
    assert [s.kind for s in found][:1] == ["word"]
    assert searched == []  # found in memory, not by a Whoosh query
    [(every, one_of, limit)] = looked_up
    assert (every, limit) == (["banjir"], 4)
    # "ma" as typed and the most used of the 60 title words starting with it.
    assert len(one_of) == len(set(one_of)) == 1 + PREFIX_TERMS
    assert one_of[0] == "ma"
    engine.close()


def test_after_a_stop_word_two_letters_complete_words_only(store, searched):
    engine = SearchEngine(store.root)
    assert [s.kind for s in engine.suggest("yang ma")] == ["word"] * 8
    assert searched == []
    engine.close()


def test_suggestions_are_kept_per_text_and_version(store, looked_up):
    engine = SearchEngine(store.root)
    first = engine.suggest("banjir ma")
    assert engine.suggest("banjir ma") == first
    assert len(looked_up) == 1
    engine.close()


def test_after_a_switch_the_vocabulary_is_rebuilt_aside(store, tmp_path, monkeypatch):
    engine = SearchEngine(store.root, cache_size=0)
    old = engine.vocabulary()
    built_in: list[str] = []
    real = Vocabulary.from_reader.__func__
    asked = threading.Event()  # the build aside waits until the old words have answered

    def recorded(cls, reader, schema):
        built_in.append(threading.current_thread().name)
        assert asked.wait(30)
        return real(cls, reader, schema)

    monkeypatch.setattr(Vocabulary, "from_reader", classmethod(recorded))
    write(tmp_path / "more.jsonl", [{"id": "baru", "title": "Baru", "body": "banjir zebra"}])
    update([tmp_path / "more.jsonl"], store)
    # A stop word finds nothing and asks for a correction: the old words answer it.
    assert engine.search(SearchRequest("yang")).total == 0
    assert engine.vocabulary() is old
    asked.set()
    engine.aside.join()
    assert built_in == ["telusur-build-aside"]
    assert engine.vocabulary().frequency("zebra") == 1
    assert old.frequency("zebra") == 0
    engine.close()
