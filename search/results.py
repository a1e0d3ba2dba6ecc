"""The one result shape behind the page, the JSON API and the CLI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    url: str
    source: str
    category: str
    published: datetime | None
    snippet: str  # HTML: the article's text escaped, matched words in <mark>
    score: float

    def to_dict(self) -> dict:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        data["score"] = round(self.score, 4)
        return data


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet (an outlet, a category, a month ``2019-07``) and its matches."""

    value: str
    count: int

    def to_dict(self) -> dict:
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    page: int
    per_page: int
    took_ms: float
    hits: list[Hit] = field(default_factory=list)
    # Counts per facet group asked for ("source", "category", "month"), largest
    # first for source and category, in time order for month.
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    # A corrected query from the index's own vocabulary, when this one found little.
    suggestion: str | None = None
    # True when not every word was required (the fallback for a query that found nothing).
    relaxed: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_rank(self) -> int:
        return (self.page - 1) * self.per_page + 1

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "took_ms": round(self.took_ms, 2),
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {
                name: [value.to_dict() for value in values] for name, values in self.facets.items()
            },
            "suggestion": self.suggestion,
            "relaxed": self.relaxed,
        }
