"""How matches are ordered: BM25F and its field weights, in one place.

A :class:`Ranking` is a value, so the relevance harness (``bench/relevance``)
can compare variants side by side with the product's own search code; the
product uses :data:`DEFAULT_RANKING`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import scoring


@dataclass(frozen=True)
class Ranking:
    """Field weights (a field left out is not searched) and BM25F's parameters."""

    field_boosts: dict[str, float] = field(default_factory=lambda: {"title": 2.0, "body": 1.0})
    k1: float = 1.2
    b: float = 0.75
    expand: bool = (
        True  # abbreviations and synonyms (search/expansion.py), unless the request says no
    )

    def weighting(self) -> scoring.WeightingModel:
        return scoring.BM25F(B=self.b, K1=self.k1)

    def fields(self) -> list[str]:
        return list(self.field_boosts)


DEFAULT_RANKING = Ranking()
