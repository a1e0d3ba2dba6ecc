"""Where the query's words stand in the body (``search/evaluation/proximity.py``) and
partial matches below too few full ones (``Ranking.fill``).

A tiny corpus whose first bodies are the same length and hold the same words,
once each, so that BM25 scores them alike and only where the words stand tells them
apart. Exact ids in exact order.
"""

import json

import numpy as np
import pytest

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.evaluation.proximity import held, query_terms
from search.evaluation.ranking import Ranking
from search.language.request import SearchRequest

FILLER = "lorem ipsum dolor sit amet consectetur adipiscing elit sed eiusmod tempor"
ARTICLES = [
    # gempa ... maluku far apart in the body (the title holds them side by side)
    ("jauh", "Gempa Maluku", f"gempa {FILLER} maluku"),
    ("dekat", "Kabar Pagi", f"{FILLER} gempa maluku"),
    ("awal", "Kabar Siang", f"gempa maluku {FILLER}"),
    ("gempa-saja", "Kabar Sore", f"gempa {FILLER} lagi"),
    ("maluku-saja", "Kabar Malam", f"maluku {FILLER} lagi"),
    # Articles without the words, so that they are rare (a positive idf).
    *((f"lain-{n}", f"Berita {n}", f"banjir {FILLER} {n}") for n in range(20)),
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("proximity")
    source = folder / "articles.jsonl"
    lines = [json.dumps({"id": i, "title": t, "body": b}) for i, t, b in ARTICLES]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build([source], IndexStore(folder / "index"), procs=1)
    return folder / "index"


def ids(folder, text, **ranking):
    """The ids shown, the partial matches after a ``|``, and whether relaxed."""
    engine = SearchEngine(folder, ranking=Ranking(recency=0, **ranking))
    found = engine.search(SearchRequest(text))
    full = [hit.id for hit in found.hits if not hit.partial]
    assert [hit.id for hit in found.hits[: len(full)]] == full
    partial = [hit.id for hit in found.hits if hit.partial]
    return [*full, "|", *partial] if partial else full, found.relaxed


# The two articles with one of the words follow the three with both (fewer than ten).
PARTIAL = ["|", "gempa-saja", "maluku-saja"]


def test_question_words_are_not_terms(folder):
    searcher = SearchEngine(folder).searcher()
    assert query_terms(searcher, "Dimanakah gempa Maluku?") == ["gempa", "maluku"]
    # "di manakah" asks; "di" elsewhere is a word; a repeated word counts once.
    assert query_terms(searcher, "di manakah gempa di maluku gempa") == ["gempa", "di", "maluku"]


def test_positions_are_counted_from_the_body_and_the_title_left_out(folder):
    engine = SearchEngine(folder)
    searcher = engine.searcher()
    number = {searcher.stored_fields(n)["id"]: n for n in range(searcher.doc_count_all())}
    titles = engine.evaluator(searcher).postings.field_lengths(searcher, "title")
    docs = np.array(sorted(number[name] for name in ("jauh", "dekat")))
    rows = held(searcher, ["gempa", "maluku"], docs, titles)
    found = {
        searcher.stored_fields(int(doc))["id"]: [(j, pos.tolist()) for j, pos in row]
        for doc, row in zip(docs, rows, strict=True)
    }
    assert found == {"jauh": [(0, [0]), (1, [12])], "dekat": [(0, [11]), (1, [12])]}


def test_without_the_bonuses_equal_bodies_tie(folder):
    # Title x3 puts "jauh" first; the others tie and keep the index's order.
    assert ids(folder, "gempa maluku") == (["jauh", "dekat", "awal", *PARTIAL], True)


def test_words_close_together_rank_above_words_apart(folder):
    assert ids(folder, "gempa maluku", field_boosts={"body": 1.0}, proximity=1.0) == (
        ["dekat", "awal", "jauh", *PARTIAL],
        True,
    )


def test_words_in_the_lead_rank_above_words_further_on(folder):
    assert ids(folder, "gempa maluku", field_boosts={"body": 1.0}, lead=1.0, lead_words=5) == (
        ["awal", "jauh", "dekat", *PARTIAL],
        True,
    )


def test_partial_matches_fill_below_too_few_full_ones(folder):
    assert ids(folder, "gempa maluku", fill=4) == (["jauh", "dekat", "awal", *PARTIAL], True)
    assert ids(folder, "gempa maluku", fill=3) == (["jauh", "dekat", "awal"], False)
    assert ids(folder, "gempa maluku", fill=0) == (["jauh", "dekat", "awal"], False)


def test_a_bonus_never_lifts_a_partial_match_above_a_full_one(folder):
    # The lead's bonus (x4, first word) scores "gempa-saja" 7.56 against 5.22 for
    # "dekat", which has both words further on: it still comes after every full match.
    engine = SearchEngine(
        folder, ranking=Ranking(recency=0, field_boosts={"body": 1.0}, lead=4.0, lead_words=1)
    )
    found = engine.search(SearchRequest("gempa maluku"))
    shown = [(hit.id, hit.partial) for hit in found.hits]
    assert shown == [
        ("jauh", False),
        ("awal", False),
        ("dekat", False),
        ("gempa-saja", True),
        ("maluku-saja", True),
    ]
    assert found.hits[3].score > found.hits[2].score
