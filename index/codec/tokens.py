"""An article's words as integer ids, and a field's ids sorted into postings.

Whoosh's writer turns every token into a Python object and every posting into
a tuple in a pool it sorts. Here an article's text fields become lists of
integer ids (one dictionary lookup per word: the word's stem, or the word
itself), appended to one array per field (:class:`Tokens`); at the end, or
when the arrays reach the writer's memory limit, they are sorted by term and
document with numpy into a :class:`Run` of postings.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from index.analysis import surface_words

_UINT32 = np.dtype(np.uint32)
_Word = TypeVar("_Word", str, bytes)
# The token arrays' type code: term ids as unsigned 32-bit numbers, in this machine's order.
IDS = "I"
# Chunks of text a writer keeps the word ids of (ChunkIds): 254,000 for the bundled corpus.
CHUNKS_LIMIT = 1_000_000


class WordIds(dict[_Word, int]):
    """Word → id of its term, numbering each new term on first sight.

    ``terms`` lists the terms by id.
    """

    def __init__(self) -> None:
        super().__init__()
        self.terms: list[_Word] = []

    def __missing__(self, word: _Word) -> int:
        number = self[word] = len(self.terms)
        self.terms.append(word)
        return number

    def numbered(self, ids: np.ndarray) -> np.ndarray:
        """The term ids of tokens held as ``ids``: the same."""
        return ids

    def forget_words(self) -> None:
        """Keep only ``terms``: what writing the segment needs."""
        self.clear()


class ChunkIds(dict[str, bytes]):
    """A text between spaces (``Jakarta,``, ``(Antara)``) → the ids of the words it
    holds, packed (:data:`IDS`).

    Splitting at spaces is done in C, and each different chunk is analysed once
    per writer, so most of an article's words cost one lookup, where
    :func:`surface_words` makes, lower-cases and looks up a string for each.
    A text's words are its chunks' words in turn: no token spans a space.
    Packed, a text's ids are joined and copied into the token arrays in C, where
    a list made an int object of each and each array converted them back.
    A cache, bounded: past ``limit`` chunks (~150 bytes each) it starts again.
    """

    def __init__(self, words: WordIds[str], limit: int = CHUNKS_LIMIT) -> None:
        super().__init__()
        self.words, self.limit = words, limit

    def __missing__(self, chunk: str) -> bytes:
        if len(self) >= self.limit:
            self.clear()
        ids = self[chunk] = packed(map(self.words.__getitem__, surface_words(chunk)))
        return ids

    def ids(self, text: str) -> bytes:
        """The word ids of ``text``, packed: what :func:`surface_words` gives, numbered."""
        return b"".join(map(self.__getitem__, text.split()))


def packed(ids: Iterable[int]) -> bytes:
    """Term ids as the token arrays hold them (:data:`IDS`)."""
    return array(IDS, ids).tobytes()


class StemIds:
    """Word id → id of its stem: the stemmed fields hold word ids until their
    postings are made, then take their stems' ids all at once. Each word is
    stemmed once, and a word shared by several fields is looked up once."""

    def __init__(self, words: WordIds[str], stem: Callable[[str], str]) -> None:
        self.words, self.stem = words, stem
        self.terms: list[str] = []
        self._ids: dict[str, int] = {}
        self._of = array("I")

    def update(self) -> None:
        """Stem the words numbered since the last update."""
        for word in self.words.terms[len(self._of) :]:
            term = self.stem(word)
            number = self._ids.get(term)
            if number is None:
                number = self._ids[term] = len(self.terms)
                self.terms.append(term)
            self._of.append(number)

    def numbered(self, ids: np.ndarray) -> np.ndarray:
        """The stem ids of the words ``ids``."""
        self.update()
        return np.frombuffer(self._of, dtype=_UINT32)[ids]

    def forget_words(self) -> None:
        """Keep ``terms`` and the stems of the words seen: what writing the segment needs."""
        self.update()
        self._ids.clear()


@dataclass
class Tokens:
    """The term ids of one field, document after document, since the last spill."""

    ids: array = field(default_factory=lambda: array(IDS))
    docs: array = field(default_factory=lambda: array("I"))
    counts: array = field(default_factory=lambda: array("I"))

    def add(self, docnum: int, ids: bytes) -> int:
        """Add a document's ids (:func:`packed`), its first word at position 0
        (the product's analyzers drop no word). Returns how many."""
        count = len(ids) // self.ids.itemsize
        self.ids.frombytes(ids)
        self.docs.append(docnum)
        self.counts.append(count)
        return count

    def run(self, positions: bool, table: WordIds[Any] | StemIds) -> Run:
        """The postings of these tokens, by term (``table`` numbers them) and then document."""
        if not self.ids:
            empty = np.zeros(0, dtype=_UINT32)
            starts = np.zeros(len(table.terms) + 1, dtype=np.int64)
            return Run(empty, empty, starts, empty if positions else None)
        ids = table.numbered(np.frombuffer(self.ids, dtype=_UINT32))
        terms = len(table.terms)
        counts = np.frombuffer(self.counts, dtype=_UINT32)
        # Documents come in order, so ordering by term, then by token, orders by
        # both: one sort of 64-bit keys (term, token), 3-4x faster than numpy's
        # stable argsort of the terms.
        key = ids.astype(np.uint64) << np.uint64(32)
        key |= np.arange(len(ids), dtype=np.uint64)
        key.sort()
        order = (key & np.uint64(0xFFFFFFFF)).astype(_UINT32)
        ids = (key >> np.uint64(32)).astype(_UINT32)
        del key
        docs = np.repeat(np.frombuffer(self.docs, dtype=_UINT32), counts)[order]
        starts = np.flatnonzero(np.r_[True, (ids[1:] != ids[:-1]) | (docs[1:] != docs[:-1])])
        freqs = np.diff(np.r_[starts, len(ids)]).astype(np.uint32)
        where = None
        if positions:
            # A token's position: its index in the run, less its document's first index.
            offsets = (np.cumsum(counts, dtype=np.int64) - counts).astype(_UINT32)
            where = np.arange(len(order), dtype=_UINT32)
            where -= np.repeat(offsets, counts)
            where = where[order]
        term_starts = np.searchsorted(ids[starts], np.arange(terms + 1))
        return Run(docs[starts], freqs, term_starts, where)


@dataclass
class Run:
    """Postings of one field sorted by term id: ``term_starts[t]`` is where term t begins."""

    docs: np.ndarray
    freqs: np.ndarray
    term_starts: np.ndarray
    positions: np.ndarray | None

    def save(self, folder: Path) -> Run:
        """This run written to ``folder`` and read back memory-mapped."""
        folder.mkdir(parents=True)
        names = ("docs", "freqs", "term_starts", "positions")
        for name in names:
            if getattr(self, name) is not None:
                np.save(folder / f"{name}.npy", getattr(self, name))
        docs, freqs, starts = (np.load(folder / f"{n}.npy", mmap_mode="r") for n in names[:3])
        return Run(docs, freqs, starts, _load(folder, "positions"))

    @cached_property
    def position_starts(self) -> np.ndarray:
        """Where each posting's positions begin (they are ``freqs`` long)."""
        return np.r_[0, np.cumsum(self.freqs, dtype=np.int64)]

    def empty(self) -> bool:
        return not len(self.docs)


def _load(folder: Path, name: str) -> np.ndarray | None:
    path = folder / f"{name}.npy"
    return np.load(path, mmap_mode="r") if path.exists() else None
