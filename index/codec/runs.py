"""Postings of many terms gathered from a field's runs and their values encoded.

A field's postings are held in one or more :class:`~index.codec.tokens.Run`
(one per spill to disk); each chunk of terms takes its postings from every run
with array operations, ordered by term and then run (so by document), and
each posting's positions are encoded as Whoosh's ``Positions`` format does.
"""

from __future__ import annotations

from functools import cache
from pickle import dumps

import numpy as np
from whoosh.system import pack_uint

from index.codec.tokens import Run

# Postings gathered and turned into lists at a time (~150 bytes each as lists).
CHUNK_POSTINGS = 250_000
# Postings at a single position below this take their encoded value from a table.
ONE_POSITION = 8192


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indexes ``start, start + 1, …`` of every range, one range after another."""
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    steps = np.ones(total, dtype=np.int64)
    ends = np.cumsum(counts)
    nonempty = counts > 0
    firsts = (ends - counts)[nonempty]
    steps[firsts] = starts[nonempty]
    steps[firsts[1:]] -= (starts + counts - 1)[nonempty][:-1]
    return np.cumsum(steps)


def _spans(run: Run, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each term of ``ids`` starts and ends in ``run`` (equal: none there)."""
    known = ids < len(run.term_starts) - 1
    starts = np.zeros(len(ids), dtype=np.int64)
    ends = np.zeros(len(ids), dtype=np.int64)
    starts[known] = run.term_starts[ids[known]]
    ends[known] = run.term_starts[ids[known] + 1]
    return starts, ends


def postings_per_term(runs: list[Run], ids: np.ndarray) -> np.ndarray:
    counts = np.zeros(len(ids), dtype=np.int64)
    for run in runs:
        starts, ends = _spans(run, ids)
        counts += ends - starts
    return counts


def term_chunks(counts: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive ranges of terms holding up to CHUNK_POSTINGS postings (at least one term)."""
    total = np.cumsum(counts)
    chunks, first = [], 0
    while first < len(counts):
        before = int(total[first - 1]) if first else 0
        last = int(np.searchsorted(total, before + CHUNK_POSTINGS, side="right"))
        last = min(max(last, first + 1), len(counts))
        chunks.append((first, last))
        first = last
    return chunks


def gathered(runs: list[Run], ids: np.ndarray, positions: bool):
    """The postings of terms ``ids`` from every run: documents, frequencies, the
    postings of each term, and positions; by term, then run (so by document)."""
    docs, freqs, groups, where, where_groups = [], [], [], [], []
    counts = np.zeros(len(ids), dtype=np.int64)
    for number, run in enumerate(runs):
        starts, ends = _spans(run, ids)
        found = ends - starts
        counts += found
        picked = _ranges(starts, found)
        docs.append(run.docs[picked])
        freqs.append(run.freqs[picked])
        group = np.arange(len(ids), dtype=np.int64) * len(runs) + number
        groups.append(np.repeat(group, found))
        if positions:
            assert run.positions is not None  # a field with positions keeps them in each run
            first = run.position_starts
            spans = first[ends] - first[starts]
            where.append(run.positions[_ranges(first[starts], spans)])
            where_groups.append(np.repeat(group, spans))
    if len(runs) == 1:
        return docs[0], freqs[0], counts, where[0] if positions else None
    order = np.argsort(np.concatenate(groups), kind="stable")
    found_positions = None
    if positions:
        found_positions = np.concatenate(where)[
            np.argsort(np.concatenate(where_groups), kind="stable")
        ]
    return np.concatenate(docs)[order], np.concatenate(freqs)[order], counts, found_positions


def position_values(positions: np.ndarray, freqs: np.ndarray) -> list[bytes]:
    """Each posting's positions encoded as Whoosh's ``Positions`` format does:
    their count, then the pickled list of gaps (the first from 0). A posting at
    one position below ``ONE_POSITION`` (most of them) takes its bytes from a table."""
    ends = np.cumsum(freqs, dtype=np.int64)
    starts = ends - freqs
    firsts = positions[starts].astype(np.int64)
    simple = (freqs == 1) & (firsts < ONE_POSITION)
    table = _one_position(ONE_POSITION) or [b""]
    values = list(map(table.__getitem__, np.where(simple, firsts, 0).tolist()))
    others = np.flatnonzero(~simple)
    if len(others):
        gaps = np.diff(positions.astype(np.int64), prepend=0)
        gaps[starts] = positions[starts]
        listed = gaps.tolist()
        for n, start, end in zip(
            others.tolist(), starts[others].tolist(), ends[others].tolist(), strict=True
        ):
            values[n] = pack_uint(end - start) + dumps(listed[start:end], 2)
    return values


@cache
def _one_position(size: int) -> list[bytes]:
    """The ``Positions`` value of a posting at one position, for each position
    below ``size``. A block's postings at the same position then share one bytes
    object, which its pickle writes once and refers back to: Whoosh's own writer
    makes one object per posting, so those blocks are smaller than its own, and
    read back the same."""
    return [pack_uint(1) + dumps([position], 2) for position in range(size)]
