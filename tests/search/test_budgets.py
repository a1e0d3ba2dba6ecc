"""Per-request budgets: did-you-mean and relaxed matching do a bounded amount of work.

Bounds are asserted by counting the work (vocabulary look-ups, counted
corrections, query parts), never by timing.
"""

from __future__ import annotations

import json

from whoosh import query as Q

from index.analysis import indonesian_analyzer
from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.query import MAX_RELAXED_PARTS, build_query
from search.language.request import SearchRequest
from search.presentation import spelling
from search.presentation.spelling import MAX_CORRECTED, MAX_OPTIONS, did_you_mean
from search.state.vocabulary import Vocabulary

WORDS = {
    "gempa": 10,
    "gempi": 9,
    "gempu": 8,
    "maluku": 4,
    "malu": 40,
    "jakarta": 70,
    "banjir": 30,
    "banjar": 20,
    "bandar": 5,
    "sungai": 12,
}


class Counted(Vocabulary):
    """A vocabulary that records the words it is asked candidates for."""

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__(counts)
        self.asked: list[str] = []
        looked_up = self.candidates

        def candidates(word: str, limit: int = 3) -> list[str]:
            self.asked.append(word)
            return looked_up(word, limit)

        self.candidates = candidates


def test_only_the_first_words_needing_a_correction_are_looked_up():
    vocabulary = Counted(WORDS)
    text = "gempx banjr malku sungay jakrta gempo"
    assert MAX_CORRECTED == 3
    counted = []

    def count(option: str) -> int:
        counted.append(option)
        return len(option)

    found = did_you_mean(text, vocabulary, indonesian_analyzer(), count)
    assert vocabulary.asked == ["gempx", "banjr", "malku"]
    assert found == "gempa banjir maluku sungay jakrta gempo"
    # Each looked-up word's options counted, at most MAX_OPTIONS of them.
    assert counted == [
        "gempa banjr malku sungay jakrta gempo",
        "gempi banjr malku sungay jakrta gempo",
        "gempu banjr malku sungay jakrta gempo",
        "gempa banjir malku sungay jakrta gempo",
        "gempa banjar malku sungay jakrta gempo",
        "gempa bandar malku sungay jakrta gempo",
        "gempa banjir malu sungay jakrta gempo",
        "gempa banjir maluku sungay jakrta gempo",
    ]
    assert len(counted) <= MAX_CORRECTED * MAX_OPTIONS


def test_a_long_query_of_typos_looks_up_as_few_words_as_a_short_one():
    vocabulary = Counted(WORDS)
    text = " ".join(f"gemp{letter}x" for letter in "bcdfghjklmnpqrstvwxyz" * 5)
    did_you_mean(text, vocabulary, indonesian_analyzer(), lambda option: 1)
    assert len(vocabulary.asked) == MAX_CORRECTED


def test_each_words_candidates_are_computed_once_per_vocabulary():
    vocabulary = Vocabulary(WORDS)
    for _ in range(3):
        did_you_mean("gempx banjr", vocabulary, indonesian_analyzer())
    info = vocabulary.candidates.cache_info()
    assert (info.misses, info.hits) == (2, 4)


def test_the_suggestions_time_budget_stops_counting(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(spelling.time, "monotonic", lambda: now[0])
    counted = []

    def count(option: str) -> int:
        counted.append(option)
        now[0] += spelling.BUDGET_SECONDS + 1  # this count spends the whole budget
        return 1

    vocabulary = Counted(WORDS)
    found = did_you_mean("gempx banjr", vocabulary, indonesian_analyzer(), count)
    assert counted == ["gempa banjr"]
    assert vocabulary.asked == ["gempx"]
    assert found == "gempa banjr"


def test_a_relaxed_query_keeps_a_bounded_number_of_parts(index_dir):
    searcher = SearchEngine(index_dir).searcher()
    words = [f"kata{n}" for n in range(MAX_RELAXED_PARTS + 8)]
    query, _ = build_query(" ".join(words), searcher.schema, relaxed=True)
    assert isinstance(query, Q.Or)
    assert len(query.subqueries) == MAX_RELAXED_PARTS
    assert query.subqueries[-1] == build_query(words[MAX_RELAXED_PARTS - 1], searcher.schema)[0]


FAMILIES = ["ka", "ro", "mi", "su", "te", "pu", "lo", "ni", "wa", "de"]


def test_a_search_of_many_typos_counts_a_bounded_number_of_queries(tmp_path, monkeypatch):
    # Ten families of three words one letter apart (kabol, kacol, kadol): the typo
    # ``kazol`` of each has three options, each counted with the rest of the query.
    articles = [
        {
            "id": f"{family}{letter}{n}",
            "title": f"{family}{letter}ol",
            "body": f"{family}{letter}ol nomor {n}",
        }
        for family in FAMILIES
        for letter in "bcd"
        for n in range(2)
    ]
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    build([source], IndexStore(tmp_path / "index"))
    engine = SearchEngine(tmp_path / "index", cache_size=0)
    asked = []
    query = SearchEngine.query

    def counted(self, searcher, request, *args, **kwargs):
        asked.append(kwargs.get("relaxed", False))
        return query(self, searcher, request, *args, **kwargs)

    monkeypatch.setattr(SearchEngine, "query", counted)
    engine.search(SearchRequest(" ".join(f"{family}zol" for family in FAMILIES)))
    # The query, its relaxed form, then MAX_OPTIONS counts for each of MAX_CORRECTED words.
    assert asked == [False, True] + [False] * (MAX_CORRECTED * MAX_OPTIONS)
    engine.close()
