"""A segment's term table and posting blocks read through memory maps.

Decoding a word that no query has needed before on an index version costs
~0.3 ms whatever its length, and it is the commonest cost of a request that
is not a repeat: Whoosh looks the word up in each segment's hashed term table
with a seek and a read for every slot, key and value it probes (~37 µs a
segment, most often to find the word is not there), then reads its postings
block by block through a matcher object. Here each segment's two files are
mapped once per index version and read with ``struct`` and ``pickle``: the
same hash, probing and block format as Whoosh 3's (``HashReader.ranges_for_key``,
``W3LeafMatcher``), laid out once for writer and reader (:mod:`index.codec.layout`).
Segments whose files are not plain files (a
compound segment) keep Whoosh's own reading (:mod:`index.codec.postings`).
"""

from __future__ import annotations

import io
import mmap
import os
import pickle
from array import array

import numpy as np
from isal import isal_zlib

from index.codec.layout import (
    BLOCK_SIZE,
    EXTENT,
    POSTINGS_MAGIC,
    RECORD_LENGTHS,
    SLOT,
    first_slot,
    slot_hash,
)
from index.codec.whoosh_private import (
    TERM_INFO,
    postings_file,
    term_key,
    term_table,
    terms_reader,
)

# What inflates a zlib stream Whoosh's writer or ours made: ISA-L's, the same bytes out.
INFLATE = isal_zlib.decompress


class SegmentTerms:
    """One segment's terms: their postings as arrays, found with one probe of
    the mapped term table.

    The files are mapped on first use and let go by :meth:`close`, so that a
    server's warm-up leaves no file open for the workers it forks (each maps
    its own; the pages are the page cache's, shared).
    """

    def __init__(self, terms, table_path: str, postings_path: str) -> None:
        index = term_table(terms)
        assert index is not None  # :meth:`of` checks it
        self._key = term_key(terms)
        self._slots = index.tables
        self._hash = slot_hash(index.hashfn)
        self._paths = (table_path, postings_path)
        self._maps: tuple[mmap.mmap | bytes, mmap.mmap | bytes] | None = None

    @classmethod
    def of(cls, reader) -> SegmentTerms | None:
        """The terms of a segment ``reader``, or None when its files are not plain files."""
        terms = terms_reader(reader)
        index = term_table(terms)
        if index is None:
            return None
        table, postings = _path(index.dbfile), _path(postings_file(terms))
        if table is None or postings is None:
            return None
        return cls(terms, table, postings)

    def open(self) -> bool:
        """Map the files unless they are; False when they cannot be (gone since)."""
        if self._maps is None:
            try:
                self._maps = (_mapped(self._paths[0]), _mapped(self._paths[1]))
            except OSError:
                return False
        return True

    def _files(self) -> tuple[mmap.mmap | bytes, mmap.mmap | bytes]:
        if self._maps is None:
            raise ValueError("the segment's term files are not mapped: open() them first")
        return self._maps

    def close(self) -> None:
        maps, self._maps = self._maps, None
        for found in maps or ():
            if isinstance(found, mmap.mmap):
                found.close()

    def info(self, field: str, btext: bytes) -> bytes | None:
        """The term info bytes of ``field:btext``, or None when the segment lacks it."""
        key = self._key(field, btext)
        hashed = self._hash(key)
        start, slots = self._slots[hashed & 255]
        if not slots:
            return None
        table, unpack = self._files()[0], SLOT.unpack_from
        slot = first_slot(hashed, slots)
        for _ in range(slots):
            found, position = unpack(table, start + slot * SLOT.size)
            if not position:
                return None
            if found == hashed:
                key_length, value_length = RECORD_LENGTHS.unpack_from(table, position)
                at = position + RECORD_LENGTHS.size
                if key_length == len(key) and table[at : at + key_length] == key:
                    return table[at + key_length : at + key_length + value_length]
            slot = slot + 1 if slot + 1 < slots else 0
        return None

    def postings(self, field: str, btext: bytes) -> tuple[int, np.ndarray, np.ndarray] | None:
        """``(document frequency, document numbers, weights)`` of ``field:btext``
        here, deleted documents included; None when the segment lacks it. The
        files must be mapped (:meth:`open`)."""
        info = self.info(field, btext)
        if info is None:
            return None
        flags, _, frequency, *_ = TERM_INFO.unpack_from(info)
        if flags:  # inlined in the term info: Whoosh 3's writer never does it
            raise ValueError(f"inlined postings of {field}:{btext!r} are not read here")
        offset, length = EXTENT.unpack_from(info, TERM_INFO.size)
        data = self._files()[1][offset : offset + length]
        if data[:4] != POSTINGS_MAGIC:
            raise ValueError(f"no posting blocks for {field}:{btext!r} at {offset}")
        ids, weights = _blocks(data)
        return frequency, ids, weights


def _blocks(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The document numbers and weights of a term's posting blocks.

    A block's numbers are stored as gaps from its first, which is whole; with
    the first made a gap from the previous block's last (its header's
    ``maxid``), one running sum gives them all. Blocks are inflated by ISA-L
    (the same zlib streams, in a third of zlib's time) and gathered in typed
    arrays rather than lists: together 15-25% of a long term's decoding.
    """
    stream = io.BytesIO(data)
    gaps = array("q")
    weights = array("d")
    unpack, load, loads, inflate = BLOCK_SIZE.unpack_from, pickle.load, pickle.loads, INFLATE
    position, last_id = 4, 0
    while True:
        size = unpack(data, position)[0]
        stream.seek(position + BLOCK_SIZE.size)
        count, max_id, _, compression, _, _ = load(stream)
        end = position + BLOCK_SIZE.size + abs(size)
        block = data[stream.tell() : end]
        if compression:
            block = inflate(block)
        block_gaps, block_weights, _ = loads(block)
        first = len(gaps)
        gaps.extend(block_gaps)
        gaps[first] -= last_id
        if block_weights is None or isinstance(block_weights, float):
            weights.extend([block_weights or 1.0] * count)
        else:
            weights.extend(block_weights)
        if size < 0:
            break
        position, last_id = end, max_id
    return np.cumsum(np.frombuffer(gaps, dtype=np.int64)), np.array(weights, dtype=np.float64)


def segment_key(reader) -> tuple:
    """What identifies a segment's immutable files across index versions: its id,
    document count and the inode of its postings file."""
    segment = reader.segment()
    path = _path(postings_file(terms_reader(reader)))
    try:
        found = os.stat(path) if path else None
    except OSError:
        found = None
    inode = (found.st_dev, found.st_ino) if found else None
    return (segment.segment_id(), reader.doc_count_all(), inode)


def segment_keys(searcher) -> list[tuple]:
    """Each segment's :func:`segment_key`, in ``leaf_readers`` order."""
    return [segment_key(reader) for reader, _ in searcher.reader().leaf_readers()]


def _path(structfile) -> str | None:
    """The path of the plain file under a Whoosh ``StructFile``, or None."""
    file = getattr(structfile, "file", None)
    return file.name if isinstance(file, io.BufferedReader) else None


def _mapped(path: str) -> mmap.mmap | bytes:
    """A read-only map of the file at ``path`` (an empty file is empty bytes)."""
    with open(path, "rb") as file:
        if not os.fstat(file.fileno()).st_size:
            return b""
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
