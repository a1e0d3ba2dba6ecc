"""A build's segment written from token arrays rather than Whoosh's posting pool.

Whoosh's writer turns every token into a Python object, every posting into a
tuple in a pool it sorts, and writes every posting with one call; that was
~12 ms of CPU an article. Here an article's text fields become lists of
integer ids (one dictionary lookup per word: the word's stem, or the word
itself), appended to one array per field. At the end, or when the arrays
reach the memory limit, they are sorted by term and document with numpy and
cut into postings; each term is then written in Whoosh 3's block format
(:mod:`index.blocks`). Stored fields, field lengths and sortable columns go
through Whoosh's own per-document writer, and fields analysed some other way
(ids, dates) through the field's own ``index``. The segment is an ordinary
Whoosh segment: searchers, updates and merges read it as their own.
"""

from __future__ import annotations

import shutil
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from pickle import dumps

import numpy as np
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint, pack_ushort
from whoosh.writing import SegmentWriter

from index.analysis import first_position, indonesian_analyzer, surface_analyzer, surface_words
from index.blocks import COMPRESS_FROM, term_bytes
from index.schema import JOINED
from index.stemming import stem

_UINT32 = np.dtype(np.uint32)


class WordIds(dict):
    """Word → id of its term, numbering each new term on first sight.

    ``terms`` lists the terms by id. With ``stem`` the term of a word is its
    stem, so every form of a word gets the id of one term.
    """

    def __init__(self, stem: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self.stem = stem
        self.terms: list[str] = []
        self._ids: dict[str, int] = {}

    def __missing__(self, word: str) -> int:
        term = self.stem(word) if self.stem else word
        number = self._ids.get(term)
        if number is None:
            number = self._ids[term] = len(self.terms)
            self.terms.append(term)
        self[word] = number
        return number


@dataclass
class Tokens:
    """The term ids of one field, document after document, since the last spill."""

    ids: array = field(default_factory=lambda: array("I"))
    docs: array = field(default_factory=lambda: array("I"))
    counts: array = field(default_factory=lambda: array("I"))
    firsts: array = field(default_factory=lambda: array("I"))

    def add(self, docnum: int, ids: list[int], first: int = 0) -> None:
        """Add a document's ids; ``first`` is the position of its first word."""
        self.ids.extend(ids)
        self.docs.append(docnum)
        self.counts.append(len(ids))
        self.firsts.append(first)

    def run(self, positions: bool, terms: int) -> Run:
        """The postings of these tokens, by term and then document."""
        if not self.ids:
            empty = np.zeros(0, dtype=_UINT32)
            return Run(
                empty, empty, np.zeros(terms + 1, dtype=np.int64), empty if positions else None
            )
        ids = np.frombuffer(self.ids, dtype=_UINT32)
        counts = np.frombuffer(self.counts, dtype=_UINT32)
        docs = np.repeat(np.frombuffer(self.docs, dtype=_UINT32), counts)
        order = np.argsort((ids.astype(np.uint64) << np.uint64(32)) | docs, kind="stable")
        ids, docs = ids[order], docs[order]
        starts = np.flatnonzero(np.r_[True, (ids[1:] != ids[:-1]) | (docs[1:] != docs[:-1])])
        freqs = np.diff(np.r_[starts, len(ids)]).astype(np.uint32)
        where = None
        if positions:
            starts_at = np.frombuffer(self.firsts, dtype=_UINT32).astype(np.int64)
            shift = np.repeat(starts_at - (np.cumsum(counts) - counts), counts)
            where = (np.arange(len(order)) + shift)[order].astype(np.uint32)
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
        return Run(*(_load(folder, name) for name in names))

    def slices(self, term: int) -> tuple[slice, slice] | None:
        """Where term ``term``'s postings and positions are, None if it has none here."""
        if term + 1 >= len(self.term_starts):
            return None
        start, end = int(self.term_starts[term]), int(self.term_starts[term + 1])
        if start == end:
            return None
        if self.positions is None:
            return slice(start, end), slice(0, 0)
        first = self.position_starts
        return slice(start, end), slice(int(first[start]), int(first[end]))

    @cached_property
    def position_starts(self) -> np.ndarray:
        """Where each posting's positions begin (they are ``freqs`` long)."""
        return np.r_[0, np.cumsum(self.freqs, dtype=np.int64)]

    def empty(self) -> bool:
        return not len(self.docs)


def _load(folder: Path, name: str) -> np.ndarray | None:
    path = folder / f"{name}.npy"
    return np.load(path, mmap_mode="r") if path.exists() else None


@dataclass(frozen=True)
class Plan:
    """How one text field is analysed here: by stems or as written, from which fields."""

    stemmed: bool
    parts: tuple[str, ...]
    positions: bool


def plans(schema) -> dict[str, Plan]:
    """The fields this writer analyses itself: those with the product's analyzers."""
    stemmed, surface = indonesian_analyzer(), surface_analyzer()
    found = {}
    for name in schema.names():
        fieldobj = schema[name]
        analyzer = getattr(fieldobj, "analyzer", None)
        fmt = fieldobj.format
        if analyzer is None or type(fmt) not in (Frequency, Positions):
            continue
        if fmt.field_boost != 1.0 or fieldobj.vector or fieldobj.separate_spelling():
            continue
        if analyzer in (stemmed, surface):
            parts = JOINED.get(name, (name,))
            found[name] = Plan(analyzer == stemmed, parts, type(fmt) is Positions)
    return found


class ArraySegmentWriter(SegmentWriter):
    """A Whoosh ``SegmentWriter`` for new documents only (builds), with array postings.

    ``limitmb`` bounds the token arrays kept in memory; past it they are
    sorted into a run on disk, and the runs are joined term by term at the end.
    ``compress_from``: see :data:`index.blocks.COMPRESS_FROM`.
    """

    def __init__(
        self, ix, limitmb: int = 128, compress_from: int = COMPRESS_FROM, **kwargs
    ) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self._limit = limitmb * 1024 * 1024
        self._compress_from = compress_from
        self._plans = plans(self.schema)
        self._ids = {True: WordIds(stem), False: WordIds()}
        self._tokens = {name: Tokens() for name in self._plans}
        self._runs: dict[str, list[Run]] = {name: [] for name in self._plans}
        self._others: dict[str, dict[bytes, list]] = defaultdict(lambda: defaultdict(list))
        self._lengths: dict[str, array] = defaultdict(lambda: array("I"))
        self._spills: Path | None = None
        self._tokens_held = 0

    def add_document(self, **fields) -> None:
        self._check_state()
        if any(name.startswith("_") for name in fields):
            raise ValueError("boosts and stored values that differ are not supported here")
        names = sorted(fields)
        self._check_fields(self.schema, names)
        docnum = self.docnum
        perdoc = self.perdocwriter
        words: dict[str, list[str]] = {}
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                fieldobj = self.schema[name]
                length = 0
                if fieldobj.indexed:
                    length = self._index(name, fieldobj, value, fields, words, docnum)
                if fieldobj.scorable:
                    lengths = self._lengths[name]
                    lengths.extend([0] * (docnum - len(lengths)))
                    lengths.append(length)
                perdoc.add_field(name, fieldobj, value if fieldobj.stored else None, length)
                if fieldobj.column_type:
                    column_value = fieldobj.to_column_value(value)
                    perdoc.add_column_value(name, fieldobj.column_type, column_value)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1
        if self._tokens_held * 4 > self._limit:
            self._spill()

    def _index(self, name, fieldobj, value, fields, words, docnum) -> int:
        plan = self._plans.get(name)
        if plan is None:
            length = 0
            postings = self._others[name]
            for tbytes, freq, weight, vbytes in fieldobj.index(value):
                length += freq if fieldobj.scorable else 0
                postings[tbytes].append((docnum, weight, vbytes))
            return length
        if not isinstance(value, str):
            raise TypeError(f"field {name!r} takes text, not {type(value).__name__}")
        parts = plan.parts
        if len(parts) > 1 and value != "\n".join(fields.get(p) or "" for p in parts):
            parts = (name,)
        written = []
        for part in parts:
            if part not in words:
                words[part] = surface_words(fields.get(part) or "")
            written += words[part]
        ids = list(map(self._ids[plan.stemmed].__getitem__, written))
        first = 0
        if plan.positions and ids:
            first = first_position(fields.get(part) or "" for part in parts)
        self._tokens[name].add(docnum, ids, first)
        self._tokens_held += len(ids)
        return len(ids)

    def _spill(self) -> None:
        """The token arrays sorted into runs on disk, so memory stays within the limit."""
        if self._spills is None:
            self._spills = Path(tempfile.mkdtemp(prefix="spill-", dir=self.storage.folder))
        for name, runs in self._runs.items():
            runs.append(self._run(name).save(self._spills / f"{name}-{len(runs)}"))
        self._tokens_held = 0

    def _run(self, name: str) -> Run:
        """The field's tokens since the last spill as a run; the tokens are let go."""
        plan, tokens = self._plans[name], self._tokens[name]
        self._tokens[name] = Tokens()
        return tokens.run(plan.positions, len(self._ids[plan.stemmed].terms))

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        for name in self._plans:
            self._runs[name].append(self._run(name))
        indexed = [name for name, runs in self._runs.items() if not all(r.empty() for r in runs)]
        indexed += [name for name, postings in self._others.items() if postings]
        writer = self.fieldwriter
        for name in sorted(indexed):
            fieldobj = self.schema[name]
            writer.start_field(name, fieldobj)
            key = pack_ushort(writer._fieldid)
            terms = self._array_terms(name) if name in self._plans else self._other_terms(name)
            for btext, docs, weights, values in terms:
                lengths = self._field_lengths(name, docs)
                size = fieldobj.format.fixed_value_size()
                data, info = term_bytes(
                    docs.tolist(), weights, values, lengths, size, self._compress_from
                )
                info.set_extent(writer._postfile.tell(), len(data))
                writer._postfile.write(data)
                writer._tindex.add(key + btext, info.to_bytes())
            writer.finish_field()
        self.fieldwriter.close()

    def _field_lengths(self, name: str, docs: np.ndarray) -> list[int] | None:
        if name not in self._lengths:
            return None
        if not isinstance(self._lengths[name], np.ndarray):
            self._lengths[name] = np.frombuffer(self._lengths[name], dtype=_UINT32)
        return self._lengths[name][docs].tolist()

    def _array_terms(self, name: str):
        plan = self._plans[name]
        runs = self._runs.pop(name)
        terms = self._ids[plan.stemmed].terms
        present = np.unique(np.concatenate([np.flatnonzero(np.diff(r.term_starts)) for r in runs]))
        encoded = sorted((terms[t].encode("utf-8"), t) for t in present.tolist())
        for btext, term in encoded:
            found = [(run, run.slices(term)) for run in runs]
            found = [(run, where) for run, where in found if where is not None]
            docs = _joined([run.docs[where[0]] for run, where in found])
            freqs = _joined([run.freqs[where[0]] for run, where in found])
            if plan.positions:
                positions = _joined([run.positions[where[1]] for run, where in found])
                values = _position_values(positions.tolist(), freqs.tolist())
            else:
                values = freqs.astype(">u4").tobytes()
            yield btext, docs, [float(f) for f in freqs.tolist()], values

    def _other_terms(self, name: str):
        joined = self.schema[name].format.fixed_value_size()
        for btext, postings in sorted(self._others.pop(name).items()):
            docs = np.fromiter((p[0] for p in postings), dtype=np.int64, count=len(postings))
            weights = [float(p[1]) for p in postings]
            values = [p[2] for p in postings if p[2]]
            yield btext, docs, weights, b"".join(values) if joined else values

    def _close_segment(self) -> None:
        super()._close_segment()
        if self._spills is not None:
            shutil.rmtree(self._spills, ignore_errors=True)
            self._spills = None

    def add_reader(self, reader) -> None:
        raise NotImplementedError("ArraySegmentWriter writes new documents only")

    def delete_document(self, docnum: int, delete: bool = True) -> None:
        raise NotImplementedError("ArraySegmentWriter writes new documents only")


def _joined(pieces: list[np.ndarray]) -> np.ndarray:
    return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)


def _position_values(positions: list[int], freqs: list[int]) -> list[bytes]:
    """Each posting's positions encoded as Whoosh's ``Positions`` format does."""
    values = []
    start = 0
    for freq in freqs:
        mine = positions[start : start + freq]
        deltas = [mine[0], *[b - a for a, b in zip(mine, mine[1:], strict=False)]]
        values.append(pack_uint(freq) + dumps(deltas, 2))
        start += freq
    return values
