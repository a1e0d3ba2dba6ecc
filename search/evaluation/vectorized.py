"""A Whoosh query evaluated over arrays: which articles match, and their BM25F scores.

Whoosh's collector steps through every match of every term in pure Python;
here each term is one cached array (``search/evaluation/posting_cache.py``) and the query's
``And``/``Or``/``AndNot``/``AndMaybe`` tree is evaluated with numpy. The
scores are Whoosh's own (a term's BM25F times its boost, summed the way
Whoosh's matchers sum them), so ranking does not change, only its cost:
``tests/search/test_vectorized.py`` checks both against Whoosh's collector.

A part is kept sparse (ascending document numbers and their scores) while it
is small, and becomes a dense array over the whole index once an ``Or``
gathers large parts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from whoosh import query as Q
from whoosh.searching import Searcher

from index.codec.whoosh_private import field_b
from index.schema import PHRASE_FIELD
from search.evaluation.columns import Columns
from search.evaluation.pairs import Together, impacts, occurrences
from search.evaluation.posting_cache import PostingCache
from search.language.matching import MinimumMatch, at_least


@dataclass(frozen=True)
class Matches:
    """Matching document numbers (ascending) and their scores."""

    ids: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def lookup(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each of ``ids``: whether it matches, and its score (0 where not)."""
        if not len(self.ids) or not len(ids):
            return np.zeros(len(ids), dtype=bool), np.zeros(len(ids))
        pos = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        found = self.ids[pos] == ids
        return found, np.where(found, self.scores[pos], 0.0)


# Up to this many candidates, word order is checked at each (tens of microseconds
# apiece) rather than by matching the phrase in every article once.
FEW_CANDIDATES = 32
NONE = Matches(np.empty(0, dtype=np.int64), np.empty(0))


def _order_check(query: Q.Query) -> bool:
    """A condition that words stand in order (``search/language/query.py``: ``in_order``)."""
    return isinstance(query, Q.ConstantScoreQuery) and isinstance(query.child, Q.Phrase)


def within(found: Matches, allowed: Iterable[np.ndarray]) -> Matches:
    """``found`` restricted to the documents in every one of ``allowed``."""
    for docs in allowed:
        keep = np.isin(found.ids, docs, assume_unique=True)
        found = Matches(found.ids[keep], found.scores[keep])
    return found


