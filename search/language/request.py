"""What a search asks for, in one object shared by the page, the API, the CLI and the feed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from index.fields import FACETS as FIELD_FACETS

SORTS = ("relevance", "newest", "oldest")
# The facet groups of the field table (index/fields.py): an outlet, a category, a month, a week.
FACETS = FIELD_FACETS
# What the page and the API count unless asked otherwise.
DEFAULT_FACETS = ("source", "category", "month")
# The longest query searched, in characters: the web's default (``MAX_QUERY_CHARS`` in
# ``web/settings.py``, which sets the app's engine) and the command line's.
MAX_QUERY_CHARS = 500


class QueryTooLong(ValueError):
    """A query longer than the engine's limit: refused whole, never cut, since a cut
    query searches less than was asked and would be cached under what was asked."""


@dataclass(frozen=True)
class SearchRequest:
    """One search: the query text, the page wanted, the order, and the filters.

    ``date_from`` and ``date_to`` are calendar days in Western Indonesia Time
    (WIB), both included; ``since`` an instant (aware), for "the last 24 hours".
    ``months`` (``2019-07``, WIB), ``sources`` and ``categories`` each allow any of
    their values (OR); different filters must all hold (AND). ``facets`` names
    the facet groups to count (none by default: counting costs a pass over
    every match); ``month`` and ``week`` (its Monday) are WIB periods.
    ``expand`` lets query-time expansion (synonyms) apply; ``correct`` lets a
    typo be searched corrected (``search/language/correction.py``), false: exactly as typed.
    """

    q: str
    page: int = 1
    per_page: int = 10
    sort: str = "relevance"
    date_from: date | None = None
    date_to: date | None = None
    since: datetime | None = None
    months: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    expand: bool = True
    correct: bool = True
    facets: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        unknown = set(self.facets) - set(FACETS)
        if unknown:
            raise ValueError(f"unknown facets: {', '.join(sorted(unknown))}")
        if self.page < 1 or self.per_page < 1:
            raise ValueError("page and per_page must be 1 or more")
        # Lists are accepted and kept as tuples, so a request stays hashable (cache keys).
        for name in ("months", "sources", "categories", "facets"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    def check_length(self, max_chars: int) -> None:
        """Raise :class:`QueryTooLong` if ``q`` is over ``max_chars`` characters."""
        if len(self.q) > max_chars:
            raise QueryTooLong(f"the query is longer than {max_chars} characters")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def has_filters(self) -> bool:
        return bool(
            self.date_from
            or self.date_to
            or self.since
            or self.months
            or self.sources
            or self.categories
        )

    @property
    def has_period(self) -> bool:
        """Whether a filter sets a period of time (which turns the recency preference off)."""
        return bool(self.date_from or self.date_to or self.since or self.months)
