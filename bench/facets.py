"""Facet counting: the engine's doc-number table against Whoosh's ``groupedby``, same run.

    .venv/bin/python -m bench.facets --index-dir var/index [--repeat 9] [QUERY ...]

For each query, median times of: the engine's search without facets and with
the three facets the page asks for (its doc-number table); a bare Whoosh search
of the same query without and with ``groupedby`` counting the same three facets
(the baseline). What facets cost is the difference within each pair.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from whoosh import sorting

from search.engine import SearchEngine
from search.evaluation.facets import PUBLISHED, month_key
from search.language.request import DEFAULT_FACETS, SearchRequest

QUERIES = ("banjir jakarta", "presiden", "indonesia")


def median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class _PublishedCategorizer(sorting.Categorizer):
    """Keys from the raw ``published`` column of each segment."""

    def __init__(self, key) -> None:
        self._key = key
        self._column = None

    def set_searcher(self, segment_searcher, docoffset) -> None:
        self._column = segment_searcher.reader().column_reader(PUBLISHED, translate=False)

    def key_for(self, matcher, segment_docnum):
        return self._key(self._column[segment_docnum])


class PublishedFacet(sorting.FacetType):
    """Whoosh's way: group by a function of the raw ``published`` value, per match."""

    def __init__(self, key) -> None:
        self.key = key

    def categorizer(self, global_searcher) -> sorting.Categorizer:
        return _PublishedCategorizer(self.key)


def whoosh_search(engine: SearchEngine, text: str, grouped: bool) -> None:
    searcher = engine.searcher()
    query, _ = engine.query(searcher, SearchRequest(text), {})
    facets = None
    if grouped:
        facets = sorting.Facets()
        facets.add_field("source")
        facets.add_field("category")
        facets.add_facet("month", PublishedFacet(month_key))
    searcher.search(query, limit=10, groupedby=facets, maptype=sorting.Count, terms=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.facets", description=__doc__)
    p.add_argument("queries", nargs="*", default=QUERIES)
    p.add_argument("--index-dir", type=Path, default=Path("var/index"))
    p.add_argument("--repeat", type=int, default=9)
    args = p.parse_args(argv)
    engine = SearchEngine(args.index_dir, cache_size=0)
    engine.search(SearchRequest("x", facets=DEFAULT_FACETS))  # open, read the facet table
    print(
        f"{'query':<16} {'matches':>7} | engine: {'no facets':>9} {'3 facets':>9}"
        f" | whoosh: {'plain':>9} {'groupedby':>9}"
    )
    for text in args.queries:
        total = engine.search(SearchRequest(text)).total
        plain = median_ms(lambda t=text: engine.search(SearchRequest(t)), args.repeat)
        faceted = median_ms(
            lambda t=text: engine.search(SearchRequest(t, facets=DEFAULT_FACETS)), args.repeat
        )
        bare = median_ms(lambda t=text: whoosh_search(engine, t, False), args.repeat)
        grouped = median_ms(lambda t=text: whoosh_search(engine, t, True), args.repeat)
        print(
            f"{text:<16} {total:>7} | engine: {plain:>7.1f}ms {faceted:>7.1f}ms"
            f" | whoosh: {bare:>7.1f}ms {grouped:>7.1f}ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
