"""Decoding the most used words' postings before a query asks for them.

A word's postings are decoded the first time a query needs them on an index
version (``search/evaluation/posting_cache.py``): for a common word that is most of the
query's time, since a common word has tens of thousands of postings at 10×.
Engines warm such caches when they open a new index version; here the words in
the most articles are decoded first, until a budget in bytes is spent. Words in
fewer than ``MIN_FREQUENCY`` articles are left to be decoded on demand: for them
the fixed cost of a term (~0.1 ms since the term tables are mapped,
``index/codec/terms.py``) outweighs the postings, so warming them buys
little per byte and second. The very common words, in most articles but in few
queries, come after the others.

The expressions of several words that query expansion adds (``joko widodo``
for ``jokowi``) are matched in order in the whole index once
(``search/evaluation/vectorized.py``, ``in_order``), which at 10× takes a few hundred
milliseconds each: the slowest part of a query's first sight.

The newest articles are split into words for snippets (``search/state/split.py``),
so that their first showing does not split them in every worker.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from whoosh.searching import Searcher

from index.analysis import stopwords
from search.evaluation.columns import Columns
from search.evaluation.vectorized import Evaluator
from search.language.query import in_order
from search.presentation.snippets import WordTerms
from search.state.split import SplitArticles, split_ahead
from search.state.vocabulary import field_frequencies

MIN_FREQUENCY = 500
# As much as the postings cache holds by default: words queries need later evict the least used.
DEFAULT_WARM_MB = 256
# The bundled corpus's articles take 42 MB (search/state/split.py); at 10× the newest sixth fits.
DEFAULT_WARM_ARTICLES_MB = 64


@dataclass(frozen=True)
class Warmed:
    """What a warm-up decoded, and how long it took."""

    terms: int
    postings: int
    bytes: int
    seconds: float
    phrases: int = 0
    articles: int = 0  # articles split into words for snippets (``search/state/split.py``)


def frequent_terms(reader, fields: Iterable[str], min_frequency: int) -> list[tuple[str, str]]:
    """``(field, term)`` in at least ``min_frequency`` articles, most articles first,
    the very common words (the stop-word list) after all the others.

    A query weighs those words lightly and seldom holds them, yet they are the
    longest lists: first by articles, they took 221 of the 256 MB of a 10× warm-up
    (187 of its 224 terms), and the words of headline queries were decoded on
    first sight instead (~6 ms of CPU a query, ``docs/performance.md``).
    """
    common = stopwords()
    found = [
        (text in common, -n, (field, text))
        for field in fields
        for text, n in field_frequencies(reader, field).items()
        if n >= min_frequency
    ]
    found.sort()
    return [key for _, _, key in found]


def warm(
    evaluator: Evaluator,
    fields: Iterable[str],
    max_bytes: int,
    min_frequency: int = MIN_FREQUENCY,
) -> Warmed:
    """Decode the postings of ``fields``' most used words into ``evaluator``'s cache,
    until they hold ``max_bytes`` (at most what the cache keeps for terms)."""
    started = time.perf_counter()
    cache, searcher = evaluator.postings, evaluator.searcher
    postings = spent = 0
    warmed = []
    max_bytes = min(max_bytes, cache.max_bytes)
    if max_bytes > 0:
        for field, text in frequent_terms(searcher.reader(), fields, min_frequency):
            if spent >= max_bytes:
                break
            decoded = cache.postings(searcher, field, text)
            warmed.append((field, text))
            postings, spent = postings + len(decoded.ids), spent + decoded.nbytes
    # Used again, least used word first: when queries' words fill the cache, it lets go of
    # the warmed words that are cheapest to decode again first, not of the most used
    # (at 10x they took a steady-state p99 from ~30 to 174 ms, run over run re-decoded).
    for field, text in reversed(warmed):
        cache.postings(searcher, field, text)
    return Warmed(len(warmed), postings, spent, time.perf_counter() - started)


def warm_phrases(evaluator: Evaluator, expressions: Iterable[str]) -> int:
    """Match the word order of each expression of several words (the condition
    ``search/language/query.py`` builds for it) in the whole index; how many there were."""
    searcher = evaluator.searcher
    matched = 0
    for text in expressions:
        condition = in_order(searcher.schema, text)
        if condition is not None:
            evaluator.postings.docs(searcher, condition.child)
            matched += 1
    return matched


def split_newest(
    searcher: Searcher, columns: Columns, words: WordTerms, max_bytes: int
) -> SplitArticles:
    """The words of the live articles, newest first (the ranking favours them, and
    so do readers of news), until they hold ``max_bytes``."""
    order = columns.live_ids[np.argsort(-columns.recency[columns.live_ids], kind="stable")]
    return split_ahead(
        order.tolist(),
        columns.doc_count,
        lambda docnum: searcher.stored_fields(docnum).get("body", ""),
        words,
        max_bytes,
    )
