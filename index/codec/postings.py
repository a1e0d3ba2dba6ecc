"""A term's postings over every segment as numpy arrays.

Whoosh reads a posting list block by block and steps through it one document
at a time in pure Python, on every query; for the words people search most
that is most of a query's time, and it grows with the corpus. Here a term's
postings are decoded into two arrays (document numbers and weights), from the
mapped term table (:mod:`index.codec.terms`) or, where a segment's files are
not plain files, block by block through Whoosh's own matcher. What is decoded
is kept by the caller (``search/evaluation/posting_cache.py``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Protocol

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher

from index.codec.terms import SegmentTerms
from index.codec.whoosh_private import next_block, postings_matcher, read_block, terms_reader

# A term in one segment: document frequency, local document numbers, weights.
SegmentPosting = tuple[int, np.ndarray, np.ndarray]
_NO_IDS = np.empty(0, dtype=np.int64)
_NO_WEIGHTS = np.empty(0, dtype=np.float64)


class KeptPostings(Protocol):
    """Segment postings kept across index versions (``search/state/carryover.py``)."""

    def get(
        self, key: Hashable, decode: Callable[[], SegmentPosting | None]
    ) -> SegmentPosting | None: ...


def _leaf_arrays(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and weights of one segment's posting list.

    Whoosh's on-disk matcher is read a block at a time (its private block
    API, :mod:`index.codec.whoosh_private`); a short list inlined in the term
    table is read through the public matcher API.
    """
    ids, weights = [], []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            raw_ids, raw_weights = read_block(matcher)
            block = np.cumsum(np.asarray(raw_ids, dtype=np.int64))  # stored as deltas
            ids.append(block)
            if raw_weights is None or isinstance(raw_weights, float):
                weights.append(np.full(len(block), raw_weights or 1.0))
            else:
                weights.append(np.asarray(raw_weights, dtype=np.float64))
            next_block(matcher)
    else:
        found_ids, found_weights = [], []
        while matcher.is_active():
            found_ids.append(matcher.id())
            found_weights.append(matcher.weight())
            matcher.next()
        ids.append(np.asarray(found_ids, dtype=np.int64))
        weights.append(np.asarray(found_weights, dtype=np.float64))
    if not ids:
        return _NO_IDS, _NO_WEIGHTS
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
    ``term_info`` (its terms reader's private codec and file, as the block API above).
    """
    terms = terms_reader(reader)
    assert terms is not None  # a segment's reader has its terms reader
    try:
        info = terms.term_info(field, btext)
    except TermNotFound:
        return None
    format_ = reader.schema[field].format
    matcher = postings_matcher(terms, info, format_, (field, btext))
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
    kept: tuple[KeptPostings, list[tuple]] | None = None,
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
        return _NO_IDS, _NO_WEIGHTS, 0
    return np.concatenate(ids), np.concatenate(weights), frequency


def _segment_postings(
    reader, terms: SegmentTerms | None, field: str, btext: bytes
) -> SegmentPosting | None:
    """``(document frequency, document numbers, weights)`` of a term in one
    segment, deleted documents included, or None."""
    if terms is not None and terms.open():
        return terms.postings(field, btext)
    found = _segment_matcher(reader, field, btext)
    if found is None:
        return None
    return (found[0], *_leaf_arrays(found[1]))
