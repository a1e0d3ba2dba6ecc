"""A term's BM25F impacts as numpy arrays, decoded once per index version.

Each term a query needs is decoded once per index version
(:mod:`index.codec.postings`) into two arrays (document numbers and BM25F
impacts) and kept in a memory-bounded LRU shared by the threads, so a query
only combines arrays (``search/evaluation/vectorized.py``). What is decoded from each
segment is kept across versions too (``search/state/carryover.py``), so a new
version decodes only what its new segments hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log
from typing import cast

import numpy as np
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from index.codec import columns
from index.codec.postings import deletions, segment_terms, term_weights
from index.codec.terms import segment_keys
from index.codec.whoosh_private import field_b
from search.state.cache import Lru
from search.state.carryover import SegmentPostings

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
# What the documents matched by phrases and prefixes may hold, besides the terms' postings.
MATCHED_MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Postings:
    """The documents holding a term (ascending, deleted ones left out) and its
    BM25F score in each (before the query's boost)."""

    ids: np.ndarray
    impacts: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.impacts.nbytes


EMPTY = Postings(np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))


class PostingCache:
    """BM25F impacts per term for one index version, and the documents that
    conditions (phrases, prefixes) match, each least recently used dropped once
    they hold more than ``max_bytes`` and ``matched_max_bytes``.

    The two are kept apart: a phrase's matches are costly to find again for
    a few kilobytes, a term's postings cheap to decode for many, so in one
    list the terms that queries decode would push out the phrases.

    Field lengths, idf and average lengths are the index's own (Whoosh's
    ``BM25F`` formula, field lengths as Whoosh stores them), so a score here
    is the score Whoosh would give.
    """

    def __init__(
        self,
        searcher: Searcher,
        weighting: BM25F,
        max_bytes: int = DEFAULT_MAX_BYTES,
        matched_max_bytes: int = MATCHED_MAX_BYTES,
        kept: SegmentPostings | None = None,
    ):
        """``kept``: the segments' postings shared with other versions (none: each
        version decodes its own)."""
        self.weighting, self.max_bytes = weighting, max_bytes
        self._deleted = deletions(searcher)
        self._segments = segment_terms(searcher)
        self._kept = None if kept is None else (kept, segment_keys(searcher))
        self._lengths: dict[str, np.ndarray] = {}
        # At least the last value is kept, whatever the budget.
        self._terms: Lru[Postings] = Lru(max(max_bytes, 1), weigh=_nbytes)
        self._matched: Lru[Postings] = Lru(max(matched_max_bytes, 1), weigh=_nbytes)

    @property
    def nbytes(self) -> int:
        return self._terms.weight + self._matched.weight

    def close_files(self) -> None:
        """Let go of the segments' mapped files; they are mapped again when needed."""
        for terms in self._segments:
            if terms is not None:
                terms.close()

    def cached_terms(self) -> list[tuple[str, str]]:
        """The ``(field, term)`` kept, the next to be let go first."""
        return cast("list[tuple[str, str]]", list(self._terms))  # kept by (field, term)

    def field_lengths(self, searcher: Searcher, field: str) -> np.ndarray:
        lengths = self._lengths.get(field)
        if lengths is None:
            lengths = self._lengths[field] = columns.field_lengths(searcher.reader(), field)
        return lengths

    def postings(self, searcher: Searcher, field: str, text: str) -> Postings:
        return self._terms.get_or_make((field, text), lambda: self._decode(searcher, field, text))

    def docs(self, searcher: Searcher, query) -> np.ndarray:
        """The live documents ``query`` matches, by Whoosh's own matcher (phrases,
        prefixes), kept apart from the terms' postings."""

        def match() -> Postings:
            ids = np.fromiter(searcher.docs_for_query(query), dtype=np.int64)
            ids.sort()
            return Postings(ids, EMPTY.impacts)

        return self._matched.get_or_make((query,), match).ids

    def kept(self, key: tuple, make):
        """What ``make()`` returns for ``key`` (anything with ``nbytes``), kept with
        the phrases' matches: what else is read from positions (``search/evaluation/pairs.py``)."""
        return self._matched.get_or_make(key, make)

    def known_docs(self, query) -> np.ndarray | None:
        """What :meth:`docs` keeps for ``query``, if it was asked before (a use, as
        :meth:`docs` is); None otherwise."""
        found = self._matched.get((query,))
        return None if found is None else found.ids

    def _decode(self, searcher: Searcher, field: str, text: str) -> Postings:
        if field not in searcher.schema:
            return EMPTY
        ids, tf, frequency = term_weights(
            searcher, field, text, self._deleted, self._segments, self._kept
        )
        if not len(ids):
            return EMPTY
        if not searcher.schema[field].scorable:
            return Postings(ids, tf)
        n = searcher.doc_count_all()
        if getattr(self.weighting, "idf_model", "whoosh") == "lucene":
            idf = log(1 + (n - frequency + 0.5) / (frequency + 0.5))
        else:
            idf = log(n / (frequency + 1)) + 1  # Whoosh's WeightingModel.idf
        avgfl = searcher.avg_field_length(field) or 1
        fl = self.field_lengths(searcher, field)[ids]
        k1 = self.weighting.K1
        b = field_b(self.weighting, field)
        saturated = (tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl))
        return Postings(ids, idf * (saturated + getattr(self.weighting, "delta", 0.0)))


def _nbytes(postings: Postings) -> int:
    return postings.nbytes
