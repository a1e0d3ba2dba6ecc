"""A build's segment written from token arrays rather than Whoosh's posting pool.

Whoosh's writer turns every token into a Python object, every posting into a
tuple in a pool it sorts, and writes every posting with one call. Here an
article's text fields become arrays of integer ids (:mod:`index.codec.tokens`);
at the end, or when the arrays reach the memory limit, they are sorted by
term and document with numpy and cut into postings (:mod:`index.codec.runs`);
each term is then written in Whoosh 3's block format (:mod:`index.codec.blocks`).
Ids, dates and outlets keep the terms their field's own ``index`` gives,
numbered the same way; a field with any other analyzer takes Whoosh's
per-posting path. Stored fields, field lengths and sortable columns
go through Whoosh's own per-document writer. The segment is an ordinary
Whoosh segment: searchers, updates and merges read it as their own.
"""

from __future__ import annotations

import shutil
import tempfile
from array import array
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from whoosh.analysis import IDTokenizer
from whoosh.fields import DATETIME, ID
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import pack_ushort
from whoosh.util.numeric import to_sortable

from index.analysis import indonesian_analyzer, surface_analyzer
from index.codec.blocks import (
    COMPRESS_FROM,
    FAST_DEFLATE,
    PROTOCOL,
    Deflate,
    TermTable,
    chunk_bytes,
    length_bytes,
    write_terms,
)
from index.codec.runs import gathered, position_values, postings_per_term, term_chunks
from index.codec.tokens import ChunkIds, Run, StemIds, Tokens, WordIds, packed
from index.codec.whoosh_private import (
    HookedSegmentWriter,
    compress_stored_fields,
    field_number,
    field_postings_file,
    replace_term_table,
    write_length_column,
)
from index.schema import JOINED
from index.stemming import stem

# Terms added to the segment's files at a time (``index.codec.blocks.write_terms``).
TERMS_AT_ONCE = 2048

STEMS, WORDS, TERMS = "stems", "words", "terms"


@dataclass(frozen=True)
class Plan:
    """How this writer indexes a field: ``kind`` is STEMS or WORDS (text analysed
    by the product's analyzers, from the text of ``parts``) or TERMS (the
    field's own terms, each once per document: ids, dates, outlets)."""

    kind: str
    parts: tuple[str, ...]
    positions: bool


def plans(schema) -> dict[str, Plan]:
    """The fields this writer indexes itself; Whoosh's own path takes the rest."""
    stemmed, surface = indonesian_analyzer(), surface_analyzer()
    found = {}
    for name in schema.names():
        fieldobj = schema[name]
        fmt = fieldobj.format
        if (
            not fieldobj.indexed
            or fmt.field_boost != 1.0
            or fieldobj.vector
            or fieldobj.separate_spelling()
        ):
            continue
        analyzer = getattr(fieldobj, "analyzer", None)
        if type(fmt) is Existence and not fieldobj.scorable:
            found[name] = Plan(TERMS, (name,), False)
        elif type(fmt) in (Frequency, Positions) and analyzer in (stemmed, surface):
            kind = STEMS if analyzer == stemmed else WORDS
            found[name] = Plan(kind, JOINED.get(name, (name,)), type(fmt) is Positions)
    return found


