"""The search engine: the one object the web, the CLI and the benchmarks call.

A facade, as Pyserini's ``LuceneSearcher`` is: each method hands the work to the
sub-packages and returns plain result objects (``search/presentation/results.py``).
Whoosh searchers are not safe to share between threads, so each thread keeps
its own, refreshed when the index changes (``search/state/searchers.py``); what
a query reads of an index version is built once for it (``search/state/version.py``);
results are cached per index state (``search/state/cache.py``).
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

from index.schema import schema_version
from index.store import DEFAULT_INDEX_DIR, IndexStore, OneGeneration
from search.evaluation.facet_segments import SEGMENTS_KEPT
from search.evaluation.posting_cache import DEFAULT_MAX_BYTES
from search.evaluation.ranked import Ranked, allowed_docs, facet_counts, rank, whoosh_query
from search.evaluation.ranking import DEFAULT_RANKING, Ranking
from search.evaluation.timeline import published_span, timeline
from search.evaluation.vectorized import Evaluator, Matches
from search.language.correction import correct
from search.language.expansion import synonyms
from search.language.query import positive_terms
from search.language.request import MAX_QUERY_CHARS, SearchRequest
from search.presentation.articles import find_article, related_articles
from search.presentation.marking import mark
from search.presentation.results import Article, FacetValue, Hit, SearchResult, Suggestion, collapse
from search.presentation.snippets import ARTICLES_KEPT, snippet
from search.presentation.suggest import MAX_SUGGEST_CHARS, suggestions
from search.state import warming
from search.state.cache import DEFAULT_SIZE, Lru, ResultCache
from search.state.carryover import SegmentPostings
from search.state.opening import Opener
from search.state.searchers import IndexUnavailable, SearcherPool
from search.state.titles import LiveTitles, Titles, pairs_and_titles
from search.state.version import Carried, IndexVersion, PerVersion
from search.state.vocabulary import Vocabulary
from search.state.warming import Warmed
from search.state.word_pairs import WordPairs

VOCABULARY_MAX_AGE = 600.0
WARM_WORDS = 50_000  # words analysed ahead for snippets by a warm-up (two forms each)

__all__ = ["DEFAULT_INDEX_DIR", "IndexStatus", "IndexUnavailable", "SearchEngine", "SearchRequest"]


@dataclass(frozen=True)
class IndexStatus:
    """The live index in brief: which generation, how many articles, changed when,
    and the schema version it was built with (``index/schema.py``)."""

    generation: str
    articles: int
    last_change: str | None
    schema_version: int


class SearchEngine:
    """Searches one index store: results, facets, suggestions, articles (Pyserini's
    ``LuceneSearcher`` is the model: a searcher that returns plain result objects)."""

    def __init__(
        self,
        index_dir: Path | str,
        ranking: Ranking = DEFAULT_RANKING,
        cache_size: int = DEFAULT_SIZE,
        postings_cache_bytes: int = DEFAULT_MAX_BYTES,
        max_query_chars: int = MAX_QUERY_CHARS,
        generation: str | None = None,
    ) -> None:
        """``generation``: search that generation of the store, whatever ``CURRENT``
        names (a read replica's); None: the live one, followed as it changes."""
        self.store = (
            IndexStore(index_dir) if generation is None else OneGeneration(index_dir, generation)
        )
        self.max_query_chars = max_query_chars  # a longer query is refused (QueryTooLong)
        self.ranking = ranking
        self.postings_cache_bytes = postings_cache_bytes
        self.searchers = SearcherPool(self.store, Opener(ranking.weighting))
        self.results = ResultCache(cache_size)
        # What the index's segments hold, kept across versions (``search/state/carryover.py``).
        self.carried = Carried(
            SegmentPostings(postings_cache_bytes // 2), Lru(ARTICLES_KEPT), Lru(SEGMENTS_KEPT)
        )
        self._meta: dict[str, dict] = {}  # the live generation's saved facts
        self.aside: threading.Thread | None = None  # the last value rebuilt aside
        self.warmed: tuple[str, int] | None = None  # the index version the last warm-up prepared
        self._version = PerVersion(self._build_version)
        self._vocabulary = self._nearly_right(
            lambda s: Vocabulary.from_reader(s.reader(), s.schema), VOCABULARY_MAX_AGE
        )
        self._typing = self._nearly_right(pairs_and_titles, VOCABULARY_MAX_AGE)
        self._span = self._nearly_right(lambda s: published_span(s.reader()))

    def _nearly_right(self, build, max_age: float = 0.0) -> PerVersion:
        """A value rebuilt aside after a change, the old one served meanwhile."""
        return PerVersion(build, max_age, aside=self.store, started=self._started)

    def _started(self, thread: threading.Thread) -> None:
        self.aside = thread

    def _build_version(self, searcher: Searcher) -> IndexVersion:
        key = self.searchers.generation_key(searcher)
        weighting = self.ranking.weighting()
        return IndexVersion.build(searcher, key, weighting, self.postings_cache_bytes, self.carried)

    def searcher(self) -> Searcher:
        """This thread's searcher on the live index, fresh as of this call."""
        return self.searchers.searcher()

    def version(self, searcher: Searcher | None = None) -> IndexVersion:
        """The state kept for the index version ``searcher`` (or this thread's) reads."""
        searcher = searcher or self.searcher()
        return self._version.get(searcher, self.searchers.generation_key(searcher))

    def evaluator(self, searcher: Searcher | None = None) -> Evaluator:
        """Queries evaluated over arrays with ``searcher`` (or this thread's)."""
        searcher = searcher or self.searcher()
        return self.version(searcher).evaluator(searcher)

    def live_version(self) -> tuple[str, int]:
        """Which index version is live now (generation, commit); :class:`IndexUnavailable`
        if none. A worker forked after a change compares it with :attr:`warmed`."""
        return self.searchers.generation_key(self.searcher())

    def close(self) -> None:
        """Close every thread's searcher and the files the postings cache maps (the
        engine opens them again if used again)."""
        self.searchers.close()
        version = self._version.kept
        if version is not None:
            version.postings.close_files()

    def status(self) -> IndexStatus:
        """The live index as ``/healthz`` reports it; :class:`IndexUnavailable` if none."""
        searcher = self.searcher()
        name = self.searchers.generation_key(searcher)[0]
        meta = self._meta.get(name)
        if meta is None:
            meta = self.store.meta(self.store.root / name)
            self._meta = {name: meta}
        version = schema_version(meta, searcher.schema)
        return IndexStatus(name, searcher.doc_count(), meta.get("published"), version)

    def search(self, request: SearchRequest) -> SearchResult:
        """One page of the articles matching ``request``, in its order, with its facets."""
        started = time.perf_counter()
        request.check_length(self.max_query_chars)
        searcher = self.searcher()
        state = self.searchers.generation_key(searcher)
        key = replace(request, q=" ".join(request.q.split()))
        cached = self.results.get(state, key)
        if isinstance(cached, SearchResult):
            took_ms = (time.perf_counter() - started) * 1000
            return replace(cached, query=request.q, took_ms=took_ms)
        ranked, corrected, suggestion = correct(self, self.rank(searcher, request))
        page = ranked.first(request.offset + request.per_page)
        version = self.version(searcher)
        terms = positive_terms(ranked.query, "body")
        hits = []
        ids = page.ids[request.offset :]
        shown = zip(ids, page.scores[request.offset :], ranked.partial(ids), strict=True)
        for docnum, score, partial in shown:
            fields = version.stored.get(searcher, int(docnum))
            text = snippet(fields.get("body", ""), version.words, terms, int(docnum))
            title = mark(fields.get("title") or "", version.words, terms, int(docnum))
            hits.append(Hit.from_stored(fields, text, float(score), title, bool(partial)))
        result = SearchResult(
            query=request.q,
            total=len(ranked.found),
            full_total=ranked.strict_total,
            page=request.page,
            per_page=request.per_page,
            took_ms=(time.perf_counter() - started) * 1000,
            hits=collapse(hits),
            facets=self._facets(searcher, request.facets, ranked.matched, ranked.allowed),
            suggestion=suggestion,
            relaxed=ranked.relaxed,
            corrected=corrected,
            generation=state[0],
        )
        self.results.put(state, key, result)
        return result

    def rank(self, searcher: Searcher, request: SearchRequest) -> Ranked:
        """What ``request`` matches within its filters, scored; relaxed when nothing does."""
        return rank(self.evaluator(searcher), request, self.ranking, self.query)

    def warm(self, max_bytes: int, articles_bytes: int = 0) -> Warmed:
        """Prepare the live index for queries now rather than on the first ones: its
        tables (columns, facets, vocabulary) and the most used words' postings, up
        to ``max_bytes`` (``search/state/warming.py``), the word order of the synonyms'
        expressions, the index terms of the most used words for snippets, and the
        words of the newest articles, up to ``articles_bytes`` (``search/state/split.py``)."""
        started = time.perf_counter()
        searcher = self.searcher()
        version = self.version(searcher)
        evaluator = version.evaluator(searcher)
        version.facet_table(searcher)
        words = version.words
        words.learn(self.vocabulary(searcher).most_used(WARM_WORDS))
        fields = [name for name in self.ranking.field_boosts if name in searcher.schema]
        warmed = warming.warm(evaluator, fields, max_bytes)
        phrases = warming.warm_phrases(evaluator, synonyms().others) if self.ranking.expand else 0
        articles = 0
        if articles_bytes > 0:
            words.ahead = warming.split_newest(searcher, evaluator.columns, words, articles_bytes)
            articles = len(words.ahead)
        seconds = time.perf_counter() - started
        self.warmed = self.searchers.generation_key(searcher)
        return replace(warmed, phrases=phrases, articles=articles, seconds=seconds)

    def _facets(self, searcher, names, matched: Matches, allowed: dict) -> dict:
        """The facets asked for (none: the facet table is not read)."""
        if not names:
            return {}
        return facet_counts(self.version(searcher).facet_table(searcher), names, matched, allowed)

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
        return whoosh_query(searcher.schema, request, self.ranking, categories, relaxed)

    def ranked_ids(self, request: SearchRequest, limit: int) -> list[str]:
        """The ids of the first ``limit`` matches, in :meth:`search`'s order.

        For the relevance harness: the same query and ranking without the
        shaping (snippets, facets) that a benchmark need not pay for.
        """
        request.check_length(self.max_query_chars)
        searcher = self.searcher()
        top = self.rank(searcher, request).first(limit)
        return [searcher.stored_fields(int(docnum))["id"] for docnum in top.ids]

    def vocabulary(self, searcher: Searcher | None = None) -> Vocabulary:
        """The index's words (reading them takes a second or more on the full corpus)."""
        searcher = searcher or self.searcher()
        return self._vocabulary.get(searcher, self.searchers.generation_key(searcher))

    def span(self) -> tuple[date | None, date | None]:
        """The WIB days of the oldest and newest article: the time axis of every chart."""
        searcher = self.searcher()
        return self._span.get(searcher, self.searchers.generation_key(searcher))

    def histogram(self, request: SearchRequest, interval: str = "month") -> list[FacetValue]:
        """Matches of ``request`` per month (or week) over the corpus's whole time span.

        Counted from the matching document numbers alone: no scoring order, no snippets.
        """
        request.check_length(self.max_query_chars)
        searcher = self.searcher()
        evaluator = self.evaluator(searcher)
        allowed = allowed_docs(evaluator, request)
        query, _ = self.query(searcher, request, evaluator.categories)
        facets = self._facets(searcher, (interval,), evaluator.matches(query), allowed)
        first, last = self.span()
        return timeline(facets[interval], first, last, interval)

    def suggest(self, text: str, limit: int = 8) -> list[Suggestion]:
        """Completions of ``text`` as it is being typed (kept as :meth:`related` is); the
        word pairs and the titles are read like the vocabulary."""
        s = self.searcher()
        aids = self.typing_aids(s)
        pairs, titles = aids
        fresh = self._typing.built_for(self.searchers.generation_key(s), aids)
        finder = titles if fresh else LiveTitles(titles, s)  # read before a change
        make = functools.partial(suggestions, s, self.vocabulary(s), text, limit, pairs, finder)
        return self._kept(s, ("suggest", text[:MAX_SUGGEST_CHARS], limit), make)

    def typing_aids(self, searcher: Searcher) -> tuple[WordPairs, Titles]:
        """The word pairs and the titles suggestions read (one pass over the articles)."""
        return self._typing.get(searcher, self.searchers.generation_key(searcher))

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
            lambda: related_articles(self.evaluator(searcher), article_id, limit),
        )

    def _kept(self, searcher: Searcher, key: tuple, make):
        """``make()``, kept in the result cache under ``key`` for this index state."""
        state = self.searchers.generation_key(searcher)
        found = self.results.get(state, key)
        if found is None:
            found = make()
            self.results.put(state, key, found)
        return found
