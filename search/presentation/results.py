"""The one result shape behind the page, the JSON API and the CLI.

Which stored fields a hit, a near-copy and an article carry is the field table's
(``index/fields.py``); ``tests/index/test_fields.py`` holds these dataclasses to it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from html import escape
from typing import Any

from index.dates import WIB
from index.fields import ARTICLE, BY_NAME, DATETIME, HIT, SIMILAR
from search.presentation.urls import http_url

# Dashes before a paragraph, where a dateline was cut (``JAKARTA - …``); not ``-5``.
LEADING_DASH = re.compile(r"^(?:[-–—]+(?:[\s,]+|$))+")


def aware(published: datetime | None) -> datetime | None:
    """A stored ``published`` (naive UTC) as an aware datetime in WIB; the last hours
    of 9999 (UTC), past what a datetime can hold in WIB, as its last instant."""
    if published is None:
        return None
    try:
        return published.replace(tzinfo=UTC).astimezone(WIB)
    except OverflowError:
        return datetime.max.replace(tzinfo=WIB)


def shown(stored: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The stored fields ``names`` (index/fields.py) as results show them: dates aware, in
    WIB; a URL only when it is a web address; a field the article lacks empty (None when
    the field is nullable: ``group`` in an index built before groups)."""
    values: dict[str, Any] = {}  # each of the field's own type (index/fields.py)
    for name in names:
        value = stored.get(name)
        if BY_NAME[name].kind == DATETIME:
            value = aware(value)
        elif name == "url":
            value = http_url(value or "")
        elif value is None and not BY_NAME[name].nullable:
            value = ""
        values[name] = value
    return values


@dataclass(frozen=True)
class Similar:
    """A near-copy of a hit (the same story, often from another outlet), folded under it."""

    id: str
    title: str
    url: str
    source: str
    published: datetime | None

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["published"] = self.published.isoformat() if self.published else None
        return data


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    url: str
    source: str
    category: str
    author: str
    published: datetime | None
    snippet: str  # HTML: the article's text escaped, matched words in <mark>
    title_html: str  # HTML: the title escaped, matched words in <mark>, as in the snippet
    score: float
    group: str | None = None  # the story's group (index/groups.py); None in an older index
    similar: tuple[Similar, ...] = ()  # the group's other hits on this page, in rank order
    partial: bool = False  # lacks a required word: ranked after every hit that has them all

    @classmethod
    def from_stored(
        cls,
        fields: dict,
        snippet: str,
        score: float,
        title_html: str | None = None,
        partial: bool = False,
    ) -> Hit:
        """A hit from an article's stored fields; its title unmarked unless ``title_html``."""
        values = shown(fields, HIT)
        if title_html is None:
            title_html = escape(values["title"], quote=False)
        return cls(**values, snippet=snippet, title_html=title_html, score=score, partial=partial)

    @property
    def similar_sources(self) -> list[str]:
        """The outlets of the near-copies folded under this hit, each once, in rank order."""
        return list(dict.fromkeys(other.source for other in self.similar))

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}  # asdict deep-copies
        data["published"] = self.published.isoformat() if self.published else None
        data["score"] = round(self.score, 4)
        data["similar"] = [other.to_dict() for other in self.similar]
        return data


def collapse(hits: list[Hit]) -> list[Hit]:
    """``hits`` with each near-copy folded into the best-ranked hit of its group
    (its ``similar``), so one story fills one place on the page."""
    shown: list[Hit] = []
    place: dict[str, int] = {}
    for hit in hits:
        if hit.group is None or hit.group not in place:
            if hit.group is not None:
                place[hit.group] = len(shown)
            shown.append(hit)
            continue
        lead = shown[place[hit.group]]
        other = Similar(**{name: getattr(hit, name) for name in SIMILAR})
        shown[place[hit.group]] = replace(lead, similar=(*lead.similar, other))
    return shown


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
    total: int  # every match the pages hold: the full matches, then any partial ones
    page: int
    per_page: int
    took_ms: float
    hits: list[Hit] = field(default_factory=list)
    # Counts per facet group asked for ("source", "category", "month"), largest
    # first for source and category, in time order for month.
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    # A corrected query from the index's own vocabulary, when this one found little.
    suggestion: str | None = None
    # True when not every word was required: a long query (search/language/matching.py),
    # or partial matches shown after the full ones (fewer than ``Ranking.fill`` of those).
    relaxed: bool = False
    # The corrected query whose results these are, when a typo was searched corrected.
    corrected: str | None = None
    # The index generation searched: a reader paging asks for it again (``gen=``).
    generation: str = ""
    # How many of ``total`` have every required word: ranks 1 to this; None: all of them.
    full_total: int | None = None

    @property
    def full(self) -> int:
        """How many matches have every required word (the first ones)."""
        return self.total if self.full_total is None else self.full_total

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
            "full_total": self.full,
            "page": self.page,
            "per_page": self.per_page,
            "took_ms": round(self.took_ms, 2),
            "hits": [hit.to_dict() for hit in self.hits],
            "facets": {
                name: [value.to_dict() for value in values] for name, values in self.facets.items()
            },
            "suggestion": self.suggestion,
            "relaxed": self.relaxed,
            "corrected": self.corrected,
            "generation": self.generation,
        }


@dataclass(frozen=True)
class Suggestion:
    """A completion of what is being typed: a whole query (``word``) or an article (``title``)."""

    text: str
    kind: str  # "word" or "title"
    id: str | None = None  # the article, for a title

    def to_dict(self) -> dict:
        data = {"text": self.text, "kind": self.kind}
        if self.id is not None:
            data["id"] = self.id
        return data


@dataclass(frozen=True)
class Article:
    """One article in full, for its own page and ``/api/articles/<id>``."""

    id: str
    title: str
    url: str
    source: str
    category: str
    author: str
    published: datetime | None
    body: str  # plain text, paragraphs separated by a blank line; escape it to show it

    @classmethod
    def from_stored(cls, fields: dict) -> Article:
        return cls(**shown(fields, ARTICLE))

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs, as the indexer separated them (blank lines), without the
        dashes a removed dateline left before them (``- Hujan deras …``, ``-,Mengejutkan``)."""
        found = (" ".join(part.split()) for part in self.body.split("\n\n"))
        return [text for text in (LEADING_DASH.sub("", part) for part in found) if text]

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}  # asdict deep-copies
        data["published"] = self.published.isoformat() if self.published else None
        return data


@dataclass(frozen=True)
class Suggestions:
    """What ``/api/suggest`` answers: the text typed and its completions, best first."""

    query: str
    suggestions: list[Suggestion]

    def to_dict(self) -> dict:
        return {"query": self.query, "suggestions": [s.to_dict() for s in self.suggestions]}

    def to_opensearch(self) -> list:
        """The OpenSearch suggestions format: ``[query, [completion, ...]]``."""
        return [self.query, [s.text for s in self.suggestions]]


@dataclass(frozen=True)
class Related:
    """The articles like one article, best first."""

    id: str
    related: list[Hit]

    def to_dict(self) -> dict:
        return {"id": self.id, "related": [hit.to_dict() for hit in self.related]}


@dataclass(frozen=True)
class Histogram:
    """Matches per month or week over the corpus's span (``first`` to ``last``), zeros included."""

    query: str
    interval: str
    first: date | None
    last: date | None
    buckets: list[FacetValue]

    def to_dict(self) -> dict:
        return {
            "query": self.query,
            "interval": self.interval,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "buckets": [bucket.to_dict() for bucket in self.buckets],
        }
