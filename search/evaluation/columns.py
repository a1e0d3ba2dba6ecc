"""Per-document arrays of one index version: which documents are live, when
each was published, how recent it is. Read once per version, used by every
query (date filters, recency, date sorting) without touching the index again."""

from __future__ import annotations

import numpy as np
from whoosh.searching import Searcher

from index.codec.columns import numeric_column
from search.evaluation.facets import MISSING, PUBLISHED


class Columns:
    """``recency``: 0 for the oldest dated article to 1 for the newest; 0 undated."""

    published_field = PUBLISHED

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self.doc_count = reader.doc_count_all()
        self.live_ids = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
        if PUBLISHED in reader.schema and reader.has_column(PUBLISHED):
            self.published = numeric_column(reader, PUBLISHED).astype(np.uint64)
        else:
            self.published = np.full(self.doc_count, MISSING, dtype=np.uint64)
        self.dated = self.published != np.uint64(MISSING)
        self.live = np.zeros(self.doc_count, dtype=bool)
        self.live[self.live_ids] = True
        self.recency = np.zeros(self.doc_count)
        if self.dated.any():
            stamps = self.published[self.dated]
            low = stamps.min()
            span = float(stamps.max() - low) or 1.0
            self.recency[self.dated] = (stamps - low).astype(np.float64) / span

    def published_between(
        self, start: int | None, end: int | None, startexcl: bool, endexcl: bool
    ) -> np.ndarray:
        """Live documents published within the range (raw column values; None: open)."""
        keep = self.dated & self.live
        if start is not None:
            value = np.uint64(start)
            keep &= self.published > value if startexcl else self.published >= value
        if end is not None:
            value = np.uint64(end)
            keep &= self.published < value if endexcl else self.published <= value
        return np.flatnonzero(keep)
