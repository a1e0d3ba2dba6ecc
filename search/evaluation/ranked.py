"""A request matched and scored within its filters, before a page of it is shaped.

The Whoosh query comes from the query language (``search/language/query.py``)
with the ranking's fields and weights; it is evaluated over arrays
(``search/evaluation/vectorized.py``), and the first matches get the bonus of
their words standing close together (``search/evaluation/proximity.py``). When fewer
than ``Ranking.fill`` articles match with every required word (none, at the least), the
partial matches follow them, as the relaxed query ranks them, said so (``relaxed``): the
full matches always come first, in every order a request can ask for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from whoosh import query as Q
from whoosh.fields import Schema

from search.evaluation.facets import FacetTable, counts
from search.evaluation.feedback import expand
from search.evaluation.filters import filter_parts
from search.evaluation.proximity import rerank
from search.evaluation.ranking import Ranking
from search.evaluation.vectorized import Evaluator, Matches, first, within
from search.language import syntax
from search.language.expansion import synonyms
from search.language.query import build_query, loosened
from search.language.request import SearchRequest
from search.presentation.results import FacetValue

QueryMaker = Callable[..., tuple[Q.Query | None, bool]]


@dataclass(frozen=True)
class Ranked:
    """What a request matched, before a page of it is shaped into a result."""

    evaluator: Evaluator
    request: SearchRequest
    query: Q.Query | None
    matched: Matches  # the query's matches, filters not applied (for facets)
    allowed: dict  # each filter's documents, by facet name
    found: Matches  # within every filter: what the result counts and orders
    strict: Matches  # within every filter, with every required word: the full matches
    relaxed: bool
    recency: float

    @property
    def strict_total(self) -> int:
        """How many of :attr:`found` have every required word (they come first)."""
        return len(self.strict)

    def partial(self, ids: np.ndarray) -> np.ndarray:
        """For each of ``ids`` (matches of :attr:`found`): whether it lacks a required word."""
        if len(self.strict) == len(self.found):
            return np.zeros(len(ids), dtype=bool)
        return ~self.strict.lookup(ids)[0]

    def first(self, limit: int) -> Matches:
        """The first ``limit`` matches in the request's order, the full matches first."""
        partial = self.partial(self.found.ids) if len(self.strict) else None
        columns, sort = self.evaluator.columns, self.request.sort
        return first(self.found, columns, sort, self.recency, limit, partial)


def whoosh_query(
    schema: Schema,
    request: SearchRequest,
    ranking: Ranking,
    categories: dict[str, str],
    relaxed: bool = False,
) -> tuple[Q.Query | None, bool]:
    """The Whoosh query for ``request``, over the ranking's fields and weights,
    and whether it sets a period of time (which turns the recency preference off).

    ``relaxed``: the same words no longer all required (None when it cannot be).
    """
    query, parsed = build_query(
        request.q,
        schema,
        ranking.field_boosts,
        expand=synonyms() if request.expand and ranking.expand else None,
        categories=categories,
        relaxed=relaxed,
        ranking=ranking,
    )
    return query, request.has_period or has_date_range(parsed.node)


def rank(
    evaluator: Evaluator, request: SearchRequest, ranking: Ranking, make_query: QueryMaker
) -> Ranked:
    """What ``request`` matches within its filters, scored; the partial matches
    below the full ones when fewer than ``ranking.fill`` have every required word.

    ``make_query(searcher, request, categories, relaxed=...)`` builds each query
    (the engine's :meth:`query`, so that every query a search makes goes through it)."""
    searcher, categories = evaluator.searcher, evaluator.categories
    allowed = allowed_docs(evaluator, request)
    query, dated = make_query(searcher, request, categories)
    matched = evaluator.matches(query)
    strict = found = within(matched, allowed.values())
    relaxed = loosened(query)
    few = len(found) < max(1, ranking.fill)
    if few and ranking.relax:  # no dead end: the partial matches follow, said so
        loose, _ = make_query(searcher, request, categories, relaxed=True)
        if loose is not None:
            loose_matched = evaluator.matches(loose)
            loose_found = within(loose_matched, allowed.values())
            if len(loose_found) > len(found):
                found = below(found, loose_found)
                query, matched, relaxed = loose, loose_matched, True
    if request.sort == "relevance":
        found = rerank(evaluator, expand(evaluator, found, request.q, ranking), request.q, ranking)
    recency = 0.0 if dated else ranking.recency
    return Ranked(evaluator, request, query, matched, allowed, found, strict, relaxed, recency)


def below(first: Matches, then: Matches) -> Matches:
    """``first``, then the matches of ``then`` that are not in it, scored below
    every one of ``first`` (in their own order)."""
    if not len(first):
        return then
    inside, _ = first.lookup(then.ids)
    extra = Matches(then.ids[~inside], then.scores[~inside])
    top = float(extra.scores.max()) if len(extra) else 0.0
    floor = float(first.scores.min())
    scale = 0.99 * floor / top if top >= floor and top > 0 else 1.0
    ids = np.concatenate([first.ids, extra.ids])
    scores = np.concatenate([first.scores, extra.scores * scale])
    order = np.argsort(ids, kind="stable")
    return Matches(ids[order], scores[order])


def allowed_docs(evaluator: Evaluator, request: SearchRequest) -> dict:
    """Each of the request's filters as the documents it lets through, by facet name."""
    parts = filter_parts(request, evaluator.categories)
    return {name: evaluator.docs(part) for name, part in parts.items()}


def facet_counts(
    table: FacetTable, names: Iterable[str], matched: Matches, allowed: dict
) -> dict[str, list[FacetValue]]:
    """The facets asked for, over the matches within the filters.

    A facet whose own filter is on is counted without that filter, so the
    other values stay visible and can be added (OR) to the filter.
    """
    facets = {}
    for name in names:
        others = [docs for key, docs in allowed.items() if key != name]
        docs = within(matched, others).ids
        chronological = name in ("month", "week")
        facets[name] = counts(table.count(name, docs), chronological)
    return facets


def has_date_range(node: syntax.Node) -> bool:
    if isinstance(node, syntax.DateRange):
        return True
    if isinstance(node, syntax.And | syntax.Or):
        return any(has_date_range(sub) for sub in node.nodes)
    if isinstance(node, syntax.Not):
        return has_date_range(node.node)
    return False
