"""The postings cache: what it keeps when full, and what it lets go first."""

from __future__ import annotations

import pytest
from whoosh import query as Q
from whoosh.scoring import BM25F

from search.engine import SearchEngine
from search.evaluation.posting_cache import PostingCache

# Conditions matched with Whoosh's matcher; each of 3 or 4 articles of the fixture corpus.
BANJIR, JAKARTA, WARGA = (Q.Term("body", word) for word in ("banjir", "jakarta", "warga"))


@pytest.fixture
def searcher(index_dir):
    engine = SearchEngine(index_dir, cache_size=0)
    yield engine.searcher()
    engine.close()


def matched_bytes(searcher, *conditions) -> int:
    return sum(len(list(searcher.docs_for_query(c))) * 8 for c in conditions)


def test_a_condition_looked_up_again_is_kept_before_one_that_was_not(searcher):
    budget = matched_bytes(searcher, BANJIR, JAKARTA, WARGA) - 1
    cache = PostingCache(searcher, BM25F(), matched_max_bytes=budget)
    cache.docs(searcher, BANJIR)
    cache.docs(searcher, JAKARTA)
    assert cache.known_docs(BANJIR).tolist() == sorted(searcher.docs_for_query(BANJIR))

    cache.docs(searcher, WARGA)

    assert cache.known_docs(JAKARTA) is None
    assert cache.known_docs(BANJIR) is not None
    assert cache.known_docs(WARGA) is not None


def test_decoding_terms_never_pushes_matched_conditions_out(searcher):
    budget = matched_bytes(searcher, BANJIR)
    cache = PostingCache(searcher, BM25F(), max_bytes=32, matched_max_bytes=budget)
    cache.docs(searcher, BANJIR)

    for word in ("banjir", "jakarta", "warga", "hujan", "pagi"):
        cache.postings(searcher, "body", word)

    assert cache.known_docs(BANJIR) is not None
    assert cache.cached_terms() == [("body", "pagi")]
    assert cache.nbytes == budget + 2 * 16
