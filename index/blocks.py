"""A term's postings written as Whoosh 3 posting blocks, a whole list at a time.

Whoosh's own postings writer takes one posting per Python call and keeps block
statistics as it goes; here a term's posting list arrives at once, and each
block of 128 is cut, summarised and encoded in one pass. With every block
compressed (``compress_from=0``) the bytes are the ones Whoosh writes
(``tests/test_segment_writer.py`` compares whole segments); by default small
blocks are left uncompressed, which Whoosh's reader reads as well, as do
searchers, updates and merges.
"""

from __future__ import annotations

import zlib
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int
from whoosh.util.numeric import length_to_byte

# Whoosh 3's defaults (W3Codec): postings per block and zlib level.
BLOCK_LIMIT = 128
COMPRESSION = 3
# Blocks whose pickle is shorter are written uncompressed (each block says
# whether it is). Whoosh compresses every block, though most terms are rare and
# their few bytes barely shrink: on 3,000 articles that cost ~20% of writing a
# segment (2.9 against 2.3 ms an article) to save 5% of the postings file.
COMPRESS_FROM = 256


def term_bytes(
    docs: list[int],
    weights: list[float],
    values: bytes | list[bytes] | None,
    lengths: list[int] | None,
    value_size: int | None,
    compress_from: int = COMPRESS_FROM,
) -> tuple[bytes, W3TermInfo]:
    """The posting-file bytes of one term and its term info (extent not yet set).

    ``docs`` ascending document numbers; ``weights`` their weights (numbers);
    ``values`` one encoded value per posting (a list), or all of them joined
    when every value has ``value_size`` bytes, or None when values are empty;
    ``lengths`` each document's field length, by document number, None for a
    field without lengths (Whoosh keeps a length as one byte, and a block's
    shortest and longest as bytes too, so exact lengths give the same bytes).
    Blocks whose pickle is shorter than ``compress_from`` bytes are not
    compressed. Plain lists: most terms have a few postings, where numpy's
    cost per call would be most of the work.
    """
    info = W3TermInfo()
    parts = [WHOOSH3_HEADER_MAGIC]
    total = len(docs)
    weight_sum = 0.0
    for start in range(0, total, BLOCK_LIMIT):
        end = min(start + BLOCK_LIMIT, total)
        ids = docs[start:end]
        block_weights = weights[start:end]
        low, high = min(block_weights), float(max(block_weights))
        if low == high == 1.0:
            mini_weights = None
        elif low == high:
            mini_weights = high
        else:
            mini_weights = tuple(map(float, block_weights))
        if values is None or value_size == 0:
            mini_values = None
        elif value_size is None:
            mini_values = tuple(values[start:end])
        else:
            mini_values = values[start * value_size : end * value_size]
        deltas = (ids[0], *[b - a for a, b in zip(ids, ids[1:], strict=False)])
        data = dumps((deltas, mini_weights, mini_values), 2)
        compression = COMPRESSION if len(data) >= compress_from else 0
        if compression:
            data = zlib.compress(data, compression)
        if lengths is None:
            shortest, longest = None, 0
        else:
            block_lengths = list(map(lengths.__getitem__, ids))
            shortest, longest = min(block_lengths), max(block_lengths)
        last = ids[-1]
        header = (end - start, last, high, compression)
        header = dumps((*header, length_to_byte(shortest), length_to_byte(longest)), 2)
        size = len(header) + len(data)
        parts += (pack_int(-size if end == total else size), header, data)
        weight_sum += sum(block_weights)
        if start == 0:
            info._minlength, info._minid = shortest, ids[0]
        elif info._minlength is None:
            info._minlength = shortest
        elif shortest is not None:
            info._minlength = min(info._minlength, shortest)
        info._maxlength = max(info._maxlength, longest)
        info._maxweight = max(info._maxweight, high)
        info._maxid = last
    info._weight = float(weight_sum)
    info._df = total
    return b"".join(parts), info
