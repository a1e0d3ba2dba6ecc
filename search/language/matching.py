"""How many of a query's words must match, and how much the very common ones count.

Every word is in the index (``index/analysis.py``); at query time the words of
the stop-word list are *common*: optional and light (``Ranking.common_weight``)
unless the query has nothing else, they stand inside a quoted phrase, or they
belong to a known expression (a synonym's, ``search/language/expansion.py``), as
Lucene's common-terms query treats frequent terms. Two neighbouring words of
which one is common (``ibu negara``, ``dalam negeri``, ``tahun baru``) also
score as a pair where they stand together (``search/evaluation/pairs.py``), so the
article holding the very expression ranks above one that holds its words
apart; a query of common words only requires them, still light, so that the
pair counts most.

The other words must all match up to ``Ranking.all_up_to`` (4) of them; past that,
a share of them (``Ranking.share``, Elasticsearch's ``minimum_should_match``),
and an article's score is multiplied by the part of their weight it holds (a
coordination factor; each part weighs its idf over the articles it matches, so
missing a rare word costs more than missing a common one). Question words
(``siapakah``, ``di mana``) carry no weight.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

import numpy as np
from whoosh import query as Q

from index.analysis import stopwords, surface_words
from search.language import syntax

# Indonesian question words: what a question asks, never what an answer says.
# Each with its ``-kah`` form too (``dimanakah``, ``bagaimanakah``): the particle
# only marks the question.
_ASKING = ("apa", "siapa", "kapan", "berapa", "dimana", "bagaimana", "mengapa", "kenapa")
QUESTION_WORDS = frozenset({*_ASKING, *(word + "kah" for word in _ASKING), "manakah"})
QUESTION_PAIRS = frozenset({("di", "mana"), ("di", "manakah")})


class MinimumMatch(Q.Or):
    """Any of ``subqueries``, at least ``minimum`` of them in an article; with
    ``coordination``, a score times the part of the subqueries matched (``by_idf``:
    the part of their weight, each weighing its idf over the articles it matches).

    Evaluated over arrays by :func:`at_least` (``search/evaluation/vectorized.py``).
    """

    def __init__(
        self, subqueries, minimum: int, coordination: bool = True, by_idf: bool = False
    ) -> None:
        super().__init__(subqueries)
        self.minimum, self.coordination, self.by_idf = minimum, coordination, by_idf

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MinimumMatch)
            and super().__eq__(other)
            and self.minimum == other.minimum
            and self.coordination == other.coordination
            and self.by_idf == other.by_idf
        )

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.minimum, self.coordination, self.by_idf))

    def __repr__(self) -> str:
        shown = f"{self.subqueries!r}, {self.minimum}, {self.coordination}"
        return f"MinimumMatch({shown}, by_idf=True)" if self.by_idf else f"MinimumMatch({shown})"


def at_least(query: MinimumMatch, parts: Sequence, doc_count: int) -> tuple:
    """Document numbers (ascending) and scores of ``query``, given its parts' matches."""
    total = np.zeros(doc_count)
    matched = np.zeros(doc_count, dtype=np.int32)
    share = np.zeros(doc_count) if query.by_idf else None
    weight = 0.0
    for part in parts:
        total[part.ids] += part.scores
        matched[part.ids] += 1
        if share is not None:
            share[part.ids] += part_weight(len(part), doc_count)
            weight += part_weight(len(part), doc_count)
    ids = np.flatnonzero(matched >= max(1, query.minimum))
    scores = total[ids]
    if query.coordination and query.subqueries:
        if share is not None and weight > 0:
            scores = scores * (share[ids] / weight)
        else:
            scores = scores * (matched[ids] / len(query.subqueries))
    return ids, scores


def part_weight(matching: int, doc_count: int) -> float:
    """What a part of the query says, by how few articles it matches: BM25's idf
    (Lucene's, always positive) over the part's own matches."""
    return math.log(1 + (doc_count - matching + 0.5) / (matching + 0.5))


def required(words: int, all_up_to: int, share: float) -> int:
    """How many of ``words`` must match: all up to ``all_up_to``, then ``share`` of
    them (rounded down), at least one."""
    if words <= all_up_to:
        return words
    return max(1, math.floor(words * share))


def loosened(query: Q.Query | None) -> bool:
    """Whether ``query`` requires fewer than all of its words somewhere."""
    if isinstance(query, MinimumMatch):
        return query.minimum < len(query.subqueries)
    if query is None or not hasattr(query, "children"):
        return False
    return any(loosened(sub) for sub in query.children())


def content_text(text: str) -> str:
    """``text``'s words without the very common ones: what an article is about."""
    common = stopwords()
    return " ".join(word for word in surface_words(text) if word not in common)


def _plain(node: syntax.Node) -> list[str] | None:
    """The words of a word typed without a field, or None for any other node."""
    if isinstance(node, syntax.Word) and node.field is None:
        return surface_words(node.text)
    return None


def is_plain(node: syntax.Node) -> TypeGuard[syntax.Word]:
    """A word typed without a field (``banjir``, not ``source:kompas`` or a phrase)."""
    return bool(_plain(node))


def is_common(node: syntax.Node) -> TypeGuard[syntax.Word]:
    """A plain word that is only very common words (``yang``, ``di``, ``tahun``)."""
    words = _plain(node)
    return bool(words and all(word in stopwords() for word in words))


def question_length(nodes: Sequence[syntax.Node]) -> int:
    """How many nodes from the first are one question word (0: none)."""
    first = _plain(nodes[0]) if nodes else None
    if not first or len(first) != 1:
        return 0
    if first[0] in QUESTION_WORDS:
        return 1
    second = _plain(nodes[1]) if len(nodes) > 1 else None
    if second and len(second) == 1 and (first[0], second[0]) in QUESTION_PAIRS:
        return 2
    return 0


@dataclass(frozen=True)
class Bound:
    """A word at the edge of a known expression (``kota`` of ``ibu kota``): it pairs
    with a common word beside it (``kota baru``), never as a common word itself,
    and never with the expression's other words."""

    word: syntax.Word


def neighbours(
    nodes: Sequence[syntax.Node | Bound | None], every: bool = False
) -> list[tuple[str, str]]:
    """Each two plain words side by side of which at least one is common (``every``:
    any two), as typed (None stands for a word left out, such as a question word;
    :class:`Bound` for an expression's first or last word)."""
    pairs = []
    for left, right in zip(nodes, nodes[1:], strict=False):
        a, b = _side(left), _side(right)
        if a is None or b is None:
            continue  # only plain words pair up (None: a word left out)
        if every or a[1] or b[1]:
            pairs.append((a[0], b[0]))
    return pairs


def _side(node: syntax.Node | Bound | None) -> tuple[str, bool] | None:
    """A pair's side: the word's text and whether it is common, None for no word."""
    if isinstance(node, Bound):
        return node.word.text, False
    if isinstance(node, syntax.Word) and _plain(node):
        return node.text, is_common(node)
    return None