class Evaluator:
    """Evaluates queries against one searcher's index version."""

    def __init__(
        self,
        searcher: Searcher,
        postings: PostingCache,
        columns: Columns,
        categories: dict[str, str],
    ) -> None:
        self.searcher = searcher
        self.postings = postings
        self.columns = columns
        self.categories = categories  # lower-cased name -> the index's spelling

    def matches(self, query: Q.Query) -> Matches:
        """Every live article ``query`` matches, with its score."""
        if isinstance(query, Q.Term):
            posted = self.postings.postings(self.searcher, query.fieldname, query.text)
            return Matches(posted.ids, posted.impacts * query.boost)
        if isinstance(query, MinimumMatch):
            parts = [self.matches(sub) for sub in query.subqueries]
            return Matches(*at_least(query, parts, self.columns.doc_count))
        if isinstance(query, Q.Or | Q.And):
            if isinstance(query, Q.Or):
                found = self._union([self.matches(sub) for sub in query.subqueries])
            else:
                found = self._conjunction(query.subqueries)
            if query.boost != 1.0 and len(query.subqueries) > 1:  # as Whoosh boosts a group
                found = Matches(found.ids, found.scores * query.boost)
            return found
        if isinstance(query, Q.AndNot):
            base = self.matches(query.a)
            excluded, _ = self.matches(query.b).lookup(base.ids)
            return Matches(base.ids[~excluded], base.scores[~excluded])
        if isinstance(query, Q.AndMaybe):
            base = self.matches(query.a)
            _, extra = self.matches(query.b).lookup(base.ids)
            return Matches(base.ids, base.scores + extra)
        if isinstance(query, Together):
            return self._together(query)
        if isinstance(query, Q.Phrase):
            return self._phrase(query)
        if isinstance(query, Q.ConstantScoreQuery):
            ids = self.docs(query.child)
            return Matches(ids, np.full(len(ids), float(query.score)))
        if isinstance(query, Q.Every):
            ids = self.columns.live_ids
            return Matches(ids, np.full(len(ids), float(query.boost)))
        if query is None or query is Q.NullQuery:
            return NONE
        if isinstance(query, Q.MultiTerm) and query.constantscore:  # Whoosh: the boost
            ids = self.postings.docs(self.searcher, query)
            return Matches(ids, np.full(len(ids), float(query.boost)))
        raise TypeError(f"no array evaluation for {type(query).__name__}: {query!r}")

    def docs(self, query: Q.Query) -> np.ndarray:
        """The live articles ``query`` matches, unscored (filters and conditions)."""
        if isinstance(query, Q.NumericRange) and query.fieldname == self.columns.published_field:
            return self.columns.published_between(
                query.start, query.end, query.startexcl, query.endexcl
            )
        if isinstance(query, Q.Or):
            parts = [self.docs(sub) for sub in query.subqueries]
            return np.unique(np.concatenate(parts)) if parts else NONE.ids
        if isinstance(query, Q.And):
            found = self.columns.live_ids
            for sub in query.subqueries:
                found = found[np.isin(found, self.docs(sub), assume_unique=True)]
            return found
        if isinstance(query, Q.AndNot):
            found = self.docs(query.a)
            return found[~np.isin(found, self.docs(query.b), assume_unique=True)]
        if isinstance(query, Q.Term | Q.Every | Q.ConstantScoreQuery) or query is Q.NullQuery:
            return self.matches(query).ids
        return self.postings.docs(self.searcher, query)

    def in_order(self, phrase: Q.Phrase, candidates: np.ndarray) -> np.ndarray:
        """Those of ``candidates`` (ascending) where ``phrase``'s words stand in order.

        Whoosh's phrase matcher checks the positions. A few candidates are checked
        where they are (the matcher skips to each, so only their blocks are read);
        for many, the phrase is matched everywhere once and kept with the postings,
        so the next query with the phrase checks nothing.
        """
        known = self.postings.known_docs(phrase)
        if known is None and len(candidates) > FEW_CANDIDATES:
            known = self.postings.docs(self.searcher, phrase)
        if known is not None:
            return candidates[np.isin(candidates, known, assume_unique=True)]
        kept: list[int] = []
        for sub, offset in self.searcher.leaf_searchers():
            size = sub.reader().doc_count_all()
            local = candidates[(candidates >= offset) & (candidates < offset + size)] - offset
            if not len(local):
                continue
            matcher = phrase.matcher(sub)
            for docnum in local.tolist():
                if not matcher.is_active():
                    break
                if matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if matcher.is_active() and matcher.id() == docnum:
                    kept.append(docnum + offset)
        return np.array(kept, dtype=np.int64)

    def _phrase(self, query: Q.Phrase) -> Matches:
        """The words in order (Whoosh checks the positions), scored as the sum of the
        words' scores times the phrase's boost, as Whoosh's phrase matcher does."""
        words = self._intersection(
            [self.matches(Q.Term(query.fieldname, word)) for word in query.words]
        )
        if not len(words):
            return NONE
        inside = np.isin(words.ids, self.postings.docs(self.searcher, query), assume_unique=True)
        return Matches(words.ids[inside], words.scores[inside] * query.boost)

    def _together(self, query: Together) -> Matches:
        """Where the words stand together in the query's part, scored as one term."""
        searcher, postings = self.searcher, self.postings
        found = postings.kept(
            ("together", tuple(query.words)),
            lambda: occurrences(searcher, query.words, postings.field_lengths(searcher, "title")),
        )
        weighting = postings.weighting
        ids, scores = impacts(
            found,
            query.part,
            searcher.doc_count_all(),
            postings.field_lengths(searcher, query.part),
            searcher.avg_field_length(query.part),
            weighting.K1,
            field_b(weighting, query.part),
            min(searcher.doc_frequency(PHRASE_FIELD, w) for w in query.words)
            if query.beyond
            else None,
        )
        return Matches(ids, scores * query.boost)

    def _intersection(self, parts: list[Matches]) -> Matches:
        if not parts:
            return NONE
        parts = sorted(parts, key=len)
        ids, scores = parts[0].ids, parts[0].scores
        for part in parts[1:]:
            found, extra = part.lookup(ids)
            ids, scores = ids[found], scores[found] + extra[found]
        return Matches(ids, scores)

    def _conjunction(self, subqueries: list[Q.Query]) -> Matches:
        """Intersect the scored parts first; word-order checks then run only at those candidates."""
        checks = [sub for sub in subqueries if _order_check(sub)]
        rest = [sub for sub in subqueries if not _order_check(sub)]
        found = self._intersection([self.matches(sub) for sub in rest or checks])
        for check in checks if rest else ():
            inside = np.isin(found.ids, self.in_order(check.child, found.ids))
            found = Matches(found.ids[inside], found.scores[inside] + float(check.score))
        return found

    def _union(self, parts: list[Matches]) -> Matches:
        parts = [part for part in parts if len(part)]
        if not parts:
            return NONE
        if len(parts) == 1:
            return parts[0]
        total = sum(len(part) for part in parts)
        if total * 8 < self.columns.doc_count:  # small: merge the sparse lists
            ids = np.concatenate([part.ids for part in parts])
            return Matches(*summed(ids, np.concatenate([part.scores for part in parts])))
        acc = np.zeros(self.columns.doc_count)
        hit = np.zeros(self.columns.doc_count, dtype=bool)
        for part in parts:
            acc[part.ids] += part.scores
            hit[part.ids] = True
        ids = np.flatnonzero(hit)
        return Matches(ids, acc[ids])


