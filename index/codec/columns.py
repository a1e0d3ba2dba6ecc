"""Sortable columns and field lengths, read segment by segment.

Whoosh's reader over several segments leaves out the segments without a column
file (those whose articles all lack the field: an undated collection, an update
of undated articles) and then maps every document number to the wrong segment:
an ``IndexError``, or a seek before the start of a file. Each segment is read
here on its own; a segment without the column gives the column's default (a
missing value) for each of its documents. Fixed-width columns (numbers, field
lengths) are read whole, in one read a segment, where Whoosh's reader unpacks
one document at a time.
"""

from __future__ import annotations

import numpy as np
from whoosh.codec.whoosh3 import byte_to_length
from whoosh.columns import EmptyColumnReader, NumericColumn
from whoosh.reading import IndexReader

from index.codec.whoosh_private import column_fill, fixed_column_bytes, length_column


def column_values(reader: IndexReader, field: str, translate: bool = True) -> list:
    """``field``'s column value for every document number, deleted ones included.

    ``translate=False`` gives the raw sortable values (for ``published``,
    microseconds, with the largest unsigned 64-bit number for a missing date).
    """
    values: list = []
    for segment, _ in reader.leaf_readers():
        column = segment.column_reader(field, translate=translate)
        values.extend(column[docnum] for docnum in range(segment.doc_count_all()))
    return values


_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


def numeric_column(reader: IndexReader, field: str) -> np.ndarray:
    """A sortable numeric field's raw column values for every document, one read per segment."""
    parts = [sub.column_reader(field, translate=False) for sub, _ in reader.leaf_readers()]
    return np.concatenate([_fixed_width(part) for part in parts])


def field_lengths(reader: IndexReader, field: str) -> np.ndarray:
    """Each document's length of ``field`` as Whoosh's BM25F sees it (its one-byte encoding)."""
    parts = []
    for sub, _ in reader.leaf_readers():
        column = length_column(sub, field)
        if column is not None:
            parts.append(_fixed_width(column))
        else:
            parts.append(np.zeros(sub.doc_count_all(), dtype=np.uint8))
    return _LENGTHS[np.concatenate(parts)]


def _fixed_width(column: NumericColumn.Reader | EmptyColumnReader) -> np.ndarray:
    """The whole column in one read; Whoosh's reader unpacks one document at a time."""
    doccount, default = column_fill(column)
    if isinstance(column, EmptyColumnReader):
        return np.full(doccount, default)
    typecode, count, raw = fixed_column_bytes(column)
    dtype = np.dtype(">" + typecode)
    values = np.full(doccount, default, dtype=dtype.newbyteorder("="))
    values[:count] = np.frombuffer(raw, dtype)
    return values
