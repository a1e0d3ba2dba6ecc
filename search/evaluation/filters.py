"""Filters on outlet, category and publication date, as Whoosh queries.

``published`` is stored as UTC without a zone; a calendar day asked for is a
day in Western Indonesia Time (UTC+7), so 1 July WIB starts at 30 June 17:00 UTC.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from whoosh import query as Q

from index.dates import WIB
from index.normalize import normalize_category, normalize_source
from search.language.request import SearchRequest


def wib_day_start(day: date) -> datetime:
    """The first instant of ``day`` in WIB, as the index stores it (naive UTC)."""
    return datetime.combine(day, time(0), tzinfo=WIB).astimezone(UTC).replace(tzinfo=None)


def date_range(first: date | None, last: date | None) -> Q.Query | None:
    """Articles published from the start of ``first`` to the end of ``last`` (WIB days)."""
    if first is None and last is None:
        return None
    # The first and last days a datetime can hold are open ends (no overflow at the edges).
    start = wib_day_start(first) if first and first > date.min else None
    end = wib_day_start(last + timedelta(days=1)) if last and last < date.max else None
    if start is None and end is None:
        return Q.Every()
    return Q.DateRange("published", start, end, endexcl=True)


def since_query(moment: datetime | None) -> Q.Query | None:
    """Articles published at ``moment`` (an aware instant) or later."""
    if moment is None:
        return None
    return Q.DateRange("published", moment.astimezone(UTC).replace(tzinfo=None), None)


def month_days(value: str) -> tuple[date, date]:
    """``2019-07`` → its first and last day; a ValueError for anything else."""
    year, month = (int(part) for part in value.split("-"))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def months_query(months: tuple[str, ...]) -> Q.Query | None:
    """Articles of any of ``months`` (WIB calendar months, ``2019-07``)."""
    ranges = [date_range(*month_days(value)) for value in sorted(set(months))]
    if not ranges:
        return None
    return ranges[0] if len(ranges) == 1 else Q.Or(ranges)


def any_of(fieldname: str, values: tuple[str, ...]) -> Q.Query | None:
    terms = sorted({v for v in values if v})
    if not terms:
        return None
    if len(terms) == 1:
        return Q.Term(fieldname, terms[0])
    return Q.Or([Q.Term(fieldname, value) for value in terms])


def source_query(values: tuple[str, ...]) -> Q.Query | None:
    return any_of("source", tuple(normalize_source(v) for v in values))


def category_query(
    values: tuple[str, ...], known: Mapping[str, str] | None = None
) -> Q.Query | None:
    """Categories named in any case; ``known`` maps lower-cased names to the index's."""
    known = known or {}
    names = (" ".join(v.split()) for v in values)
    return any_of("category", tuple(known.get(n.lower(), normalize_category(n)) for n in names))


def filter_parts(
    request: SearchRequest, categories: Mapping[str, str] | None = None
) -> dict[str, Q.Query]:
    """The request's filters by facet name (``source``, ``category``, ``month``) or by what
    they hold (``date``, ``since``): a facet is counted without its own filter."""
    parts = {
        "source": source_query(request.sources),
        "category": category_query(request.categories, categories),
        "month": months_query(request.months),
        "date": date_range(request.date_from, request.date_to),
        "since": since_query(request.since),
    }
    return {name: part for name, part in parts.items() if part is not None}


def combine(parts: list[Q.Query]) -> Q.Query | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else Q.And(parts)
