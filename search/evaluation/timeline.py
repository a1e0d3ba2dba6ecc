"""The time axis of every chart: the corpus's span and its weeks, months or years.

The span runs from the first to the last live article dated within
:data:`EARLIEST` .. tomorrow (WIB). An article dated 9999 or 1000 (a source's
mistake, or an import by a version that let such dates through) is still
found, sorted and counted in the month facet, but it does not stretch the axis
over centuries. An axis has at most :data:`MAX_BUCKETS` periods: an interval
that would need more over the span gives way to the next longer one
(:func:`fitting_interval`), and :func:`timeline` never makes more, whatever it
is given. Periods are counted as whole numbers, so no date arithmetic runs
past the last day a date can hold.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
from whoosh.reading import IndexReader

from index.codec.columns import numeric_column
from index.dates import WIB
from search.evaluation.facets import MICROS_PER_DAY, MISSING, PUBLISHED, WIB_OFFSET
from search.presentation.results import FacetValue

INTERVALS = ("week", "month", "year")
# The earliest day an axis starts on: older dates are taken for mistakes.
EARLIEST = date(1900, 1, 1)
# The most periods in one axis: every month since EARLIEST fits, weeks over 38 years do not.
MAX_BUCKETS = 2_000

Span = tuple[date | None, date | None]


def published_span(reader: IndexReader, today: date | None = None) -> Span:
    """The WIB days of the oldest and newest live article dated from EARLIEST to the day
    after ``today`` (by default today in WIB); deleted articles do not count."""
    if PUBLISHED not in reader.schema or not reader.has_column(PUBLISHED):
        return None, None
    raw = numeric_column(reader, PUBLISHED).astype(np.uint64)
    raw = raw[np.fromiter(reader.all_doc_ids(), dtype=np.int64)]
    raw = raw[raw != np.uint64(MISSING)].astype(np.int64)  # real dates fit in 63 bits
    days = (raw + WIB_OFFSET) // MICROS_PER_DAY + 1  # ordinals of WIB days
    today = today or datetime.now(WIB).date()
    days = days[(days >= EARLIEST.toordinal()) & (days <= today.toordinal() + 1)]
    if not len(days):
        return None, None
    return date.fromordinal(int(days.min())), date.fromordinal(int(days.max()))


def period_number(day: date, interval: str) -> int:
    """The period holding ``day``, counted from year 1 (weeks from Monday 1 January 1)."""
    if interval == "week":
        return (day.toordinal() - 1) // 7
    if interval == "month":
        return day.year * 12 + day.month - 1
    return day.year


def period_key(number: int, interval: str) -> str:
    """A period's name: its Monday ``2019-07-29``, its month ``2019-07``, its year ``2019``."""
    if interval == "week":
        return date.fromordinal(number * 7 + 1).isoformat()
    if interval == "month":
        return f"{number // 12:04d}-{number % 12 + 1:02d}"
    return f"{number:04d}"


def period_count(span: Span, interval: str) -> int:
    first, last = span
    if first is None or last is None:
        return 0
    return period_number(last, interval) - period_number(first, interval) + 1


def fitting_interval(span: Span, interval: str) -> str:
    """``interval``, or the next longer one when the span needs more than MAX_BUCKETS of it."""
    for candidate in INTERVALS[INTERVALS.index(interval) :]:
        if period_count(span, candidate) <= MAX_BUCKETS:
            return candidate
    return INTERVALS[-1]


def timeline(values: list[FacetValue], first: date | None, last: date | None, interval: str):
    """Every period from ``first`` to ``last`` with its count, zeros included.

    ``first`` and ``last`` are the corpus's span, so charts of different
    queries share one axis; of a span too long even for years, the newest
    MAX_BUCKETS periods.
    """
    if first is None or last is None:
        return list(values)
    found = {v.value: v.count for v in values}
    end = period_number(last, interval)
    start = max(period_number(first, interval), end - MAX_BUCKETS + 1)
    keys = (period_key(number, interval) for number in range(start, end + 1))
    return [FacetValue(key, found.get(key, 0)) for key in keys]


def period_days(value: str, interval: str) -> tuple[date, date]:
    """A period's first and last day (the last capped at the last day a date can hold)."""
    if interval == "week":
        start = date.fromisoformat(value)
        return start, date.fromordinal(min(start.toordinal() + 6, date.max.toordinal()))
    if interval == "month":
        start = date.fromisoformat(value + "-01")
        number = period_number(start, "month") + 1
        if number // 12 > date.max.year:
            return start, date(start.year, 12, 31)
        return start, date(number // 12, number % 12 + 1, 1) - timedelta(days=1)
    start = date(int(value), 1, 1)
    return start, date(start.year, 12, 31)
