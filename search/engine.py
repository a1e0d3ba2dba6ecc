"""The search engine: an open index, reused across requests, and its queries.

Whoosh searchers are not safe to share between threads, so each thread keeps
its own, opened on first use and refreshed when the index changes (a commit,
or a new generation made live).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from datetime import UTC
from pathlib import Path

from whoosh import collectors, sorting
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from index.dates import WIB
from index.store import DEFAULT_INDEX_DIR, IndexStore
from search.facets import counts, groupedby, sort_facet
from search.filters import combine, filter_parts
from search.query import build_query
from search.ranking import DEFAULT_RANKING, Ranking
from search.request import SearchRequest
from search.results import Hit, SearchResult
from search.snippets import formatter, fragmenter, snippet
from search.urls import http_url

__all__ = ["DEFAULT_INDEX_DIR", "IndexUnavailable", "SearchEngine", "SearchRequest"]


class IndexUnavailable(RuntimeError):
    """There is no live index to search (never built, or unreadable)."""


class _ThreadState(threading.local):
    generation: Path | None = None
    searcher: Searcher | None = None


class SearchEngine:
    def __init__(self, index_dir: Path | str, ranking: Ranking = DEFAULT_RANKING) -> None:
        self.store = IndexStore(index_dir)
        self.ranking = ranking
        self._local = _ThreadState()
        self._broken: tuple[tuple, str] | None = None  # (files' signature, why it failed)

    def _open(self, generation: Path) -> Searcher:
        """Open ``generation``, unless it failed before and no file in it changed since.

        Whoosh retries a failed open for half a second; under load, every request
        on a corrupt index would pay that again.
        """
        signature = _signature(generation)
        broken = self._broken
        if broken is not None and broken[0] == signature:
            raise IndexUnavailable(broken[1])
        try:
            searcher = open_searcher(generation)
        except IndexUnavailable as err:
            self._broken = (signature, str(err))
            raise
        self._broken = None
        searcher.weighting = self.ranking.weighting()
        return searcher

    def searcher(self) -> Searcher:
        """This thread's searcher on the live index, fresh as of this call."""
        local = self._local
        generation = self.store.current()
        if generation is None:
            raise IndexUnavailable(f"no index in {self.store.root}: build one first")
        if local.searcher is not None and local.generation == generation:
            if not local.searcher.up_to_date():
                try:
                    local.searcher = local.searcher.refresh()
                except Exception as err:
                    raise IndexUnavailable(
                        f"cannot refresh the index in {generation}: {err}"
                    ) from err
            return local.searcher
        new = self._open(generation)
        if local.searcher is not None:
            local.searcher.close()
        local.searcher, local.generation = new, generation
        return new

    def search(self, request: SearchRequest) -> SearchResult:
        """One page of the articles matching ``request``, in its order, with its facets."""
        started = time.perf_counter()
        searcher = self.searcher()
        categories = category_names(searcher)
        query = self.query(searcher, request, categories)
        filters = filter_parts(request, categories)
        # A facet whose own filter is on is counted without that filter, so
        # the other values stay visible and can be added (OR) to the filter.
        together = [name for name in request.facets if name not in filters]
        results = searcher.search(
            query,
            limit=request.offset + request.per_page,
            filter=combine(list(filters.values())),
            sortedby=sort_facet(request.sort),
            groupedby=groupedby(together) if together else None,
            maptype=sorting.Count,
            terms=True,
        )
        results.formatter = formatter()
        results.fragmenter = fragmenter()
        hits = [to_hit(hit) for hit in results[request.offset : request.offset + request.per_page]]
        facets = {}
        for name in request.facets:
            if name in together:
                groups = results.groups(name)
            else:
                others = [part for key, part in filters.items() if key != name]
                groups = facet_groups(searcher, query, combine(others), name)
            facets[name] = counts(groups, chronological=name == "month")
        return SearchResult(
            query=request.q,
            total=total_of(results),
            page=request.page,
            per_page=request.per_page,
            took_ms=(time.perf_counter() - started) * 1000,
            hits=hits,
            facets=facets,
        )

    def query(self, searcher: Searcher, request: SearchRequest, categories: dict[str, str]):
        """The Whoosh query for ``request``, over the ranking's fields and weights."""
        query, _parsed = build_query(
            request.q, searcher.schema, self.ranking.field_boosts, categories=categories
        )
        return query

    def ranked_ids(self, request: SearchRequest, limit: int) -> list[str]:
        """The ids of the first ``limit`` matches, in :meth:`search`'s order.

        For the relevance harness: the same query and ranking without the
        shaping (snippets, facets) that a benchmark need not pay for.
        """
        searcher = self.searcher()
        categories = category_names(searcher)
        results = searcher.search(
            self.query(searcher, request, categories),
            limit=limit,
            filter=combine(list(filter_parts(request, categories).values())),
            sortedby=sort_facet(request.sort),
        )
        return [hit["id"] for hit in results]


