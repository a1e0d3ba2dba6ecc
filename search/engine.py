"""The search engine: an open index, reused across requests, and its queries.

Whoosh searchers are not safe to share between threads, so each thread keeps
its own, opened on first use and refreshed when the index changes (a commit,
or a new generation made live).
"""

from __future__ import annotations

import threading
import time
from datetime import UTC
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import scoring
from whoosh.searching import Searcher

from index.dates import WIB
from index.store import DEFAULT_INDEX_DIR, IndexStore
from search.query import make_parser, parse
from search.results import Hit, SearchResult
from search.snippets import formatter, fragmenter, snippet

__all__ = ["DEFAULT_INDEX_DIR", "IndexUnavailable", "SearchEngine"]


class IndexUnavailable(RuntimeError):
    """There is no live index to search (never built, or unreadable)."""


class _ThreadState(threading.local):
    generation: Path | None = None
    searcher: Searcher | None = None


class SearchEngine:
    def __init__(self, index_dir: Path | str) -> None:
        self.store = IndexStore(index_dir)
        self._local = _ThreadState()

    def searcher(self) -> Searcher:
        """This thread's searcher on the live index, fresh as of this call."""
        local = self._local
        generation = self.store.current()
        if generation is None:
            raise IndexUnavailable(f"no index in {self.store.root}: build one first")
        if local.searcher is not None and local.generation == generation:
            if not local.searcher.up_to_date():
                local.searcher = local.searcher.refresh()
            return local.searcher
        try:
            ix = whoosh_index.open_dir(str(generation))
            new = ix.searcher(weighting=scoring.BM25F())
        except (OSError, whoosh_index.IndexError) as err:
            raise IndexUnavailable(f"cannot open the index in {generation}: {err}") from err
        if local.searcher is not None:
            local.searcher.close()
        local.searcher, local.generation = new, generation
        return new

    def search(self, text: str, page: int = 1, per_page: int = 10) -> SearchResult:
        """Page ``page`` of the articles matching ``text``, best first."""
        started = time.perf_counter()
        searcher = self.searcher()
        query = parse(make_parser(searcher.schema), text)
        results = searcher.search(query, limit=page * per_page, terms=True)
        results.formatter = formatter()
        results.fragmenter = fragmenter()
        hits = [to_hit(hit) for hit in results[(page - 1) * per_page : page * per_page]]
        return SearchResult(
            query=text,
            total=len(results),
            page=page,
            per_page=per_page,
            took_ms=(time.perf_counter() - started) * 1000,
            hits=hits,
        )


def to_hit(hit) -> Hit:
    fields = hit.fields()
    published = fields.get("published")
    if published is not None:
        published = published.replace(tzinfo=UTC).astimezone(WIB)
    return Hit(
        id=fields["id"],
        title=fields.get("title", ""),
        url=fields.get("url", ""),
        source=fields.get("source", ""),
        category=fields.get("category", ""),
        published=published,
        snippet=snippet(hit),
        score=float(hit.score or 0.0),
    )
