"""The search engine: an open index, reused across requests, and its queries.

Whoosh searchers are not safe to share between threads, so each thread keeps
its own, opened on first use and refreshed when the index changes (a commit,
or a new generation made live): see ``search/state/searchers.py``. Results are
cached per index state (``search/state/cache.py``).
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from whoosh import query as Q
from whoosh.searching import Searcher

from index.store import DEFAULT_INDEX_DIR, IndexStore
from search.columns import Columns
from search.evaluation.facet_segments import SEGMENTS_KEPT, facet_table
from search.evaluation.facets import FacetTable, counts
from search.evaluation.filters import filter_parts
from search.evaluation.ranking import DEFAULT_RANKING, Ranking
from search.evaluation.timeline import published_span, timeline
from search.evaluation.vectorized import Evaluator, Matches, first, within
from search.language import syntax
from search.language.correction import correct
from search.language.expansion import synonyms
from search.language.query import build_query, loosened, positive_terms
from search.language.request import MAX_QUERY_CHARS, SearchRequest
from search.posting_cache import DEFAULT_MAX_BYTES, PostingCache
from search.presentation.articles import find_article, related_articles
from search.presentation.results import Article, FacetValue, Hit, SearchResult, Suggestion, collapse
from search.presentation.snippets import ARTICLES_KEPT, WordTerms, snippet
from search.presentation.suggest import MAX_SUGGEST_CHARS, WordPairs, suggestions
from search.state import warming
from search.state.aside import build_aside
from search.state.cache import DEFAULT_SIZE, ResultCache
from search.state.carryover import SegmentPostings
from search.state.opening import open_searcher
from search.state.opening import signature as signature_of
from search.state.recent import Recent
from search.state.searchers import IndexUnavailable, SearcherPool
from search.state.vocabulary import Vocabulary
from search.state.warming import Warmed
from search.stored import StoredFields

VOCABULARY_MAX_AGE = 600.0
WARM_WORDS = 50_000  # words analysed ahead for snippets by a warm-up (two forms each)

__all__ = ["DEFAULT_INDEX_DIR", "IndexStatus", "IndexUnavailable", "SearchEngine", "SearchRequest"]


@dataclass(frozen=True)
class IndexStatus:
    """The live index in brief: which generation, how many articles, changed when."""

    generation: str
    articles: int
    last_change: str | None


@dataclass(frozen=True)
class Ranked:
    """What a request matched, before a page of it is shaped into a result."""

    evaluator: Evaluator
    request: SearchRequest
    query: Q.Query | None
    matched: Matches  # the query's matches, filters not applied (for facets)
    allowed: dict  # each filter's documents, by facet name
    found: Matches  # within every filter: what the result counts and orders
    strict_total: int  # matches with every word required (before any relaxing)
    relaxed: bool
    recency: float

    def first(self, limit: int) -> Matches:
        return first(self.found, self.evaluator.columns, self.request.sort, self.recency, limit)


class SearchEngine:
    def __init__(
        self,
        index_dir: Path | str,
        ranking: Ranking = DEFAULT_RANKING,
        cache_size: int = DEFAULT_SIZE,
        postings_cache_bytes: int = DEFAULT_MAX_BYTES,
        max_query_chars: int = MAX_QUERY_CHARS,
    ) -> None:
        self.store = IndexStore(index_dir)
        self.max_query_chars = max_query_chars  # a longer query is refused (QueryTooLong)
        self.ranking = ranking
        self.postings_cache_bytes = postings_cache_bytes
        self.searchers = SearcherPool(self.store, self._open)
        self.results = ResultCache(cache_size)
        # What the index's segments hold, kept across versions (``search/state/carryover.py``).
        self.segment_postings = SegmentPostings(postings_cache_bytes // 2)
        self.articles: Recent[dict] = Recent(ARTICLES_KEPT)
        self.tables: Recent[FacetTable] = Recent(SEGMENTS_KEPT)
        self._broken: tuple[tuple, str] | None = None  # (files' signature, why it failed)
        # Values read from the whole index: name -> (index version, when, value).
        self._cache: dict[str, tuple[tuple, float, object]] = {}
        self._meta: dict[str, dict] = {}  # the live generation's saved facts
        self._building: dict[str, threading.Lock] = {}  # one build per value at a time
        self._locks_lock = threading.Lock()
        self.aside: threading.Thread | None = None  # the last value rebuilt aside

    def _open(self, generation: Path) -> Searcher:
        """Open ``generation``, unless it failed before and no file in it changed since.

        Whoosh retries a failed open for half a second; under load, every request
        on a corrupt index would pay that again.
        """
        signature = signature_of(generation)
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
        return self.searchers.searcher()

    def close(self) -> None:
        """Close every thread's searcher and the files the postings cache maps (the
        engine opens them again if used again)."""
        self.searchers.close()
        postings = self._cache.get("postings")
        if postings is not None:
            postings[2].close_files()

    def status(self) -> IndexStatus:
        """The live index as ``/healthz`` reports it; :class:`IndexUnavailable` if none."""
        searcher = self.searcher()
        name = self.searchers.generation_key(searcher)[0]
        meta = self._meta.get(name)
        if meta is None:
            meta = self.store.meta(self.store.root / name)
            self._meta = {name: meta}
        return IndexStatus(name, searcher.doc_count(), meta.get("published"))

    def search(self, request: SearchRequest) -> SearchResult:
        """One page of the articles matching ``request``, in its order, with its facets."""
        started = time.perf_counter()
        request.check_length(self.max_query_chars)
        searcher = self.searcher()
        state = self.searchers.generation_key(searcher)
        key = replace(request, q=" ".join(request.q.split()))
        cached = self.results.get(state, key)
        if cached is not None:
            took_ms = (time.perf_counter() - started) * 1000
            return replace(cached, query=request.q, took_ms=took_ms)
        ranked, corrected, suggestion = correct(self, self.rank(searcher, request))
        page = ranked.first(request.offset + request.per_page)
        words = self._words(searcher)
        terms = positive_terms(ranked.query, "body")
        hits = []
        shown = zip(page.ids[request.offset :], page.scores[request.offset :], strict=True)
        stored = self._per_version("stored", searcher, lambda s: StoredFields(s, self.articles))
        for docnum, score in shown:
            fields = stored.get(searcher, int(docnum))
            text = snippet(fields.get("body", ""), words, terms, int(docnum))
            hits.append(Hit.from_stored(fields, text, float(score)))
        result = SearchResult(
            query=request.q,
            total=len(ranked.found),
            page=request.page,
            per_page=request.per_page,
            took_ms=(time.perf_counter() - started) * 1000,
            hits=collapse(hits),
            facets=self._facets(searcher, request.facets, ranked.matched, ranked.allowed),
            suggestion=suggestion,
            relaxed=ranked.relaxed,
            corrected=corrected,
        )
        self.results.put(state, key, result)
        return result

    def rank(self, searcher: Searcher, request: SearchRequest) -> Ranked:
        """What ``request`` matches within its filters, scored; relaxed when nothing does."""
        evaluator = self._evaluator(searcher)
        categories = evaluator.categories
        allowed = self._allowed(evaluator, request)
        query, dated = self.query(searcher, request, categories)
        matched = evaluator.matches(query)
        strict = found = within(matched, allowed.values())
        relaxed = loosened(query)
        if not len(found) and self.ranking.relax:  # no dead end: the best partial matches, said so
            loose, _ = self.query(searcher, request, categories, relaxed=True)
            if loose is not None:
                loose_matched = evaluator.matches(loose)
                loose_found = within(loose_matched, allowed.values())
                if len(loose_found):
                    query, matched, found, relaxed = loose, loose_matched, loose_found, True
        recency = 0.0 if dated else self.ranking.recency
        return Ranked(
            evaluator, request, query, matched, allowed, found, len(strict), relaxed, recency
        )

    def _evaluator(self, searcher: Searcher) -> Evaluator:
        postings = self._per_version(
            "postings",
            searcher,
            lambda s: PostingCache(
                s, self.ranking.weighting(), self.postings_cache_bytes, kept=self.segment_postings
            ),
        )
        columns = self._per_version("columns", searcher, Columns)
        categories = self._per_version("categories", searcher, category_names)
        return Evaluator(searcher, postings, columns, categories)

    def _words(self, searcher: Searcher) -> WordTerms:
        return self._per_version("words", searcher, lambda s: WordTerms(s.schema["body"].analyzer))

    def _facet_table(self, searcher: Searcher) -> FacetTable:
        return self._per_version("facets", searcher, lambda s: facet_table(s.reader(), self.tables))

    def warm(self, max_bytes: int, articles_bytes: int = 0) -> Warmed:
        """Prepare the live index for queries now rather than on the first ones: its
        tables (columns, facets, vocabulary) and the most used words' postings, up
        to ``max_bytes`` (``search/state/warming.py``), the word order of the synonyms'
        expressions, the index terms of the most used words for snippets, and the
        words of the newest articles, up to ``articles_bytes`` (``search/state/split.py``)."""
        started = time.perf_counter()
        searcher = self.searcher()
        evaluator = self._evaluator(searcher)
        self._facet_table(searcher)
        words = self._words(searcher)
        words.learn(self.vocabulary(searcher).most_used(WARM_WORDS))
        fields = [name for name in self.ranking.field_boosts if name in searcher.schema]
        warmed = warming.warm(evaluator, fields, max_bytes)
        phrases = warming.warm_phrases(evaluator, synonyms().others) if self.ranking.expand else 0
        articles = 0
        if articles_bytes > 0:
            words.ahead = warming.split_newest(searcher, evaluator.columns, words, articles_bytes)
            articles = len(words.ahead)
        seconds = time.perf_counter() - started
        return replace(warmed, phrases=phrases, articles=articles, seconds=seconds)

    def _allowed(self, evaluator: Evaluator, request: SearchRequest) -> dict:
        """Each of the request's filters as the documents it lets through, by facet name."""
        parts = filter_parts(request, evaluator.categories)
        return {name: evaluator.docs(part) for name, part in parts.items()}

    def _facets(self, searcher, names, matched: Matches, allowed: dict) -> dict:
        """The facets asked for, over the matches within the filters.

        A facet whose own filter is on is counted without that filter, so the
        other values stay visible and can be added (OR) to the filter.
        """
        facets = {}
        if not names:
            return facets
        table = self._facet_table(searcher)
        for name in names:
            others = [docs for key, docs in allowed.items() if key != name]
            docs = within(matched, others).ids
            chronological = name in ("month", "week")
            facets[name] = counts(table.count(name, docs), chronological)
        return facets

    def query(
        self,
        searcher: Searcher,
        request: SearchRequest,
        categories: dict[str, str],
        relaxed: bool = False,
    ) -> tuple[Q.Query | None, bool]:
        """The Whoosh query for ``request``, over the ranking's fields and weights,
        and whether it sets a period of time (which turns the recency preference off).

        ``relaxed``: the same words no longer all required (None when it cannot be).
        """
        query, parsed = build_query(
            request.q,
            searcher.schema,
            self.ranking.field_boosts,
            expand=synonyms() if request.expand and self.ranking.expand else None,
            categories=categories,
            relaxed=relaxed,
            ranking=self.ranking,
        )
        dated = request.has_period or has_date_range(parsed.node)
        close = self.ranking.proximity_query(searcher.schema, syntax.words_of(parsed.node))
        if query is None or close is None:
            return query, dated
        return Q.AndMaybe(query, close), dated

    def ranked_ids(self, request: SearchRequest, limit: int) -> list[str]:
        """The ids of the first ``limit`` matches, in :meth:`search`'s order.

        For the relevance harness: the same query and ranking without the
        shaping (snippets, facets) that a benchmark need not pay for.
        """
        request.check_length(self.max_query_chars)
        searcher = self.searcher()
        top = self.rank(searcher, request).first(limit)
        return [searcher.stored_fields(int(docnum))["id"] for docnum in top.ids]

    def _per_version(
        self, name: str, searcher: Searcher, build, max_age: float = 0.0, stale_ok: bool = False
    ):
        """``build(searcher)``, kept until the index changes; with ``max_age``, an
        update to the live generation only rebuilds it after that many seconds
        (for values that stay nearly right, such as the vocabulary).

        One thread builds a value at a time: after an index switch every thread
        would otherwise rebuild it at once and the server would stall. With
        ``stale_ok`` a thread of its own rebuilds it (``search/state/aside.py``) and
        every request keeps the previous value meanwhile; without, they wait
        for the one build.
        """
        key = self.searchers.generation_key(searcher)

        def fresh(cached) -> bool:
            return cached is not None and (
                cached[0] == key
                or (cached[0][0] == key[0] and time.monotonic() - cached[1] < max_age)
            )

        cached = self._cache.get(name)
        if fresh(cached):
            return cached[2]
        with self._locks_lock:
            lock = self._building.setdefault(name, threading.Lock())
        if not lock.acquire(blocking=not (stale_ok and cached is not None)):
            return cached[2]
        if stale_ok and cached is not None:
            self.aside = build_aside(self.store, build, self._keeper(name), lock)
            return cached[2]
        try:
            cached = self._cache.get(name)
            if not fresh(cached):
                cached = (key, time.monotonic(), build(searcher))
                self._cache[name] = cached
            return cached[2]
        finally:
            lock.release()

    def _keeper(self, name: str):
        return lambda key, value: self._cache.__setitem__(name, (key, time.monotonic(), value))

    def vocabulary(self, searcher: Searcher | None = None) -> Vocabulary:
        """The index's words (reading them takes a second or more on the full corpus)."""
        return self._per_version(
            "vocabulary",
            searcher or self.searcher(),
            lambda s: Vocabulary.from_reader(s.reader(), s.schema),
            max_age=VOCABULARY_MAX_AGE,
            stale_ok=True,
        )

    def span(self) -> tuple[date | None, date | None]:
        """The WIB days of the oldest and newest article: the time axis of every chart."""
        return self._per_version(
            "span", self.searcher(), lambda s: published_span(s.reader()), stale_ok=True
        )

    def histogram(self, request: SearchRequest, interval: str = "month") -> list[FacetValue]:
        """Matches of ``request`` per month (or week) over the corpus's whole time span.

        Counted from the matching document numbers alone: no scoring order, no snippets.
        """
        request.check_length(self.max_query_chars)
        searcher = self.searcher()
        evaluator = self._evaluator(searcher)
        allowed = self._allowed(evaluator, request)
        query, _ = self.query(searcher, request, evaluator.categories)
        facets = self._facets(searcher, (interval,), evaluator.matches(query), allowed)
        first, last = self.span()
        return timeline(facets[interval], first, last, interval)

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """Completions of ``text`` as it is being typed (kept as :meth:`related` is); the
        word pairs are read like the vocabulary."""
        s = self.searcher()
        pairs = self._per_version("pairs", s, WordPairs.of, VOCABULARY_MAX_AGE, stale_ok=True)
        make = functools.partial(suggestions, s, self.vocabulary(s), text, limit, pairs)
        return self._kept(s, ("suggest", text[:MAX_SUGGEST_CHARS], limit), make)

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        return find_article(self.searcher(), article_id)

    def related(self, article_id: str, limit: int = 5) -> list[Hit]:
        """Articles like this one, close in date first (none for an unknown id); kept
        with the results, for this index state."""
        searcher = self.searcher()
        return self._kept(
            searcher,
            ("related", article_id, limit),
            lambda: related_articles(self._evaluator(searcher), article_id, limit),
        )

    def _kept(self, searcher: Searcher, key: tuple, make):
        """``make()``, kept in the result cache under ``key`` for this index state."""
        state = self.searchers.generation_key(searcher)
        found = self.results.get(state, key)
        if found is None:
            found = make()
            self.results.put(state, key, found)
        return found


def has_date_range(node: syntax.Node) -> bool:
    if isinstance(node, syntax.DateRange):
        return True
    if isinstance(node, syntax.And | syntax.Or):
        return any(has_date_range(sub) for sub in node.nodes)
    if isinstance(node, syntax.Not):
        return has_date_range(node.node)
    return False


def category_names(searcher: Searcher) -> dict[str, str]:
    """Each category in the index by its lower-cased name, for case-blind filters."""
    return {name.lower(): name for name in searcher.reader().field_terms("category")}
