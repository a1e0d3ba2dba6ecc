"""Facet tables kept by segment across index versions, joined for each version.

A version's facet table reads every article's outlet, category and date
(``search/evaluation/facets.py``), most of a second at 1×, in the first request after
every switch. A segment's columns never change (``search/state/carryover.py``), so
each segment's table is kept by the segment's identity and a version's table
joins them: the labels of all segments, each segment's codes renumbered into
them. An update then reads only its new segment.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from index.codec.terms import segment_key
from search.evaluation.facets import FacetTable
from search.state.cache import Lru

SEGMENTS_KEPT = 64


def joined(tables: list[FacetTable]) -> FacetTable:
    """One table over ``tables``' documents, one segment after another."""
    if len(tables) == 1:
        return tables[0]
    table = FacetTable.__new__(FacetTable)
    table.labels, table.codes = {}, {}
    for name in tables[0].labels:
        labels = sorted(set().union(*(part.labels[name] for part in tables)))
        code = {label: n for n, label in enumerate(labels)}
        table.labels[name] = labels
        table.codes[name] = np.concatenate(
            [
                np.array([code[label] for label in part.labels[name]], dtype=np.int32)[
                    part.codes[name]
                ]
                for part in tables
            ]
        )
    return table


def facet_table(reader, kept: Lru[FacetTable]) -> FacetTable:
    """The facet table of ``reader``'s index version, from the segments' tables in ``kept``."""
    return joined(
        [
            kept.get_or_make(segment_key(segment), partial(FacetTable, segment))
            for segment, _ in reader.leaf_readers()
        ]
    )
