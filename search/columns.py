"""Per-document arrays of one index version: which documents are live, when
each was published, how recent it is. Read once per version, used by every
query (date filters, recency, date sorting) without touching the index again."""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, byte_to_length
from whoosh.columns import EmptyColumnReader, NumericColumn
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

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


_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def numeric_column(reader: IndexReader, field: str) -> np.ndarray:
    """A sortable numeric field's raw column values for every document, one read per segment."""
    parts = [sub.column_reader(field, translate=False) for sub, _ in reader.leaf_readers()]
    return np.concatenate([_fixed_width(part) for part in parts])


def field_lengths(reader: IndexReader, field: str) -> np.ndarray:
    """Each document's length of ``field`` as Whoosh's BM25F sees it (its one-byte encoding)."""
    parts = []
    for sub, _ in reader.leaf_readers():
        perdoc, name = sub._perdoc, f"_{field}_len"  # where Whoosh's W3 codec keeps lengths
        if perdoc.has_column(name):
            parts.append(_fixed_width(perdoc.column_reader(name, LENGTHS_COLUMN)))
        else:
            parts.append(np.zeros(sub.doc_count_all(), dtype=np.uint8))
    return _LENGTHS[np.concatenate(parts)]


def _fixed_width(column: NumericColumn.Reader | EmptyColumnReader) -> np.ndarray:
    """The whole column in one read; Whoosh's reader unpacks one document at a time."""
    if isinstance(column, EmptyColumnReader):
        return np.full(column._doccount, column._default)
    dtype = np.dtype(">" + column._typecode)
    values = np.full(column._doccount, column._default, dtype=dtype.newbyteorder("="))
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    values[: column._count] = np.frombuffer(raw, dtype)
    return values
