"""Query words standing together in an article, scored as a term of their own.

An article that says ``tahun baru`` or ``dalam negeri`` is about that
expression; one that holds the same words apart is not. Two neighbouring
words of a query are therefore also scored as one pseudo-term, the pair: BM25
over the times the pair stands, in this order and side by side, in the title
and in the body (the ordered window of Metzler and Croft's sequential
dependence model, scored by BM25 as the words are).

Its idf is what the pair says beyond its rarer word: ln((df(word) + 1) /
(df(pair) + 1)). ``tahun baru`` stands in a few dozen of the thousands of
articles holding ``baru``, so it weighs like a rare word; ``di srinagar``
stands wherever ``srinagar`` does and adds nothing to it, which the pair's own
idf (``Ranking.pair_idf = "own"``) would count a second time.

Where the pair stands is read from the positions of the ``phrase`` field
(title and body, one after the other, ``index/schema.py``); the title's length
tells which of the two an occurrence is in. Whoosh stores that length in one
byte, exact up to 10 words and within a word or two past that; where the byte
cannot tell, the stored title is analysed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import log

import numpy as np
from whoosh import query as Q
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length, length_to_byte

from index.schema import PHRASE_FIELD

PARTS = ("title", "body")


class Together(Q.Phrase):
    """``words`` standing side by side, in this order, in ``part`` (``title`` or
    ``body``), scored as one term; evaluated by ``search/evaluation/vectorized.py``."""

    def __init__(
        self, words: Sequence[str], part: str, boost: float = 1.0, beyond: bool = True
    ) -> None:
        super().__init__(PHRASE_FIELD, list(words), boost=boost)
        self.part, self.beyond = part, beyond

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Together)
            and super().__eq__(other)
            and (self.part, self.beyond) == (other.part, other.beyond)
        )

    def __hash__(self) -> int:
        return hash((super().__hash__(), self.part, self.beyond))

    def __repr__(self) -> str:
        return f"Together({self.words!r}, {self.part!r}, boost={self.boost}, beyond={self.beyond})"


@dataclass(frozen=True)
class Occurrences:
    """The live documents where a pair stands (ascending), how many times in the
    title and in the body of each."""

    ids: np.ndarray
    title: np.ndarray
    body: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.title.nbytes + self.body.nbytes


def _title_bounds(coded: float) -> tuple[int, int]:
    """The shortest and longest a title can be whose length Whoosh coded as ``coded``."""
    code = length_to_byte(int(coded))
    shortest = byte_to_length(code - 1) + 1 if code > 0 else 0
    return shortest, int(coded)


def _exact_title_length(searcher: Searcher, docnum: int) -> int:
    analyzer = searcher.schema[PHRASE_FIELD].analyzer
    title = searcher.stored_fields(docnum).get("title") or ""
    return sum(1 for _ in analyzer(title))


def occurrences(searcher: Searcher, words: Sequence[str], title_lengths: np.ndarray) -> Occurrences:
    """Where ``words`` stand together over the whole index, counted per part.

    ``title_lengths``: each document's title length as Whoosh's BM25F sees it.
    An occurrence that runs from the title's last word into the body counts in neither.
    """
    phrase = Q.Phrase(PHRASE_FIELD, list(words))
    ids, title, body = [], [], []
    for sub, offset in searcher.leaf_searchers():
        matcher = phrase.matcher(sub)
        while matcher.is_active():
            docnum = matcher.id() + offset
            shortest, longest = _title_bounds(title_lengths[docnum])
            in_title = in_body = 0
            for span in matcher.spans():
                if span.end < shortest:
                    in_title += 1
                elif span.start >= longest:
                    in_body += 1
                else:
                    exact = _exact_title_length(searcher, docnum)
                    shortest = longest = exact
                    in_title += span.end < exact
                    in_body += span.start >= exact
            ids.append(docnum)
            title.append(in_title)
            body.append(in_body)
            matcher.next()
    return Occurrences(
        np.asarray(ids, dtype=np.int64),
        np.asarray(title, dtype=np.float64),
        np.asarray(body, dtype=np.float64),
    )


def impacts(
    found: Occurrences,
    part: str,
    doc_count: int,
    lengths: np.ndarray,
    average_length: float,
    k1: float,
    b: float,
    rarest: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The documents where the pair stands in ``part`` and its BM25 score there
    (before the query's boost): Whoosh's formula for a term, the pair's own
    document frequency in its idf. ``rarest``: the document frequency of the
    pair's rarer word, whose idf is taken off (what the pair says beyond it)."""
    tf = found.title if part == "title" else found.body
    keep = tf > 0
    ids, tf = found.ids[keep], tf[keep]
    if rarest is None:
        idf = log(doc_count / (len(found.ids) + 1)) + 1
    else:
        idf = log((rarest + 1) / (len(found.ids) + 1))
    norm = k1 * ((1 - b) + b * lengths[ids] / (average_length or 1))
    return ids, idf * ((tf * (k1 + 1)) / (tf + norm))


def pair_query(
    words: Sequence[str], boosts: dict[str, float], weight: float, beyond: bool = True
) -> Q.Query | None:
    """Two words standing together, in each of the title and the body that
    ``boosts`` searches, at ``weight`` times the part's boost."""
    parts = [
        Together(words, part, boost=boosts[part] * weight, beyond=beyond)
        for part in PARTS
        if part in boosts
    ]
    if not parts or len(words) != 2:
        return None
    return parts[0] if len(parts) == 1 else Q.Or(parts)