def summed(ids: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct id of ``ids``, ascending, and the sum of its ``scores``, added in
    the order given: ``np.unique(return_inverse=True)`` and ``np.bincount``'s result,
    without the general function's overhead (a third of a small union's time)."""
    order = ids.argsort(kind="stable")
    ordered = ids[order]
    first = np.empty(len(ids), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(ids), dtype=np.intp)
    inverse[order] = np.cumsum(first) - 1
    distinct = ordered[first]
    return distinct, np.bincount(inverse, weights=scores, minlength=len(distinct))


def first(
    found: Matches,
    columns: Columns,
    sort: str,
    recency: float,
    limit: int,
    partial: np.ndarray | None = None,
) -> Matches:
    """The first ``limit`` of ``found`` in the order asked for, with their final scores.

    ``relevance``: by score, where ``recency`` (a fraction) raises newer articles'
    scores by up to that much; ``newest``/``oldest``: by date (undated last),
    then score. Ties go to the lower document number, as in Whoosh. ``partial``
    (one flag per match of ``found``): those come after all the others, in the
    same order among themselves, whatever their scores.
    """
    ids, scores = found.ids, found.scores
    if recency and len(ids):
        scores = scores * (1.0 + recency * columns.recency[ids])
    if sort == "relevance":
        primary = -scores
    else:
        when = columns.published[ids].astype(np.float64)
        primary = np.where(columns.dated[ids], -when if sort == "newest" else when, np.inf)
    tier = np.zeros(len(ids), dtype=bool) if partial is None else partial
    if limit < len(ids):  # only what can reach the first ``limit`` is sorted
        keep = _reachable(primary, tier, limit)
        ids, scores, primary, tier = ids[keep], scores[keep], primary[keep], tier[keep]
    order = np.lexsort((ids, -scores, primary, tier))[:limit]
    return Matches(ids[order], scores[order])


def _reachable(primary: np.ndarray, tier: np.ndarray, limit: int) -> np.ndarray:
    """Which matches can be among the first ``limit`` ordered by ``tier``, then ``primary``."""
    upper = ~tier
    ahead = int(upper.sum())
    if ahead >= limit:
        return upper & (primary <= _kth(primary[upper], limit))
    return upper | (primary <= _kth(primary[tier], limit - ahead))


def _kth(values: np.ndarray, k: int) -> float:
    """The ``k``-th smallest of ``values`` (1-based)."""
    return float(np.partition(values, k - 1)[k - 1])
