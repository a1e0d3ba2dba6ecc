"""Sortable column values read segment by segment.

Whoosh's reader over several segments leaves out the segments without a column
file (those whose articles all lack the field: an undated collection, an update
of undated articles) and then maps every document number to the wrong segment:
an ``IndexError``, or a seek before the start of a file. Each segment is read
here on its own; a segment without the column gives the column's default (a
missing value) for each of its documents.
"""

from __future__ import annotations

from whoosh.reading import IndexReader


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