class ArraySegmentWriter(HookedSegmentWriter):
    """A Whoosh ``SegmentWriter`` for new documents only (builds), with array postings.

    ``limitmb`` bounds the token arrays kept in memory; past it they are
    sorted into a run on disk, and the runs are joined term by term at the end.
    ``compress_from``: see :data:`index.codec.blocks.COMPRESS_FROM`; ``deflate``: what
    compresses the blocks and each document's stored fields (:class:`index.codec.blocks.Deflate`);
    ``protocol``: the blocks' pickle protocol (:data:`index.codec.blocks.PROTOCOL`).
    """

    def __init__(
        self,
        ix,
        limitmb: float = 128,
        compress_from: int = COMPRESS_FROM,
        deflate: Deflate = FAST_DEFLATE,
        protocol: int = PROTOCOL,
        **kwargs,
    ) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        # The stored fields too: Whoosh's reader decompresses any zlib stream.
        compress_stored_fields(self.perdocwriter, deflate.compress, deflate.level)
        self._limit = limitmb * 1024 * 1024
        self._compress_from, self._deflate, self._protocol = compress_from, deflate, protocol
        self._plans = plans(self.schema)
        words: WordIds[str] = WordIds()
        self._chunks = ChunkIds(words)
        shared: dict[str, WordIds[Any] | StemIds] = {STEMS: StemIds(words, stem), WORDS: words}
        self._ids: dict[str, WordIds[Any] | StemIds] = {
            name: shared[plan.kind] if plan.kind in shared else WordIds()
            for name, plan in self._plans.items()
        }
        self._tokens = {name: Tokens() for name in self._plans}
        self._runs: dict[str, list[Run]] = {name: [] for name in self._plans}
        self._others: dict[str, dict[bytes, list]] = defaultdict(lambda: defaultdict(list))
        self._lengths: dict[str, array] = defaultdict(lambda: array("I"))
        self._spills: Path | None = None
        self._tokens_held = 0

    def add_document(self, **fields) -> None:
        self.check_state()
        if any(name.startswith("_") for name in fields):
            raise ValueError("boosts and stored values that differ are not supported here")
        names = sorted(fields)
        self.check_fields(names)
        docnum = self.docnum
        perdoc = self.perdocwriter
        # The word ids of each part (title, body).
        words: dict[str, bytes] = {}
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
                # Lengths are written at the end (_write_lengths), not a document at a time.
                perdoc.add_field(name, fieldobj, value if fieldobj.stored else None, 0)
                if fieldobj.column_type:
                    column_value = fieldobj.to_column_value(value)
                    perdoc.add_column_value(name, fieldobj.column_type, column_value)
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self.mark_added()
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
        if plan.kind == TERMS:
            table = self._ids[name]
            assert isinstance(table, WordIds)  # a field of terms numbers them itself
            ids = packed(map(table.__getitem__, _terms_of(fieldobj, value)))
            self._tokens_held += self._tokens[name].add(docnum, ids)
            return 0
        if not isinstance(value, str):
            raise TypeError(f"field {name!r} takes text, not {type(value).__name__}")
        parts = plan.parts
        if len(parts) > 1 and value != "\n".join(fields.get(p) or "" for p in parts):
            parts = (name,)
        for part in parts:
            # Title and body are numbered once: every text field reuses their word ids.
            if part not in words:
                words[part] = self._chunks.ids(fields.get(part) or "")
        ids = b"".join([words[part] for part in parts])
        count = self._tokens[name].add(docnum, ids)
        self._tokens_held += count
        return count

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
        return tokens.run(plan.positions, self._ids[name])

    def flush_segment(self) -> None:
        """Write each field's terms; a field's last run is made only when its turn
        comes, and its runs are let go after it, so fields never pile up in memory."""
        held = self._write_lengths()
        self.perdocwriter.close()
        self._chunks.clear()
        for ids in self._ids.values():
            ids.forget_words()
        indexed = [
            name
            for name in self._plans
            if self._tokens[name].ids or not all(run.empty() for run in self._runs[name])
        ]
        indexed += [name for name, postings in self._others.items() if postings]
        writer = self.fieldwriter
        table = replace_term_table(writer, TermTable.taking_over)
        postfile = field_postings_file(writer)
        for name in sorted(indexed):
            fieldobj = self.schema[name]
            writer.start_field(name, fieldobj)
            key = pack_ushort(field_number(writer))
            size = fieldobj.format.fixed_value_size()
            keys, blocks, stats = [], [], []
            for btext, data, found in self._encoded(name, held.get(name), size):
                keys.append(key + btext)
                blocks.append(data)
                stats.append(found)
                if len(keys) == TERMS_AT_ONCE:
                    write_terms(postfile, table, keys, blocks, stats)
                    keys, blocks, stats = [], [], []
            write_terms(postfile, table, keys, blocks, stats)
            writer.finish_field()
        self.fieldwriter.close()

    def _write_lengths(self) -> dict[str, list[int]]:
        """Each field's length column and total length, as Whoosh's per-document
        writer makes them one document at a time, but at once: the column holds
        each document's length byte up to the last that is not 0. Returns those
        bytes by field, for the blocks' statistics."""
        perdoc = self.perdocwriter
        held = {name: length_bytes(lengths) for name, lengths in self._lengths.items()}
        for name, found in held.items():
            column = bytes(found).rstrip(b"\0")
            if column:
                write_length_column(perdoc, name, column, sum(self._lengths[name]))
        return held

    def _encoded(self, name: str, lengths: list[int] | None, size: int | None):
        """``(term bytes, posting-file bytes, statistics)`` of a field's terms, in term order."""
        held = None if lengths is None else np.array(lengths, dtype=np.uint8)
        chunks = self._array_terms(name) if name in self._plans else self._other_terms(name)
        for btexts, docs, weights, counts, values in chunks:
            encoded = chunk_bytes(
                docs,
                weights,
                counts,
                values,
                held,
                size,
                self._compress_from,
                self._deflate,
                self._protocol,
            )
            for btext, (data, found) in zip(btexts, encoded, strict=True):
                yield btext, data, found

    def _array_terms(self, name: str):
        """``(term bytes, documents, frequencies, postings per term, values)`` of
        the field's terms, in term order, a chunk at a time.

        A chunk holds up to CHUNK_POSTINGS postings: each run's postings of the
        chunk's terms are gathered with numpy, and the values encoded, once.
        """
        plan = self._plans[name]
        runs = [run for run in [*self._runs.pop(name), self._run(name)] if not run.empty()]
        terms = self._ids[name].terms
        present = np.unique(np.concatenate([np.flatnonzero(np.diff(r.term_starts)) for r in runs]))
        ordered = sorted((_bytes(terms[t]), t) for t in present.tolist())
        ids = np.fromiter((t for _, t in ordered), dtype=np.int64, count=len(ordered))
        for first, last in term_chunks(postings_per_term(runs, ids)):
            docs, freqs, counts, positions = gathered(runs, ids[first:last], plan.positions)
            if plan.positions:
                values = position_values(positions, freqs)
            else:
                values = freqs.astype(">u4").tobytes()
            yield [btext for btext, _ in ordered[first:last]], docs, freqs, counts, values

    def _other_terms(self, name: str):
        """The terms of a field Whoosh's per-posting path indexed, as one chunk
        (see :meth:`_array_terms`)."""
        joined = self.schema[name].format.fixed_value_size()
        terms = sorted(self._others.pop(name).items())
        postings = [posting for _, found in terms for posting in found]
        docs = np.array([p[0] for p in postings], dtype=np.int64)
        weights = np.array([p[1] for p in postings], dtype=np.float64)
        counts = np.array([len(found) for _, found in terms], dtype=np.int64)
        parts = [p[2] for p in postings if p[2]]
        values = b"".join(parts) if joined else parts
        yield [btext for btext, _ in terms], docs, weights, counts, values

    def close_segment(self) -> None:
        super().close_segment()
        if self._spills is not None:
            shutil.rmtree(self._spills, ignore_errors=True)
            self._spills = None

    def add_reader(self, reader) -> None:
        raise NotImplementedError("ArraySegmentWriter writes new documents only")

    def delete_document(self, docnum: int, delete: bool = True) -> None:
        raise NotImplementedError("ArraySegmentWriter writes new documents only")


def _terms_of(fieldobj, value) -> list[bytes]:
    """The terms ``fieldobj.index(value)`` gives, in fewer steps for an untokenised
    ``ID`` (the value itself) and a ``DATETIME`` (its number converted once, not
    once for each of its eight tiers)."""
    if type(fieldobj) is ID and type(fieldobj.analyzer) is IDTokenizer and isinstance(value, str):
        return [value.encode("utf-8")]
    if type(fieldobj) is DATETIME and isinstance(value, datetime):
        number = fieldobj.prepare_number(fieldobj.prepare_datetime(value))
        number = to_sortable(fieldobj.numtype, fieldobj.bits, fieldobj.signed, number)
        tiers = range(0, fieldobj.bits, fieldobj.shift_step)
        return [fieldobj.sortable_to_bytes(number, shift) for shift in tiers]
    return [tbytes for tbytes, *_ in fieldobj.index(value)]


def _bytes(term: str | bytes) -> bytes:
    return term if isinstance(term, bytes) else term.encode("utf-8")
