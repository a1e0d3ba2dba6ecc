"""Title suggestions found in memory (search/state/titles.py): exact titles, newest first."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from index.analysis import indonesian_analyzer
from index.store import IndexStore
from index.writer import build, delete
from search.engine import SearchEngine
from search.state import titles as titles_module
from search.state.titles import Titles


def day(n: int) -> datetime:
    return datetime(2019, 9, n, 8, 0)


ARTICLES = [
    ("Banjir Rendam Jakarta Utara", "a1", day(3)),
    ("Banjir Jakarta Surut", "a2", day(5)),
    ("banjir  jakarta surut", "a3", day(7)),  # the same title, newer: shown by a3
    ("Gempa Guncang Maluku", "a4", day(6)),
    ("Jakarta Macet Lagi", "a5", None),
    ("", "a6", day(9)),  # no title: never suggested
]


@pytest.fixture(scope="module")
def titles() -> Titles:
    return Titles.from_articles(ARTICLES, indonesian_analyzer())


def test_distinct_titles_newest_first_each_shown_by_its_newest_article(titles):
    assert list(zip(titles.titles, titles.ids, strict=True)) == [
        ("banjir  jakarta surut", "a3"),
        ("Gempa Guncang Maluku", "a4"),
        ("Banjir Rendam Jakarta Utara", "a1"),
        ("Jakarta Macet Lagi", "a5"),
    ]
    assert titles.postings["jakarta"].tolist() == [0, 2, 3]


@pytest.mark.parametrize(
    ("every", "one_of", "limit", "expected"),
    [
        (["banjir"], ["jakarta", "jalan"], 8, ["a3", "a1"]),
        ([], ["jakarta"], 8, ["a3", "a1", "a5"]),
        ([], ["jakarta"], 2, ["a3", "a1"]),
        ([], ["gempa", "macet"], 8, ["a4", "a5"]),
        (["banjir", "utara"], ["jakarta"], 8, ["a1"]),
        (["banjir", "tsunami"], ["jakarta"], 8, []),  # a word no title holds
        (["banjir"], ["tsunami"], 8, []),
        (["banjir"], ["jakarta"], 0, []),
    ],
)
def test_find_titles_holding_every_word_and_one_completion(titles, every, one_of, limit, expected):
    assert [aid for _, aid in titles.find(every, one_of, limit)] == expected


def test_find_walks_past_a_chunk_and_stops_at_the_limit(monkeypatch):
    monkeypatch.setattr(titles_module, "CHUNK", 2)
    rows = [(f"Kabar Kota Nomor {n}", f"k{n}", day(1 + n)) for n in range(7)]
    rows += [(f"Kabar Desa Nomor {n}", f"d{n}", day(10 + n)) for n in range(7)]
    titles = Titles.from_articles(rows, indonesian_analyzer())
    # "kabar" is the list walked (14 titles, the 7 of "desa" newest); "kota" is in the older half.
    found = titles.find(["kabar", "nomor"], ["kota"], 3)
    assert [aid for _, aid in found] == ["k6", "k5", "k4"]
    assert [aid for _, aid in titles.find(["kabar"], ["desa", "kota"], 9)] == [
        *[f"d{n}" for n in range(6, -1, -1)],
        "k6",
        "k5",
    ]


def test_a_deleted_article_is_not_offered_while_the_titles_are_being_rebuilt(tmp_path):
    source = tmp_path / "articles.jsonl"
    rows = [
        {"id": aid, "title": title, "body": f"Isi berita {aid}.", "date": f"2019-09-0{n + 1}"}
        for n, (title, aid, _) in enumerate(ARTICLES[:2])
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    store = IndexStore(tmp_path / "index")
    build([source], store)
    engine = SearchEngine(store.root)
    try:
        titled = [(s.text, s.id) for s in engine.suggest("banjir jak") if s.kind == "title"]
        assert titled == [("Banjir Jakarta Surut", "a2"), ("Banjir Rendam Jakarta Utara", "a1")]
        delete(["a2"], store)
        # The titles of the version before are served while new ones are read aside.
        titled = [(s.text, s.id) for s in engine.suggest("banjir jak") if s.kind == "title"]
        assert titled == [("Banjir Rendam Jakarta Utara", "a1")]
        assert engine.aside is not None
        engine.aside.join()
        assert [s.id for s in engine.suggest("banjir jaka") if s.kind == "title"] == ["a1"]
    finally:
        engine.close()
