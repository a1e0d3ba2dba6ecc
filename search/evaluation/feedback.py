"""Pseudo-relevance feedback: RM3, as Anserini ships it, over the first matches.

The first ``fb_docs`` (10) matches are taken as relevant; each is a bag of its
body's terms (analysed as the body field is, very common words left out), and
the relevance model weighs a term by ``Σ_d P(t|d) · score(d)`` over them
(scores normalised to sum 1). Its ``fb_terms`` (10) heaviest terms, normalised
to sum 1, are mixed with the query at ``original_weight`` (0.5): a query term
weighs ``original_weight / |q|`` and a feedback term ``(1 - original_weight) ·
P(t|R)``. Here the query's own score stands for its terms' part, so each match
gets ``(1 - w) / w · |q| · Σ_t P(t|R) · BM25_body(t)`` added: the matches are
re-ordered, none are added (the matching policy still decides what matches).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from whoosh import query as Q

from index.analysis import stopwords
from search.evaluation.proximity import query_terms
from search.evaluation.ranking import Ranking
from search.evaluation.vectorized import Evaluator, Matches


def relevance_model(
    evaluator: Evaluator, docs: np.ndarray, scores: np.ndarray, terms: int
) -> dict[str, float]:
    """The ``terms`` heaviest terms of RM1 over ``docs`` weighted by ``scores``, summing to 1."""
    searcher = evaluator.searcher
    analyzer = searcher.schema["body"].analyzer
    common = stopwords()
    weights = scores / (scores.sum() or 1.0)
    model: Counter[str] = Counter()
    for doc, weight in zip(docs.tolist(), weights.tolist(), strict=True):
        body = searcher.stored_fields(doc).get("body") or ""
        counts = Counter(t.text for t in analyzer(body))
        length = sum(counts.values()) or 1
        for term, tf in counts.items():
            if term not in common and not term.isdigit():
                model[term] += weight * tf / length
    top = model.most_common(terms)
    total = sum(w for _, w in top) or 1.0
    return {term: w / total for term, w in top}


def expand(evaluator: Evaluator, found: Matches, text: str, ranking: Ranking) -> Matches:
    """``found`` re-scored by RM3 when the query has at least ``ranking.feedback_words``
    words (0: never)."""
    if not ranking.feedback_words or len(found) < 2 or "body" not in ranking.field_boosts:
        return found
    asked = query_terms(evaluator.searcher, text)
    if len(asked) < ranking.feedback_words:
        return found
    depth = min(ranking.fb_docs, len(found))
    top = np.argsort(-found.scores, kind="stable")[:depth]
    model = relevance_model(evaluator, found.ids[top], found.scores[top], ranking.fb_terms)
    if not model:
        return found
    w = ranking.original_weight
    scale = (1 - w) / w * len(asked)
    parts = [Q.Term("body", term, boost=scale * p) for term, p in model.items()]
    _, extra = evaluator.matches(Q.Or(parts)).lookup(found.ids)
    return Matches(found.ids, found.scores + extra)
