"""A term's postings written as Whoosh 3 posting blocks, a whole list at a time.

Whoosh's own postings writer takes one posting per Python call and keeps block
statistics as it goes; here the posting lists of many terms arrive at once, and
every block of 128 is cut and summarised by array operations, then pickled. With every block
compressed by zlib and pickled as Whoosh pickles (``compress_from=0``,
``WHOOSH_DEFLATE``, ``WHOOSH_PROTOCOL``) the bytes are the ones Whoosh writes
(``tests/index/test_segment_writer.py`` compares whole segments); by default small
blocks are left uncompressed, the others compressed by ISA-L, and all pickled
with protocol 3, which Whoosh's reader reads as well, as do searchers, updates and merges.

Terms are then added to the segment's postings file and term table many at a
time (:func:`write_terms`, :class:`TermTable`): one write for their blocks, and
their term infos packed with one struct call each, where Whoosh's writer asks
the file for its position, builds a ``W3TermInfo`` and writes key and value
apart for every term.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from pickle import dumps
from typing import NamedTuple

import numpy as np
from isal import isal_zlib
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.util.numeric import length_to_byte

from index.codec.layout import (
    BLOCK_SIZE,
    POSTINGS_MAGIC,
    RECORD_LENGTHS,
    SLOT_ARRAY,
    TERM_INFO_AND_EXTENT,
    first_slot,
    slot_hash,
)
from index.codec.whoosh_private import HookedHashWriter

# Whoosh 3's defaults (W3Codec): postings per block and zlib level.
BLOCK_LIMIT = 128
COMPRESSION = 3
# The pickle protocol of Whoosh's blocks, and ours. Protocol 2 has no opcode for
# bytes: each posting's positions (bytes) pickles as a call to ``codecs.encode``
# of a str, 7x slower to write and 6x slower to read than protocol 3's bytes,
# and twice the size. Whoosh's reader reads either (``pickle.loads``).
WHOOSH_PROTOCOL = 2
PROTOCOL = 3


class Deflate(NamedTuple):
    """How blocks are compressed: the level a block's header records (Whoosh's
    reader only asks whether it is 0) and the function that compresses, given it."""

    level: int
    compress: Callable[[bytes, int], bytes]

    def __call__(self, data: bytes) -> bytes:
        return self.compress(data, self.level)


# Whoosh's own: zlib at level 3, the bytes its writer makes.
WHOOSH_DEFLATE = Deflate(COMPRESSION, zlib.compress)
# ISA-L's deflate makes zlib streams too, which Whoosh's reader decompresses as its
# own. At its level 1 (its header records 1: compressed) it writes posting blocks a
# third smaller than at its level 0 (``python -m bench.sizes --postings-every 50``: at
# 10×, phrase 501 → 371 MB, exact 162 → 108, body 133 → 89) for ~8 µs more a block
# (of ~1.7 KB) to write, and they inflate faster than level 0's did through zlib
# (ISA-L's inflate, ``index/codec/terms.py``: 5.4 against 8.6 µs a body block).
FAST_DEFLATE = Deflate(1, isal_zlib.compress)
# Blocks whose pickle is shorter are written uncompressed (each block says
# whether it is). Whoosh compresses every block, though most terms are rare and
# their few bytes barely shrink: on 3,000 articles that cost ~20% of writing a
# segment (2.9 against 2.3 ms an article) to save 5% of the postings file.
COMPRESS_FROM = 256
# A term's statistics, as its term info keeps them: total weight, document
# frequency, shortest and longest length (bytes), highest weight, first and last document.
TermStats = tuple[float, int, int, int, float, int, int]


def length_bytes(lengths: Iterable[int]) -> list[int]:
    """Each field length as the byte Whoosh keeps (monotonic, so a block's
    shortest and longest are the bytes of its shortest and longest)."""
    return list(map(length_to_byte, lengths))


def chunk_bytes(
    docs: np.ndarray,
    weights: np.ndarray,
    counts: np.ndarray,
    values: bytes | list[bytes] | None,
    lengths: np.ndarray | None,
    value_size: int | None,
    compress_from: int = COMPRESS_FROM,
    deflate: Deflate = FAST_DEFLATE,
    protocol: int = PROTOCOL,
) -> Iterator[tuple[bytes, TermStats]]:
    """The posting-file bytes and statistics of consecutive terms, ``counts[i]``
    postings each (at least one), from one array of their documents (ascending
    within a term) and one of their weights; ``values`` one encoded value per
    posting (a list), or all of them joined when every value has
    ``value_size`` bytes, or None when values are empty; ``lengths`` each
    document's length byte (:func:`length_bytes`) as an array, None for a
    field without lengths. Blocks whose pickle is shorter than
    ``compress_from`` bytes are not compressed, the others by ``deflate``;
    both pickles of a block are made with ``protocol``.

    Every block's statistics and gaps, and every term's, come from array
    operations over the whole chunk, so that what is left in Python is each
    block's two pickles: most terms have a few postings, where a term's own
    lists would cost more than its bytes.
    """
    if not len(docs):
        return
    counts = np.asarray(counts, dtype=np.int64)
    ends = np.cumsum(counts)
    starts = ends - counts
    # Blocks of BLOCK_LIMIT postings: where each starts, term after term.
    per_term = (counts + BLOCK_LIMIT - 1) // BLOCK_LIMIT
    first_blocks = np.cumsum(per_term) - per_term
    owner = np.repeat(np.arange(len(counts)), per_term)
    block_starts = starts[owner] + (np.arange(len(owner)) - first_blocks[owner]) * BLOCK_LIMIT
    block_ends = np.minimum(block_starts + BLOCK_LIMIT, ends[owner])
    gaps = np.diff(docs.astype(np.int64), prepend=0)
    gaps[block_starts] = docs[block_starts]
    wide = weights.astype(np.float64)
    low = np.minimum.reduceat(weights, block_starts).tolist()
    high = np.maximum.reduceat(wide, block_starts).tolist()
    term_high = np.maximum.reduceat(wide, starts).tolist()
    sums = np.add.reduceat(wide, starts).tolist()
    if lengths is None:
        shortest = longest = [0] * len(block_starts)
        term_shortest = term_longest = [0] * len(starts)
    else:
        held = lengths[docs]
        shortest = np.minimum.reduceat(held, block_starts).tolist()
        longest = np.maximum.reduceat(held, block_starts).tolist()
        term_shortest = np.minimum.reduceat(held, starts).tolist()
        term_longest = np.maximum.reduceat(held, starts).tolist()
    docs_list, gaps_list, floats = docs.tolist(), gaps.tolist(), wide.tolist()
    term_firsts, term_counts = starts.tolist(), counts.tolist()
    block = 0
    bounds = zip(block_starts.tolist(), block_ends.tolist(), strict=True)
    for n, term_blocks in enumerate(per_term.tolist()):
        parts = [POSTINGS_MAGIC]
        for blocks_after in range(term_blocks - 1, -1, -1):  # the last is written negative
            start, end = next(bounds)
            top = high[block]
            if low[block] == top == 1.0:
                mini_weights = None
            elif low[block] == top:
                mini_weights = top
            else:
                mini_weights = tuple(floats[start:end])
            mini_values: object  # pickled as it is
            if values is None or value_size == 0:
                mini_values = None
            elif value_size is None:
                mini_values = tuple(values[start:end])
            else:
                mini_values = values[start * value_size : end * value_size]
            compression, data = _compressed(
                dumps((tuple(gaps_list[start:end]), mini_weights, mini_values), protocol),
                compress_from,
                deflate,
            )
            least, most = shortest[block], longest[block]
            summary = (end - start, docs_list[end - 1], top, compression, least, most)
            header = dumps(summary, protocol)
            size = len(header) + len(data)
            parts += (BLOCK_SIZE.pack(size if blocks_after else -size), header, data)
            block += 1
        first, count = term_firsts[n], term_counts[n]
        yield (
            b"".join(parts),
            (
                sums[n],
                count,
                term_shortest[n],
                term_longest[n],
                max(0.0, term_high[n]),
                docs_list[first],
                docs_list[first + count - 1],
            ),
        )


def _compressed(data: bytes, compress_from: int, deflate: Deflate) -> tuple[int, bytes]:
    """A block's pickle as written, and the level its header records (0: as it is)."""
    if len(data) < compress_from:
        return 0, data
    return deflate.level, deflate(data)


