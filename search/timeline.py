"""Matching articles over time: the corpus's date span and counts per month across it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date
from weakref import WeakKeyDictionary

from index.dates import WIB
from search.formatting import format_month

_spans: WeakKeyDictionary = WeakKeyDictionary()


def corpus_span(searcher) -> tuple[date, date] | None:
    """The first and last publication day (WIB) in the index; None when nothing is dated.

    Read from the ``published`` terms once per index reader (about 40 ms for 22,000 articles).
    """
    reader = searcher.reader()
    if reader not in _spans:
        field = searcher.schema["published"]
        first = last = None
        for term in field.sortable_terms(reader, "published"):
            last = term
            if first is None:
                first = term
        _spans[reader] = (
            None
            if first is None
            else tuple(
                field.from_bytes(term).replace(tzinfo=UTC).astimezone(WIB).date()
                for term in (first, last)
            )
        )
    return _spans[reader]


@dataclass(frozen=True)
class Period:
    key: str  # "2019-07"
    label: str  # "Juli 2019"
    count: int


def months_between(first: date, last: date) -> list[str]:
    """Every month from ``first``'s to ``last``'s, as ``YYYY-MM``."""
    keys, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def monthly(counts: dict[str, int], span: tuple[date, date] | None) -> list[Period]:
    """Counts per month over the corpus's span (months without a match count 0)."""
    keys = sorted(counts)
    if span is not None:
        keys = sorted(set(months_between(*span)) | set(keys))
    return [Period(key, format_month(key), counts.get(key, 0)) for key in keys]
