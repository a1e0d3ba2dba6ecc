"""The byte layout of a segment's term table and postings, for writer and reader alike.

A term table is Whoosh's ordered hash file: records (two lengths, the key, the
value) one after another, then 256 hash tables of slots (a key's hash and
where its record starts; position 0 is an empty slot), a key in table
``hash & 255`` at slot ``(hash >> 8) % slots`` or the next free one. A key is
the field's number (two bytes) and the term's bytes; its value is the term
info, then, for postings in the postings file, where they start and how long
they are. A term's postings are Whoosh 3's block header magic and its blocks,
each after its size (negative for the last).
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from hashlib import md5

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.filedb.filetables import md5_hash

from index.codec.whoosh_private import TERM_INFO

# A record's key and value lengths, before the key and the value.
RECORD_LENGTHS = struct.Struct("!ii")
# A hash table's slot: the key's hash and where its record starts (0: empty).
SLOT = struct.Struct("!Iq")
# The same slot as an array's element, for writing a whole table at once.
SLOT_ARRAY = np.dtype([("hash", ">u4"), ("position", ">i8")])
# After the term info: where the term's postings start and how long they are.
EXTENT = struct.Struct("!qi")
# A term info of postings in the postings file, in full.
TERM_INFO_AND_EXTENT = struct.Struct(TERM_INFO.format + EXTENT.format.lstrip("!"))
# A posting block's size, negative for the term's last block.
BLOCK_SIZE = struct.Struct("!i")
# What a term's postings start with.
POSTINGS_MAGIC = WHOOSH3_HEADER_MAGIC


def md5_slot_hash(key: bytes) -> int:
    """Whoosh's ``md5_hash`` of ``key`` (the low 32 bits of its MD5), without its hex string."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[12:])


def slot_hash(hashfn: Callable[[bytes], int]) -> Callable[[bytes], int]:
    """The hash a table was written with: :func:`md5_slot_hash` for Whoosh's default."""
    return md5_slot_hash if hashfn is md5_hash else hashfn


def first_slot(hashed: int, slots: int) -> int:
    """Where a key of hash ``hashed`` is looked for first in a table of ``slots`` slots."""
    return (hashed >> 8) % slots
