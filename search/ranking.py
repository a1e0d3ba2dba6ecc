"""How matches are ordered: BM25F, field weights, proximity and a gentle recency.

A :class:`Ranking` is a value, so the relevance harness (``bench/relevance``)
compares variants side by side with the product's own search code; the product
uses :data:`DEFAULT_RANKING`, the configuration the harness found best
(``docs/relevance.md``).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

from whoosh import query as Q
from whoosh import scoring
from whoosh.fields import Schema

EXACT_FIELD = "exact"  # title and body as written (index/schema.py)


@dataclass(frozen=True)
class Ranking:
    """Field weights (a field left out is not searched) and the other ranking choices.

    - ``proximity``: weight of an optional clause that rewards articles where
      consecutive query words stand close together (0: off); ``slop`` is how close.
    - ``recency``: at most this fraction is added to a score for the newest
      article of the index (0 for the oldest), so only near-equal scores change
      order; off when the query sets a date range.
    - ``relax``: when no article has every word, return the best partial matches.
    - ``expand``: apply abbreviations and synonyms (``search/expansion.py``)
      unless the request says no.
    """

    field_boosts: dict[str, float] = field(
        default_factory=lambda: {"title": 2.0, "body": 1.0, EXACT_FIELD: 0.5}
    )
    k1: float = 1.2
    b: float = 0.75
    proximity: float = 0.0
    slop: int = 3
    recency: float = 0.01
    relax: bool = True
    expand: bool = True

    def weighting(self, recency: bool = True) -> scoring.WeightingModel:
        if recency and self.recency > 0:
            return RecentFirstBM25F(self.recency, B=self.b, K1=self.k1)
        return scoring.BM25F(B=self.b, K1=self.k1)

    def proximity_query(self, schema: Schema, words: Sequence[str]) -> Q.Query | None:
        """Each pair of consecutive query words close together in the body, or None."""
        if self.proximity <= 0 or "body" not in schema or len(words) < 2:
            return None
        analyzer = schema["body"].analyzer
        terms = [t.text for word in words for t in analyzer(word)]
        pairs = [
            Q.Phrase("body", [a, b], slop=self.slop, boost=self.proximity)
            for a, b in zip(terms, terms[1:], strict=False)
            if a != b
        ]
        if not pairs:
            return None
        return pairs[0] if len(pairs) == 1 else Q.Or(pairs)


class RecentFirstBM25F(scoring.BM25F):
    """BM25F whose final score grows by up to ``weight`` (a fraction) for newer articles."""

    use_final = True

    def __init__(self, weight: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.weight = weight

    def final(self, searcher, docnum: int, score: float) -> float:
        return score * (1.0 + self.weight * _recency(searcher.reader())[docnum])


_RECENCY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _recency(reader) -> list[float]:
    """Per document, 0 (oldest or undated) to 1 (newest), read once per index reader."""
    known = _RECENCY.get(reader)
    if known is not None:
        return known
    if "published" in reader.schema and reader.has_column("published"):
        column = reader.column_reader("published", translate=False)
        stamps = [column[n] for n in range(reader.doc_count_all())]
    else:
        stamps = [0] * reader.doc_count_all()
    dated = [s for s in stamps if s]
    low, high = (min(dated), max(dated)) if dated else (0, 0)
    span = (high - low) or 1
    values = [(s - low) / span if s else 0.0 for s in stamps]
    _RECENCY[reader] = values
    return values


DEFAULT_RANKING = Ranking()
