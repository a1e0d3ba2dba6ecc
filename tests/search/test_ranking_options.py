"""Ranking options measured by the relevance harness: their exact scores.

idf-weighted coordination (``Ranking.coordination_idf``), Lucene's idf
(``Ranking.idf``) and BM25+'s floor (``Ranking.delta``), each against the
formula it stands for.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from whoosh import query as Q

from search.engine import SearchEngine
from search.evaluation.posting_cache import PostingCache
from search.evaluation.proximity import passage
from search.evaluation.ranking import Ranking, Weighting
from search.evaluation.vectorized import Matches
from search.language.matching import MinimumMatch, at_least, part_weight


def test_idf_coordination_weighs_each_part_by_how_few_articles_it_matches():
    rare = Matches(np.array([0, 9]), np.array([4.0, 3.0]))
    common = Matches(np.arange(8), np.full(8, 1.0))
    words = [Q.Term("body", "rare"), Q.Term("body", "common")]
    ids, scores = at_least(MinimumMatch(words, 1, by_idf=True), [rare, common], 10)
    w_rare = math.log(1 + 8.5 / 2.5)
    w_common = math.log(1 + 2.5 / 8.5)
    assert part_weight(2, 10) == w_rare
    assert ids.tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 9]
    share_rare, share_common = w_rare / (w_rare + w_common), w_common / (w_rare + w_common)
    assert scores.tolist() == pytest.approx([5.0] + [share_common] * 7 + [3.0 * share_rare])
    # By count, as before: a half each.
    _, counted = at_least(MinimumMatch(words, 1), [rare, common], 10)
    assert counted.tolist() == [5.0] + [0.5] * 7 + [1.5]


@pytest.fixture
def searcher(index_dir):
    engine = SearchEngine(index_dir, cache_size=0)
    yield engine.searcher()
    engine.close()


def impacts(searcher, weighting, word="banjir"):
    return PostingCache(searcher, weighting).postings(searcher, "body", word)


def test_lucenes_idf_and_bm25_plus_change_only_the_idf_and_the_floor(searcher):
    n = searcher.doc_count_all()
    df = searcher.doc_frequency("body", "banjir")
    whoosh = impacts(searcher, Ranking().weighting())
    lucene = impacts(searcher, Ranking(idf="lucene").weighting())
    plus = impacts(searcher, Ranking(delta=1.0).weighting())
    assert isinstance(Ranking().weighting(), Weighting)
    assert len(whoosh.ids) == df > 0
    assert lucene.ids.tolist() == whoosh.ids.tolist() == plus.ids.tolist()
    idf_whoosh = math.log(n / (df + 1)) + 1
    idf_lucene = math.log(1 + (n - df + 0.5) / (df + 0.5))
    assert (lucene.impacts / whoosh.impacts).tolist() == pytest.approx(
        [idf_lucene / idf_whoosh] * df
    )
    assert (plus.impacts - whoosh.impacts).tolist() == pytest.approx([idf_whoosh] * df)


def test_the_best_passage_scores_the_window_where_the_terms_stand_together():
    rows = [[(0, np.array([0, 100, 101])), (1, np.array([102]))], []]
    # Windows of 10 words every 5: [95, 105) and [100, 110) hold 100, 101 and 102.
    best = 1.0 * 2 * 2 / (2 + 1) + 2.0 * 1 * 2 / (1 + 1)
    assert passage(rows, np.array([1.0, 2.0]), 1.0, 10).tolist() == pytest.approx([best, 0.0])
