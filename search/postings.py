"""A term's postings as numpy arrays, decoded once per index version.

Whoosh reads a posting list block by block and steps through it one document
at a time in pure Python, on every query; for the words people search most
that is most of a query's time, and it grows with the corpus. Here each term
a query needs is decoded once per index version into two arrays (document
numbers and BM25F impacts) and kept in a memory-bounded LRU shared by the
threads, so a query only combines arrays (``search/evaluation/vectorized.py``). What is
decoded from each segment is kept across versions too (``search/state/carryover.py``),
so a new version decodes only what its new segments hold.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from math import log

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from search import columns
from search.segment_terms import SegmentTerms
from search.state.carryover import SegmentPostings, segment_keys

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


def _leaf_arrays(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of one segment's posting list.

    Whoosh's on-disk matcher is read a block at a time (its private block
    API, pinned with the Whoosh version); a short list inlined in the term
    table is read through the public matcher API.
    """
    ids, weights = [], []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_data()
            raw_ids, raw_weights = matcher._data[0], matcher._data[1]
            block = np.cumsum(np.asarray(raw_ids, dtype=np.int64))  # stored as deltas
            ids.append(block)
            if raw_weights is None or isinstance(raw_weights, float):
                weights.append(np.full(len(block), raw_weights or 1.0))
            else:
                weights.append(np.asarray(raw_weights, dtype=np.float64))
            matcher._next_block()
    else:
        found_ids, found_weights = [], []
        while matcher.is_active():
            found_ids.append(matcher.id())
            found_weights.append(matcher.weight())
            matcher.next()
        ids.append(np.asarray(found_ids, dtype=np.int64))
        weights.append(np.asarray(found_weights, dtype=np.float64))
    if not ids:
        return EMPTY.ids, EMPTY.impacts
    return np.concatenate(ids), np.concatenate(weights)


def deletions(searcher: Searcher) -> list[np.ndarray | None]:
    """Each segment's deleted document numbers (None: none), in ``leaf_readers`` order.

    Whoosh builds a new set of them every time it is asked.
    """
    return [
        np.fromiter(reader.deleted_docs_set, dtype=np.int64) if reader.has_deletions() else None
        for reader, _ in searcher.reader().leaf_readers()
    ]


def _segment_matcher(reader, field: str, btext: bytes):
    """``(document frequency, matcher over every posting, deleted ones too)`` of a
    term in one segment, or None.

    One term-table lookup: Whoosh's ``postings`` looks the term up again after
    ``term_info`` (its terms reader's private codec and file, pinned with the
    Whoosh version, as the block API above).
    """
    terms = reader._terms
    try:
        info = terms.term_info(field, btext)
    except TermNotFound:
        return None
    format_ = reader.schema[field].format
    matcher = terms._codec.postings_reader(terms._postfile, info, format_, term=(field, btext))
    return info.doc_frequency(), matcher


def segment_terms(searcher: Searcher) -> list[SegmentTerms | None]:
    """Each segment's mapped terms (None: read by Whoosh), in ``leaf_readers`` order."""
    return [SegmentTerms.of(reader) for reader, _ in searcher.reader().leaf_readers()]


