"""Every private Whoosh name the project uses, and nowhere else.

The codec reads and writes Whoosh 3's segment files itself (``README.md`` here
says why); for that it reaches into Whoosh's objects through names Whoosh does
not publish: its writers' open files and term table, its readers' term table,
postings file and per-document columns, its matcher's block buffer, its
writer's lifecycle steps. Each is used here once, behind a function named for
what it gives, so that a new Whoosh version is checked against this one list.
``tests/index/test_whoosh_private.py`` fails when the installed Whoosh is not
:data:`CHECKED_VERSION` and when a private Whoosh name is used outside this module.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Any, TypeVar

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3TermInfo, _lenfield
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.writing import SegmentWriter

# The Whoosh-Reloaded release these names were checked against.
CHECKED_VERSION = (2, 7, 5)

# A term info's fixed part: flags (postings inlined), total weight, document
# frequency, shortest and longest length (as bytes), highest weight, first and last document.
TERM_INFO: struct.Struct = W3TermInfo._struct

Writer = TypeVar("Writer", bound=SegmentWriter)


def length_column_name(field: str) -> str:
    """The per-document column in which Whoosh 3 keeps ``field``'s length bytes."""
    return _lenfield(field)


# Reading a segment.


def terms_reader(reader) -> Any | None:
    """A segment reader's terms reader (its term table and postings file), or None."""
    return getattr(reader, "_terms", None)


def term_table(terms) -> Any | None:
    """A terms reader's hashed term table (``OrderedHashReader``), or None."""
    return getattr(terms, "_tindex", None)


def term_key(terms) -> Callable[[str, bytes], bytes]:
    """How a terms reader makes a term's key in its table from field name and term bytes."""
    return terms._keycoder


def postings_file(terms) -> Any | None:
    """A terms reader's postings file (a ``StructFile``), or None."""
    return getattr(terms, "_postfile", None)


def postings_matcher(terms, info, format_, term: tuple[str, bytes]):
    """Whoosh's matcher over a term's postings, from a term info already looked up."""
    return terms._codec.postings_reader(terms._postfile, info, format_, term=term)


def read_block(matcher) -> tuple[Any, Any]:
    """The current posting block of a ``W3LeafMatcher``: its document gaps and weights."""
    matcher._read_data()
    return matcher._data[0], matcher._data[1]


def next_block(matcher) -> None:
    """Move a ``W3LeafMatcher`` to its next posting block."""
    matcher._next_block()


def length_column(reader, field: str):
    """A segment reader's column of ``field``'s length bytes, or None when it has none."""
    perdoc, name = reader._perdoc, _lenfield(field)
    return perdoc.column_reader(name, LENGTHS_COLUMN) if perdoc.has_column(name) else None


def column_fill(column) -> tuple[int, Any]:
    """A column reader's document count and the value of a document it holds nothing for."""
    return column._doccount, column._default


def fixed_column_bytes(column) -> tuple[str, int, bytes]:
    """A fixed-width column reader's struct type code, how many documents it
    holds values for, and those values' bytes, in one read."""
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    return column._typecode, column._count, raw


def field_b(weighting, field: str) -> float:
    """BM25F's ``B`` for ``field``: its own when the weighting sets one."""
    return weighting._field_B.get(field, weighting.B)


# Writing a segment.


def unlocked_writer(cls: type[Writer], ix, **kwargs) -> Writer:
    """A ``cls`` writer of ``ix`` not taking the index's write lock (its caller holds it)."""
    return cls(ix, _lk=False, **kwargs)


def compress_stored_fields(perdocwriter, compress: Callable[[bytes, int], bytes], level: int):
    """Make a per-document writer compress each document's stored fields with
    ``compress`` at ``level`` (Whoosh's reader decompresses any zlib stream)."""
    stored = perdocwriter._colwriters["_stored"]._child
    stored._compress, stored._level = compress, level


def write_length_column(perdocwriter, field: str, column: bytes, total: int) -> None:
    """Write ``field``'s whole length column (a byte a document) and add ``total``
    to the field's total length, as the per-document writer does a document at a time."""
    name = _lenfield(field)
    perdocwriter._create_column(name, LENGTHS_COLUMN)
    perdocwriter._get_column(name)._dbfile.write(column)
    perdocwriter._fieldlengths[field] += total


def replace_term_table(fieldwriter, make: Callable[[OrderedHashWriter], OrderedHashWriter]):
    """Put ``make(table)`` in place of a field writer's term table; returns it."""
    fieldwriter._tindex = table = make(fieldwriter._tindex)
    return table


def field_number(fieldwriter) -> int:
    """The number of the field a field writer has started (the first two bytes of its keys)."""
    return fieldwriter._fieldid


def field_postings_file(fieldwriter):
    """A field writer's postings file."""
    return fieldwriter._postfile


def added_documents(writer: SegmentWriter) -> bool:
    """Whether ``writer`` was given any document."""
    return writer._added


def finalize_segment(writer: SegmentWriter):
    """Write ``writer``'s segment out and close its files; returns the segment."""
    return writer._finalize_segment()


def close_segment(writer: SegmentWriter) -> None:
    """Close ``writer``'s segment files, leaving its index as it was."""
    writer._close_segment()


def commit_toc(writer: SegmentWriter, segments: list) -> None:
    """Write ``writer``'s index's next table of contents, listing ``segments``."""
    writer._commit_toc(segments)


def finish_writer(writer: SegmentWriter) -> None:
    """Release ``writer``'s temporary files and lock."""
    writer._finish()


class HookedHashWriter(OrderedHashWriter):
    """Whoosh's ordered hash file whose hash tables :meth:`write_hash_tables` writes."""

    def _write_hashes(self) -> None:
        self.write_hash_tables()

    def write_hash_tables(self) -> None:
        super()._write_hashes()


class HookedSegmentWriter(SegmentWriter):
    """Whoosh's segment writer with its private steps under public names, for a
    subclass to call and override."""

    def _flush_segment(self) -> None:
        self.flush_segment()

    def flush_segment(self) -> None:
        """Write the segment's postings and close its files."""
        super()._flush_segment()

    def _close_segment(self) -> None:
        self.close_segment()

    def close_segment(self) -> None:
        """Close the segment's files (after :meth:`flush_segment`, or instead of it)."""
        super()._close_segment()

    def check_state(self) -> None:
        """Raise when the writer is closed."""
        self._check_state()

    def check_fields(self, names: list[str]) -> None:
        """Raise for a field name the schema lacks."""
        self._check_fields(self.schema, names)

    def mark_added(self) -> None:
        """Record that a document was added: committing writes the segment."""
        self._added = True
