"""The state kept per index version, built once when the version is first searched.

An index version is a generation and its commit number
(``SearcherPool.generation_key``). What every query reads of one version (its
posting cache, columns, categories, the words and stored fields of the articles
shown, the facet table) is one :class:`IndexVersion`. :class:`PerVersion` keeps
the value of the version last asked for and builds a new one once per version,
in one thread at a time: after an index switch every serving thread would
otherwise build it at once and the server would stall. Values that stay nearly
right across versions (the vocabulary, the word pairs, the corpus's date span)
are kept by a :class:`PerVersion` with ``max_age`` or ``aside``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeGuard, TypeVar

from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from index.store import IndexStore
from search.evaluation.columns import Columns
from search.evaluation.facet_segments import facet_table
from search.evaluation.facets import FacetTable
from search.evaluation.posting_cache import PostingCache
from search.evaluation.vectorized import Evaluator
from search.presentation.snippets import WordTerms
from search.state.aside import build_aside
from search.state.cache import Lru
from search.state.carryover import SegmentPostings
from search.state.stored import StoredFields

T = TypeVar("T")
VersionKey = tuple[str, int]  # the generation's name and its commit number


@dataclass(frozen=True)
class Carried:
    """What index versions share, kept by segment (``search/state/carryover.py``)."""

    postings: SegmentPostings
    articles: Lru[dict]
    tables: Lru[FacetTable]


@dataclass(frozen=True)
class IndexVersion:
    """What every query of one index version reads; the facet table on first use,
    since a suggestion or a related-articles list never counts facets."""

    key: VersionKey
    postings: PostingCache
    columns: Columns
    categories: dict[str, str]  # lower-cased name -> the index's spelling
    words: WordTerms
    stored: StoredFields
    tables: Lru[FacetTable]
    _facets: list[FacetTable] = field(default_factory=list, repr=False, compare=False)
    _facets_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        searcher: Searcher,
        key: VersionKey,
        weighting: BM25F,
        postings_bytes: int,
        carried: Carried,
    ) -> IndexVersion:
        """The version ``searcher`` reads, its values shared with other versions in ``carried``."""
        return cls(
            key=key,
            postings=PostingCache(searcher, weighting, postings_bytes, kept=carried.postings),
            columns=Columns(searcher),
            categories=category_names(searcher),
            words=WordTerms(searcher.schema["body"].analyzer),
            stored=StoredFields(searcher, carried.articles),
            tables=carried.tables,
        )

    def evaluator(self, searcher: Searcher) -> Evaluator:
        """Queries evaluated with ``searcher`` (the calling thread's) over this version."""
        return Evaluator(searcher, self.postings, self.columns, self.categories)

    def facet_table(self, searcher: Searcher) -> FacetTable:
        """The facet table of this version, read with ``searcher`` by the first caller."""
        with self._facets_lock:
            if not self._facets:
                self._facets.append(facet_table(searcher.reader(), self.tables))
            return self._facets[0]


def category_names(searcher: Searcher) -> dict[str, str]:
    """Each category in the index by its lower-cased name, for case-blind filters."""
    return {name.lower(): name for name in searcher.reader().field_terms("category")}


@dataclass(frozen=True)
class _Kept(Generic[T]):
    key: VersionKey
    when: float
    value: T


class PerVersion(Generic[T]):
    """``build(searcher)``, kept until the index version changes.

    With ``max_age``, an update to the live generation only rebuilds the value
    after that many seconds (for values that stay nearly right, such as the
    vocabulary). With ``aside`` (the store), a thread of its own rebuilds a value
    that is out of date (``search/state/aside.py``) and every caller keeps the
    previous value meanwhile; ``started`` is told of that thread. Otherwise the
    callers wait for the one build.
    """

    def __init__(
        self,
        build: Callable[[Searcher], T],
        max_age: float = 0.0,
        aside: IndexStore | None = None,
        started: Callable[[threading.Thread], None] | None = None,
    ) -> None:
        self.build = build
        self.max_age = max_age
        self.aside = aside
        self.started = started
        self._kept: _Kept[T] | None = None
        self._lock = threading.Lock()  # held by the one build

    @property
    def kept(self) -> T | None:
        """The value kept, whatever its version; None before the first build."""
        kept = self._kept
        return None if kept is None else kept.value

    def built_for(self, key: VersionKey, value: T) -> bool:
        """Whether ``value`` is the value kept, and built for version ``key`` (not one
        before it: served while a new one is built aside)."""
        kept = self._kept
        return kept is not None and kept.key == key and kept.value is value

    def _fresh(self, kept: _Kept[T] | None, key: VersionKey) -> TypeGuard[_Kept[T]]:
        return kept is not None and (
            kept.key == key
            or (kept.key[0] == key[0] and time.monotonic() - kept.when < self.max_age)
        )

    def get(self, searcher: Searcher, key: VersionKey) -> T:
        """The value for version ``key`` (that ``searcher`` reads), built when out of date."""
        kept = self._kept
        if self._fresh(kept, key):
            return kept.value
        aside = self.aside
        stale_ok = aside is not None and kept is not None
        if not self._lock.acquire(blocking=not stale_ok):
            assert kept is not None  # only a caller with a value to serve does not wait
            return kept.value
        if aside is not None and kept is not None:  # stale_ok
            thread = build_aside(aside, self.build, self.keep, self._lock)
            if self.started is not None:
                self.started(thread)
            return kept.value
        try:
            kept = self._kept
            if not self._fresh(kept, key):
                kept = _Kept(key, time.monotonic(), self.build(searcher))
                self._kept = kept
            return kept.value
        finally:
            self._lock.release()

    def keep(self, key: VersionKey, value: T) -> None:
        """Keep ``value`` as that of version ``key`` (a value built aside)."""
        self._kept = _Kept(key, time.monotonic(), value)