def category_names(searcher: Searcher) -> dict[str, str]:
    """Each category in the index by its lower-cased name, for case-blind filters."""
    return {name.lower(): name for name in searcher.reader().field_terms("category")}


def total_of(results) -> int:
    """How many documents matched, filters applied.

    Whoosh's ``len(results)`` forgets the filter when ``terms=True`` wraps a
    collector that skips blocks, so a filtered search counts its own ids.
    """
    collector = results.collector
    if isinstance(collector, collectors.FilterCollector):
        return sum(1 for _ in collector.all_ids())
    return len(results)


def facet_groups(searcher: Searcher, query, filter_query, name: str) -> dict:
    """The counts of one facet group over every match of ``query`` within ``filter_query``."""
    results = searcher.search(
        query,
        limit=1,
        filter=filter_query,
        groupedby=groupedby([name]),
        maptype=sorting.Count,
        scored=False,
    )
    return results.groups(name)


class _OpeningStorage(FileStorage):
    """A folder's storage that remembers what it opens until told to stop.

    Whoosh leaves a file open when it fails half-way through a corrupt index;
    these are closed at once instead of waiting for the garbage collector.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.opened: list | None = []

    def open_file(self, name, **kwargs):
        file = super().open_file(name, **kwargs)
        if self.opened is not None:
            self.opened.append(file)
        return file


def _signature(folder: Path) -> tuple:
    """What changes when any file of ``folder`` is written, added or removed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        return (str(folder), *((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries))
    except OSError:
        return (str(folder), None)


def open_searcher(generation: Path) -> Searcher:
    """A searcher on ``generation``; any failure to open it is :class:`IndexUnavailable`."""
    storage = _OpeningStorage(generation)
    try:
        searcher = storage.open_index().searcher(weighting=DEFAULT_RANKING.weighting())
    except Exception as err:  # a corrupt index fails in many ways: pickle, struct, EOF...
        for file in storage.opened:
            with contextlib.suppress(Exception):
                file.close()
        raise IndexUnavailable(f"cannot open the index in {generation}: {err}") from err
    finally:
        storage.opened = None
    return searcher


def to_hit(hit) -> Hit:
    fields = hit.fields()
    published = fields.get("published")
    if published is not None:
        published = published.replace(tzinfo=UTC).astimezone(WIB)
    return Hit(
        id=fields["id"],
        title=fields.get("title", ""),
        url=http_url(fields.get("url", "")),
        source=fields.get("source", ""),
        category=fields.get("category", ""),
        published=published,
        snippet=snippet(hit),
        score=relevance_score(hit.score),
    )


def relevance_score(key) -> float:
    """The hit's relevance; sorted by date, Whoosh gives the sort key, ending in ``-score``."""
    if isinstance(key, tuple):
        return float(-key[-1])
    return float(key or 0.0)
