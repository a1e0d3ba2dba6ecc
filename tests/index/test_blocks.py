"""A term's postings as Whoosh 3 posting blocks (``index.codec.blocks.chunk_bytes``)."""

from pickle import dumps

import numpy as np
import pytest
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import pack_int

from index.codec.blocks import PROTOCOL, WHOOSH_PROTOCOL, chunk_bytes


def one_term(protocol: int) -> tuple[bytes, tuple]:
    """One term in documents 3 and 7, once each, with positions' bytes as values."""
    docs, weights = np.array([3, 7]), np.array([1.0, 1.0], dtype=np.float32)
    values = [b"\x00\x00\x00\x01ab", b"\x00\x00\x00\x01c"]
    [(data, stats)] = chunk_bytes(docs, weights, [2], values, None, None, 10**6, protocol=protocol)
    return data, stats


@pytest.mark.parametrize("protocol", [WHOOSH_PROTOCOL, PROTOCOL])
def test_a_block_is_its_header_and_postings_pickled_with_the_protocol_asked(protocol):
    header = dumps((2, 7, 1.0, 0, 0, 0), protocol)
    postings = dumps(((3, 4), None, (b"\x00\x00\x00\x01ab", b"\x00\x00\x00\x01c")), protocol)
    size = len(header) + len(postings)
    assert one_term(protocol) == (
        WHOOSH3_HEADER_MAGIC + pack_int(-size) + header + postings,
        (2.0, 2, 0, 0, 1.0, 3, 7),
    )


def test_our_protocol_pickles_bytes_as_bytes_where_whooshs_calls_codecs():
    assert b"_codecs" in one_term(WHOOSH_PROTOCOL)[0]
    assert b"_codecs" not in one_term(PROTOCOL)[0]
    assert len(one_term(PROTOCOL)[0]) < len(one_term(WHOOSH_PROTOCOL)[0]) - 30
