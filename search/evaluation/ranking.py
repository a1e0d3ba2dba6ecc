"""How matches are ordered: BM25F, field weights, proximity and a gentle recency.

A :class:`Ranking` is a value, so the relevance harness (``bench/relevance``)
compares variants side by side with the product's own search code; the product
uses :data:`DEFAULT_RANKING`, the configuration the harness found best
(``docs/relevance.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import scoring

from index.fields import FIELD_WEIGHTS

EXPANSION_WEIGHT = 0.1


@dataclass(frozen=True)
class Ranking:
    """Field weights (a field left out is not searched; by default the field table's,
    ``index/fields.py``) and the other ranking choices.

    The defaults are what the relevance harness found robust on both of its query
    sets (``docs/relevance.md``): title ×3 and body ×1, the words as written ×1 (so
    the very word typed counts twice, by its stem and as written), and BM25's
    ``k1`` at 0.9 (Lucene's and Anserini's choice) rather than Whoosh's 1.2, which
    saturates a repeated word sooner: an article with all the query's words beats
    one that repeats one of them.

    - ``proximity``: weight of the bonus for query words standing close together
      in the body (BM25TP, ``search/evaluation/proximity.py``; 0: off), added to
      the first ``proximity_depth`` matches; ``proximity_window``: how close.
    - ``lead``: weight of the bonus for query words in the first ``lead_words``
      words of the body (news puts what a story is about first), on the same
      matches (``search/evaluation/proximity.py``; 0: off).
    - ``passage``: weight of the bonus for the query's terms in the body's best
      window of ``passage_words`` words (max-passage), on the same matches (0: off).
    - ``feedback_words``: pseudo-relevance feedback (RM3 over ``fb_docs`` matches,
      ``fb_terms`` terms, the query at ``original_weight``:
      ``search/evaluation/feedback.py``) for queries of at least this many words (0: off).
    - ``field_b``: BM25's ``b`` for a field, where it differs from ``b``.
    - ``idf``, ``delta``: the idf and BM25+'s floor (:class:`Weighting`).
    - ``recency``: at most this fraction is added to a score for the newest
      article of the index (0 for the oldest), so only near-equal scores change
      order; off when the query sets a date range.
    - ``relax``: when no article has every required word, return the best partial
      matches; ``fill``: also when fewer than this many have them, below those that
      do (10: a first page is never short of results while partial ones exist). The
      choice is the query's, never the page's, so every page continues one order
      and one total (``search/evaluation/ranked.py``).
    - ``expand``: apply abbreviations and synonyms (``search/language/expansion.py``)
      unless the request says no; ``expansion_weight`` is what an expression
      found that way weighs against the words typed, low enough that the article
      saying "Menhan" ranks above one that only says "Menteri Pertahanan", and an
      expansion adds matches without displacing those of the very words.
    - ``common_weight``: what a very common word weighs, optional, against the
      other words (``search/language/matching.py``); None: every word required as the
      index's analyzer gives it, question words too (the plain baseline).
    - ``pair_weight``: what two neighbouring words standing together weigh,
      scored as one term (``search/evaluation/pairs.py``), against a word; ``pair_words``:
      which pairs (``common``: those with a common word, ``ibu negara``;
      ``all``: any two); ``pair_idf``: the pair's idf beyond its rarer word's
      (``beyond``: what the pair says that the word does not) or its own (``own``).
    - ``all_up_to``, ``share``: every word required up to this many, then this
      share of them; ``coordination``: a score times the part of the words matched
      (``coordination_idf``: the part of their idf, so a rare word missing costs more).
    """

    field_boosts: dict[str, float] = field(default_factory=lambda: dict(FIELD_WEIGHTS))
    k1: float = 0.9
    b: float = 0.75
    field_b: dict[str, float] = field(default_factory=dict)
    proximity: float = 0.0
    proximity_window: int = 5
    proximity_depth: int = 100
    lead: float = 0.0
    feedback_words: int = 0
    fb_docs: int = 10
    fb_terms: int = 10
    original_weight: float = 0.5
    lead_words: int = 40
    passage: float = 0.0
    passage_words: int = 50
    recency: float = 0.01
    relax: bool = True
    fill: int = 10
    expand: bool = True
    expansion_weight: float = EXPANSION_WEIGHT
    common_weight: float | None = 0.2
    pair_weight: float = 1.0
    pair_words: str = "common"
    pair_idf: str = "beyond"
    all_up_to: int = 4
    share: float = 0.25
    coordination: bool = True
    coordination_idf: bool = True
    idf: str = "whoosh"
    delta: float = 0.0

    def weighting(self) -> Weighting:
        """Whoosh's BM25F with these parameters (the scores, idf and field lengths
        that ``search/evaluation/posting_cache.py`` computes over arrays are this model's)."""
        per_field = {f"{name}_B": b for name, b in self.field_b.items()}
        return Weighting(self.idf, self.delta, B=self.b, K1=self.k1, **per_field)


class Weighting(scoring.BM25F):
    """Whoosh's BM25F, and how the arrays of ``search/evaluation/posting_cache.py``
    may depart from it: ``idf`` ``whoosh`` (``ln(N / (df + 1)) + 1``) or ``lucene``
    (``ln(1 + (N - df + 0.5) / (df + 0.5))``, which weighs a word held by many
    articles less); ``delta``: BM25+'s floor for a word present (Lv and Zhai), so a
    long article's match is never worth next to nothing."""

    def __init__(self, idf: str = "whoosh", delta: float = 0.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.idf_model, self.delta = idf, delta


DEFAULT_RANKING = Ranking()