def term_weights(
    searcher: Searcher,
    field: str,
    text: str,
    deleted: list[np.ndarray | None] | None = None,
    segments: list[SegmentTerms | None] | None = None,
    kept: tuple[SegmentPostings, list[tuple]] | None = None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """(document numbers, term frequencies) of ``field:text`` over every segment,
    deleted documents left out, and its document frequency as Whoosh counts it
    (deleted documents included, as in its idf). ``deleted`` (:func:`deletions`)
    and ``segments`` (:func:`segment_terms`) of ``searcher``, when the caller keeps them;
    ``kept``: each segment's postings kept across versions, and the segments' keys.
    """
    ids, weights, frequency = [], [], 0
    btext = searcher.schema[field].to_bytes(text)
    if deleted is None:
        deleted = deletions(searcher)
    if segments is None:
        segments = segment_terms(searcher)
    leaves = searcher.reader().leaf_readers()
    for n, ((reader, offset), gone, terms) in enumerate(
        zip(leaves, deleted, segments, strict=True)
    ):
        decode = functools.partial(_segment_postings, reader, terms, field, btext)
        found = decode() if kept is None else kept[0].get((kept[1][n], field, btext), decode)
        if found is None:
            continue
        frequency += found[0]
        local_ids, local_weights = found[1], found[2]
        if gone is not None:
            keep = ~np.isin(local_ids, gone)
            local_ids, local_weights = local_ids[keep], local_weights[keep]
        ids.append(np.add(local_ids, offset, dtype=np.int64))
        weights.append(local_weights)
    if not ids:
        return EMPTY.ids, EMPTY.impacts, 0
    return np.concatenate(ids), np.concatenate(weights), frequency


def _segment_postings(reader, terms: SegmentTerms | None, field: str, btext: bytes):
    """``(document frequency, document numbers, weights)`` of a term in one
    segment, deleted documents included, or None."""
    if terms is not None and terms.open():
        return terms.postings(field, btext)
    found = _segment_matcher(reader, field, btext)
    if found is None:
        return None
    return (found[0], *_leaf_arrays(found[1]))


class _Lru:
    """Values kept by key within a budget in bytes, the least recently used dropped first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.entries: OrderedDict[tuple, Postings] = OrderedDict()
        self.bytes = 0

    def get(self, key: tuple) -> Postings | None:
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def put(self, key: tuple, value: Postings) -> None:
        if key in self.entries:
            return
        self.entries[key] = value
        self.bytes += value.nbytes
        while self.bytes > self.max_bytes and len(self.entries) > 1:
            _, dropped = self.entries.popitem(last=False)
            self.bytes -= dropped.nbytes


class PostingCache:
    """BM25F impacts per term for one index version, and the documents that
    conditions (phrases, prefixes) match, each least recently used dropped once
    they hold more than ``max_bytes`` and ``matched_max_bytes``.

    The two are kept apart: a phrase's matches take hundreds of milliseconds
    to find again at 10× for a few kilobytes, a term's postings ~0.5 µs per
    16 bytes, so in one list the terms that queries decode push out the
    phrases (docs/performance.md, §18).

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
        self._terms, self._matched = _Lru(max_bytes), _Lru(matched_max_bytes)
        self._lock = threading.Lock()

    @property
    def nbytes(self) -> int:
        return self._terms.bytes + self._matched.bytes

    def close_files(self) -> None:
        """Let go of the segments' mapped files; they are mapped again when needed."""
        for terms in self._segments:
            if terms is not None:
                terms.close()

    def cached_terms(self) -> list[tuple[str, str]]:
        """The ``(field, term)`` kept, the next to be let go first."""
        with self._lock:
            return list(self._terms.entries)

    def field_lengths(self, searcher: Searcher, field: str) -> np.ndarray:
        lengths = self._lengths.get(field)
        if lengths is None:
            lengths = self._lengths[field] = columns.field_lengths(searcher.reader(), field)
        return lengths

    def postings(self, searcher: Searcher, field: str, text: str) -> Postings:
        return self._cached(self._terms, (field, text), lambda: self._decode(searcher, field, text))

    def docs(self, searcher: Searcher, query) -> np.ndarray:
        """The live documents ``query`` matches, by Whoosh's own matcher (phrases,
        prefixes), kept apart from the terms' postings."""

        def match() -> Postings:
            ids = np.fromiter(searcher.docs_for_query(query), dtype=np.int64)
            ids.sort()
            return Postings(ids, EMPTY.impacts)

        return self._cached(self._matched, (query,), match).ids

    def known_docs(self, query) -> np.ndarray | None:
        """What :meth:`docs` keeps for ``query``, if it was asked before (a use, as
        :meth:`docs` is); None otherwise."""
        with self._lock:
            found = self._matched.get((query,))
        return None if found is None else found.ids

    def _cached(self, table: _Lru, key: tuple, make) -> Postings:
        """The value ``table`` keeps under ``key``, else ``make()`` kept there."""
        with self._lock:
            found = table.get(key)
        if found is None:
            found = make()
            with self._lock:
                table.put(key, found)
        return found

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
        idf = log(searcher.doc_count_all() / (frequency + 1)) + 1  # Whoosh's WeightingModel.idf
        avgfl = searcher.avg_field_length(field) or 1
        fl = self.field_lengths(searcher, field)[ids]
        k1 = self.weighting.K1
        b = self.weighting._field_B.get(field, self.weighting.B)
        impacts = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))
        return Postings(ids, impacts)
