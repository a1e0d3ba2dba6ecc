"""Pseudo-relevance feedback (``search/evaluation/feedback.py``): the relevance model
over the first matches, and that it is off unless a query is long enough."""

import json

import numpy as np
import pytest

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.evaluation.feedback import expand, relevance_model
from search.evaluation.ranking import Ranking
from search.evaluation.vectorized import Matches

ARTICLES = [
    ("a", "Satu", "gempa tsunami"),
    ("b", "Dua", "gempa banjir banjir banjir yang"),
    ("c", "Tiga", "longsor"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feedback")
    source = folder / "articles.jsonl"
    lines = [json.dumps({"id": i, "title": t, "body": b}) for i, t, b in ARTICLES]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build([source], IndexStore(folder / "index"), procs=1)
    return SearchEngine(folder / "index")


def test_the_relevance_model_weighs_terms_by_their_share_of_each_match(engine):
    evaluator = engine.evaluator()
    searcher = evaluator.searcher
    number = {searcher.stored_fields(n)["id"]: n for n in range(searcher.doc_count_all())}
    docs = np.array(sorted([number["a"], number["b"]]))
    # Equal scores: gempa 1/2·1/2 + 1/2·1/5, banjir 1/2·3/5, tsunami 1/2·1/2 (``yang``
    # is a common word, counted in the length, never a term); the two heaviest, summing to 1.
    model = relevance_model(evaluator, docs, np.array([1.0, 1.0]), terms=2)
    assert model == pytest.approx({"gempa": 0.35 / 0.65, "banjir": 0.3 / 0.65})


def test_feedback_is_off_for_queries_shorter_than_asked(engine):
    evaluator = engine.evaluator()
    found = Matches(np.array([0, 1]), np.array([2.0, 1.0]))
    same = expand(evaluator, found, "gempa banjir", Ranking(feedback_words=3))
    assert (same.ids.tolist(), same.scores.tolist()) == ([0, 1], [2.0, 1.0])
