"""Facet counts and date orderings, read from the index's sortable columns.

``source`` and ``category`` are columns of their own; a month is computed from
the ``published`` column (microseconds since 1 January of year 1, UTC) shifted to WIB, so no
extra field is needed and a month means a WIB calendar month.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from index.columns import column_values
from search.results import FacetValue

PUBLISHED = "published"
_MICROS_PER_DAY = 86_400 * 1_000_000
_WIB_OFFSET = 7 * 3600 * 1_000_000
# What the column holds for an article without a date (the largest unsigned 64-bit number).
MISSING = 2**64 - 1


def _day_number(raw: int) -> int | None:
    """The WIB day of a raw value as a number (days since 1 January of year 1)."""
    return None if raw >= MISSING else (raw + _WIB_OFFSET) // _MICROS_PER_DAY


def _per_day(days: list[int | None], key) -> list[str | None]:
    """``key`` of each day number, computed once per distinct day."""
    keys: dict[int | None, str | None] = {None: None}
    for day in set(days) - keys.keys():
        keys[day] = key(day * _MICROS_PER_DAY - _WIB_OFFSET)
    return [keys[day] for day in days]


def wib_day(raw: int) -> date | None:
    """The WIB calendar day of a raw ``published`` column value."""
    if raw is None or raw >= MISSING:
        return None
    return date.fromordinal(1 + (raw + _WIB_OFFSET) // _MICROS_PER_DAY)


def month_key(raw: int) -> str | None:
    day = wib_day(raw)
    return None if day is None else f"{day.year:04d}-{day.month:02d}"


def week_key(raw: int) -> str | None:
    """The Monday starting the ISO week, ``2019-07-29``."""
    day = wib_day(raw)
    return None if day is None else (day - timedelta(days=day.weekday())).isoformat()


def counts(groups: dict, chronological: bool) -> list[FacetValue]:
    """Facet values with their counts, empty values dropped.

    Outlets and categories come largest first (ties by name); months and
    weeks in time order.
    """
    values = [FacetValue(str(k), int(n)) for k, n in groups.items() if k not in (None, "")]
    if chronological:
        return sorted(values, key=lambda v: v.value)
    return sorted(values, key=lambda v: (-v.count, v.value))


def period_start(day: date, interval: str) -> date:
    if interval == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def period_key(day: date, interval: str) -> str:
    start = period_start(day, interval)
    return start.isoformat() if interval == "week" else f"{start.year:04d}-{start.month:02d}"


def next_period(start: date, interval: str) -> date:
    if interval == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def timeline(
    values: list[FacetValue], first: date | None, last: date | None, interval: str
) -> list[FacetValue]:
    """Every month (or week) from ``first`` to ``last`` with its count, zeros included.

    ``first`` and ``last`` are the corpus's first and last days, so charts of
    different queries share one time axis.
    """
    if first is None or last is None:
        return list(values)
    found = {v.value: v.count for v in values}
    periods = []
    start, end = period_start(first, interval), period_start(last, interval)
    while start <= end:
        key = period_key(start, interval)
        periods.append(FacetValue(key, found.get(key, 0)))
        start = next_period(start, interval)
    return periods


def published_span(reader) -> tuple[date | None, date | None]:
    """The WIB days of the oldest and the newest dated article in the index."""
    column = reader.column_reader(PUBLISHED, translate=False)
    dated = [raw for raw in column if raw < MISSING]
    if not dated:
        return None, None
    return wib_day(min(dated)), wib_day(max(dated))


class FacetTable:
    """Each article's facet values by document number, read once per index version.

    Values are coded as small integers, so counting a facet over the matching
    document numbers is one ``numpy.bincount``, instead of Whoosh calling a
    categorizer for every match.
    """

    def __init__(self, reader) -> None:
        days = [_day_number(raw) for raw in column_values(reader, PUBLISHED, translate=False)]
        values = {
            "source": column_values(reader, "source"),
            "category": column_values(reader, "category"),
            "month": _per_day(days, month_key),
            "week": _per_day(days, week_key),
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
