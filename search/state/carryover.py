"""Decoded postings and stored fields kept across index versions, by segment.

Every per-version cache starts empty after an index switch, so right after an
update each query's words are decoded again and each article read again,
though an update only adds a segment (and marks deletions in the new table of
contents): Whoosh never changes a segment's files once written, and a new
generation hard-links the old one's. So what is decoded from a segment is
kept here by the segment's identity (:func:`index.codec.terms.segment_key`),
not by index version, and a new version reuses it for every segment it shares
with the old one; only what a merge or a new segment holds is decoded again.
A segment's postings are kept with its deleted documents (deletions change
between versions; the version's caches apply them), as local document numbers
(offsets change too).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

import numpy as np

from search.state.cache import Lru

DEFAULT_MAX_BYTES = 128 * 1024 * 1024

SegmentPosting = tuple[int, np.ndarray, np.ndarray]  # doc frequency, local ids, weights


class SegmentPostings:
    """Postings of terms by ``(segment key, field, term)``, least recently used
    dropped once they hold more than ``max_bytes``; shared by threads and versions.

    ``decoded`` counts the segment postings decoded (not found here).
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.kept: Lru[SegmentPosting | None] = Lru(max_bytes, weigh=_nbytes)
        self.decoded = 0
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, decode: Callable[[], SegmentPosting | None]
    ) -> SegmentPosting | None:
        """The postings kept under ``key``, else ``decode()``'s (None: no such term)."""

        def decoded() -> SegmentPosting | None:
            found = decode()
            with self._lock:
                self.decoded += 1
            if found is None:
                return None
            return (found[0], found[1].astype(np.int32, copy=False), found[2])

        return self.kept.get_or_make(key, decoded)


def _nbytes(found: SegmentPosting | None) -> int:
    return 64 if found is None else 64 + found[1].nbytes + found[2].nbytes