def write_terms(
    postfile, table: TermTable, keys: list[bytes], blocks: list[bytes], stats: list
) -> None:
    """Add terms, in key order, to a segment: their ``blocks`` (:func:`chunk_bytes`)
    to the postings file in one write, and their keys with their term infos to
    the term table."""
    offset = postfile.tell()
    postfile.write(b"".join(blocks))
    infos, pack = [], TERM_INFO_AND_EXTENT.pack
    for data, (weight, df, shortest, longest, high, first, last) in zip(blocks, stats, strict=True):
        size = len(data)
        infos.append(pack(0, weight, df, shortest, longest, high, first, last, offset, size))
        offset += size
    table.add_many(keys, infos)


class TermTable(HookedHashWriter):
    """Whoosh's ordered hash file (a segment's term table), filled many keys at a
    time and its hash tables written one per write: the same file, where Whoosh
    makes two file calls per key and one per slot."""

    lastkey: bytes

    @classmethod
    def taking_over(cls, table: OrderedHashWriter) -> TermTable:
        """This class in place of ``table``, which has started its file: ``table`` is
        not to be used afterwards."""
        found = cls.__new__(cls)
        found.__dict__.update(table.__dict__)
        return found

    def add_many(self, keys: list[bytes], values: list[bytes]) -> None:
        """``add(key, value)`` for each pair, in one write: keys must increase."""
        if not keys:
            return
        if keys[0] <= self.lastkey or any(a >= b for a, b in zip(keys, keys[1:], strict=False)):
            raise ValueError("keys must increase")
        pack = RECORD_LENGTHS.pack
        records = [pack(len(k), len(v)) + k + v for k, v in zip(keys, values, strict=True)]
        position = self.dbfile.tell()
        self.dbfile.write(b"".join(records))
        hashes = list(map(slot_hash(self.hashfn), keys))
        buckets, index = self.buckets, self.index
        for record, hashed in zip(records, hashes, strict=True):
            index.append(position)
            buckets[hashed & 255].append((hashed, position))
            position += len(record)
        self.lastkey = keys[-1]

    def write_hash_tables(self) -> None:
        """As Whoosh's ``HashWriter`` writes them: per bucket, twice as many slots as
        keys, each key at its hash's slot or the next free one (no key is at position 0)."""
        for entries in self.buckets:
            self.directory.append((self.dbfile.tell(), 2 * len(entries)))
            slots = 2 * len(entries)
            hashes, positions = [0] * slots, [0] * slots
            for hashed, position in entries:
                slot = first_slot(hashed, slots)
                while positions[slot]:
                    slot = (slot + 1) % slots
                hashes[slot], positions[slot] = hashed, position
            table = np.empty(slots, dtype=SLOT_ARRAY)
            table["hash"], table["position"] = hashes, positions
            self.dbfile.write(table.tobytes())
