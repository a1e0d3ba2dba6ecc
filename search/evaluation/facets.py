"""Facet counts and date orderings, read from the index's sortable columns.

``source`` and ``category`` are columns of their own; a month is computed from
the ``published`` column (microseconds since 1 January of year 1, UTC) shifted to WIB, so no
extra field is needed and a month means a WIB calendar month.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from index.codec.columns import column_values
from index.fields import DATETIME, FIELDS
from search.presentation.results import FacetValue

PUBLISHED = "published"
# The facets counted from a field's own terms (index/fields.py): source, category.
TERM_FACETS = tuple(f.name for f in FIELDS if f.facets and f.kind != DATETIME)
MICROS_PER_DAY = 86_400 * 1_000_000
WIB_OFFSET = 7 * 3600 * 1_000_000
# What the column holds for an article without a date (the largest unsigned 64-bit number).
MISSING = 2**64 - 1


def _day_number(raw: int) -> int | None:
    """The WIB day of a raw value as a number (days since 1 January of year 1)."""
    return None if raw >= MISSING else (raw + WIB_OFFSET) // MICROS_PER_DAY


def _per_day(days: list[int | None], key) -> list[str | None]:
    """``key`` of each day number, computed once per distinct day."""
    keys: dict[int | None, str | None] = {None: None}
    for day in set(days):
        if day is not None:
            keys[day] = key(day * MICROS_PER_DAY - WIB_OFFSET)
    return [keys[day] for day in days]


def wib_day(raw: int | None) -> date | None:
    """The WIB calendar day of a raw ``published`` column value.

    The last hours of 31 December 9999 UTC are 1 January 10000 in WIB, a day
    no date can hold: they count as 31 December 9999.
    """
    if raw is None or raw >= MISSING:
        return None
    return date.fromordinal(min(1 + (raw + WIB_OFFSET) // MICROS_PER_DAY, date.max.toordinal()))


def month_key(raw: int) -> str | None:
    day = wib_day(raw)
    return None if day is None else f"{day.year:04d}-{day.month:02d}"


def year_key(raw: int) -> str | None:
    day = wib_day(raw)
    return None if day is None else f"{day.year:04d}"


def week_key(raw: int) -> str | None:
    """The Monday starting the ISO week, ``2019-07-29``."""
    day = wib_day(raw)
    return None if day is None else (day - timedelta(days=day.weekday())).isoformat()


def counts(groups: dict, chronological: bool) -> list[FacetValue]:
    """Facet values with their counts, empty values dropped.

    Outlets and categories come largest first (ties by name); weeks, months
    and years in time order.
    """
    values = [FacetValue(str(k), int(n)) for k, n in groups.items() if k not in (None, "")]
    if chronological:
        return sorted(values, key=lambda v: v.value)
    return sorted(values, key=lambda v: (-v.count, v.value))


class FacetTable:
    """Each article's facet values by document number, read once per index version.

    Values are coded as small integers, so counting a facet over the matching
    document numbers is one ``numpy.bincount``, instead of Whoosh calling a
    categorizer for every match.
    """

    def __init__(self, reader) -> None:
        days = [_day_number(raw) for raw in column_values(reader, PUBLISHED, translate=False)]
        values = {name: column_values(reader, name) for name in TERM_FACETS}
        values |= {
            "month": _per_day(days, month_key),
            "week": _per_day(days, week_key),
            "year": _per_day(days, year_key),
        }
        self.labels: dict[str, list[str]] = {}
        self.codes: dict[str, np.ndarray] = {}
        for name, column in values.items():
            labels = sorted({value or "" for value in column})
            index = {label: code for code, label in enumerate(labels)}
            self.labels[name] = labels
            self.codes[name] = np.fromiter(
                (index[value or ""] for value in column), dtype=np.int32, count=len(column)
            )

    def count(self, name: str, docnums: np.ndarray) -> dict[str, int]:
        """How many of ``docnums`` (an array of document numbers) have each value."""
        labels = self.labels[name]
        found = np.bincount(self.codes[name][docnums], minlength=len(labels))
        return {labels[code]: int(found[code]) for code in np.flatnonzero(found)}
