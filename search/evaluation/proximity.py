"""Query words standing close together in an article's body: a bonus on the first matches.

An article whose body holds the query's words near one another (the lead of a
story about them, the passage that answers a question) is more likely about
them than one whose body holds them far apart. This is BM25TP (Rasolofo and
Savoy, 2003): every two occurrences of distinct query terms at most
``window`` positions apart add ``1 / distance²`` to each term's accumulator,
times the other term's weight; each term then scores like a BM25 term over
its accumulator instead of its frequency, weighed by ``min(1, idf)``::

    bonus(d) = Σ_t min(1, w_t) · acc_d(t) · (k1 + 1) / (acc_d(t) + K_d),
    acc_d(t) = Σ_{t' ≠ t} Σ_{|p - p'| ≤ window} w_t' / (p - p')²

with ``w_t`` the Robertson–Spärck Jones idf (0 for a word in half the articles
or more, so very common words add nothing) and ``K_d`` BM25's length
normalisation over the body. The bonus, times ``Ranking.proximity``, is added
to the scores of the first ``Ranking.proximity_depth`` matches only (a
re-ranking: the positions of a few articles are read, not of every match).

Positions are read from the ``phrase`` field (title then body,
``index/schema.py``); only those past the title count, so that a ranking that
does not search titles (the body-only known items) learns nothing from them.
Whoosh stores the title's length in one byte, exact up to 10 words; past that
the longest length the byte allows is taken, at the cost of a body word or two.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from whoosh.searching import Searcher

from index.analysis import surface_words
from index.codec.whoosh_private import field_b
from index.schema import PHRASE_FIELD
from search.evaluation.ranking import Ranking
from search.evaluation.vectorized import Evaluator, Matches
from search.language import syntax
from search.language.matching import QUESTION_PAIRS, QUESTION_WORDS


def query_terms(searcher: Searcher, text: str) -> list[str]:
    """The distinct terms (as the ``phrase`` field holds them) of the words asked
    for in ``text``, question words left out, in query order."""
    words: list[str] = []
    for asked in syntax.words_of(syntax.parse_query(text).node):
        words += surface_words(asked)
    kept = [
        word
        for i, word in enumerate(words)
        if word not in QUESTION_WORDS
        and (i == 0 or (words[i - 1], word) not in QUESTION_PAIRS)
        and (i + 1 == len(words) or (word, words[i + 1]) not in QUESTION_PAIRS)
    ]
    analyzer = searcher.schema[PHRASE_FIELD].analyzer
    terms: list[str] = []
    for word in kept:
        for token in analyzer(word):
            if token.text not in terms:
                terms.append(token.text)
    return terms


def positions(searcher: Searcher, term: str, docs: np.ndarray) -> dict[int, np.ndarray]:
    """Where ``term`` stands in each of ``docs`` (ascending document numbers) that holds it."""
    found: dict[int, np.ndarray] = {}
    for sub, offset in searcher.leaf_searchers():
        size = sub.reader().doc_count_all()
        local = docs[(docs >= offset) & (docs < offset + size)] - offset
        if not len(local) or (PHRASE_FIELD, term) not in sub.reader():
            continue
        matcher = sub.postings(PHRASE_FIELD, term)
        for docnum in local.tolist():
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                found[docnum + offset] = np.asarray(matcher.value_as("positions"))
    return found


def weights(searcher: Searcher, terms: Sequence[str]) -> np.ndarray:
    """Each term's Robertson–Spärck Jones idf, at least 0."""
    n = searcher.doc_count_all()
    dfs = np.array([searcher.doc_frequency(PHRASE_FIELD, t) for t in terms], dtype=np.float64)
    return np.maximum(0.0, np.log((n - dfs + 0.5) / (dfs + 0.5)))


def held(
    searcher: Searcher, terms: Sequence[str], docs: np.ndarray, body_start: np.ndarray
) -> list[list[tuple[int, np.ndarray]]]:
    """Per document of ``docs`` (ascending): each term it holds in its body (the
    term's index in ``terms``) and where, counted from the body's first word.

    ``body_start``: per document, the first position of the ``phrase`` field
    that is surely the body's."""
    where = [positions(searcher, term, docs) for term in terms]
    out: list[list[tuple[int, np.ndarray]]] = []
    for doc in docs.tolist():
        start = body_start[doc]
        row = []
        for j, found in enumerate(where):
            pos = found.get(doc)
            if pos is not None:
                pos = pos[pos >= start] - int(start)
                if len(pos):
                    row.append((j, pos))
        out.append(row)
    return out


def closeness(
    rows: list[list[tuple[int, np.ndarray]]],
    w: np.ndarray,
    norms: np.ndarray,
    k1: float,
    window: int,
) -> np.ndarray:
    """The BM25TP bonus of each document of ``rows`` (:func:`held`); ``w``: the
    terms' weights; ``norms``: each document's BM25 length normalisation ``K_d``."""
    out = np.zeros(len(rows))
    outer = np.minimum(1.0, w)
    for r, row in enumerate(rows):
        row = [(j, pos) for j, pos in row if w[j] > 0]
        if len(row) < 2:
            continue
        acc = np.zeros(len(w))
        for x in range(len(row)):
            jx, px = row[x]
            for y in range(x + 1, len(row)):
                jy, py = row[y]
                gap = np.abs(px[:, None] - py[None, :])
                near = gap[(gap > 0) & (gap <= window)]
                if not len(near):
                    continue
                close = float(np.sum(1.0 / near.astype(np.float64) ** 2))
                acc[jx] += w[jy] * close
                acc[jy] += w[jx] * close
        out[r] = float(np.sum(outer * acc * (k1 + 1) / (acc + norms[r])))
    return out


def lead(
    rows: list[list[tuple[int, np.ndarray]]], w: np.ndarray, k1: float, words: int
) -> np.ndarray:
    """Each document's terms in the first ``words`` words of its body, scored as
    BM25 scores a field of that fixed length: ``Σ w_t · tf (k1 + 1) / (tf + k1)``."""
    out = np.zeros(len(rows))
    for r, row in enumerate(rows):
        total = 0.0
        for j, pos in row:
            tf = float(np.count_nonzero(pos < words))
            if tf:
                total += w[j] * tf * (k1 + 1) / (tf + k1)
        out[r] = total
    return out


def passage(
    rows: list[list[tuple[int, np.ndarray]]], w: np.ndarray, k1: float, words: int
) -> np.ndarray:
    """Each document's best passage: its terms in the window of ``words`` words (windows
    start every ``words // 2``) that scores highest as :func:`lead` scores the first."""
    out = np.zeros(len(rows))
    step = max(1, words // 2)
    for r, row in enumerate(rows):
        if not row:
            continue
        starts = np.arange(0, max(int(pos[-1]) for _, pos in row) + 1, step)
        total = np.zeros(len(starts))
        for j, pos in row:
            tf = np.searchsorted(pos, starts + words) - np.searchsorted(pos, starts)
            total += w[j] * tf * (k1 + 1) / (tf + k1)
        out[r] = float(total.max())
    return out


def rerank(evaluator: Evaluator, found: Matches, text: str, ranking: Ranking) -> Matches:
    """``found`` with the bonuses of where its words stand in the body added to the
    scores of its first ``ranking.proximity_depth`` matches by score: close together
    (times ``ranking.proximity``), in the lead (times ``ranking.lead``) and in the
    best passage (times ``ranking.passage``)."""
    depth = ranking.proximity_depth
    bonuses = (ranking.proximity, ranking.lead, ranking.passage)
    if all(weight <= 0 for weight in bonuses) or len(found) < 2 or depth < 2:
        return found
    searcher = evaluator.searcher
    if PHRASE_FIELD not in searcher.schema:
        return found
    terms = query_terms(searcher, text)
    if not terms:
        return found
    scores = found.scores
    if depth < len(scores):
        top = np.argpartition(-scores, depth - 1)[:depth]
    else:
        top = np.arange(len(scores))
    top.sort()
    docs = found.ids[top]
    postings = evaluator.postings
    weighting = postings.weighting
    k1, b = weighting.K1, field_b(weighting, "body")
    rows = held(searcher, terms, docs, postings.field_lengths(searcher, "title"))
    w = weights(searcher, terms)
    extra = np.zeros(len(docs))
    if ranking.proximity > 0 and len(terms) > 1:
        lengths = postings.field_lengths(searcher, "body")[docs]
        norms = k1 * ((1 - b) + b * lengths / (searcher.avg_field_length("body") or 1))
        extra += ranking.proximity * closeness(rows, w, norms, k1, ranking.proximity_window)
    if ranking.lead > 0:
        extra += ranking.lead * lead(rows, w, k1, ranking.lead_words)
    if ranking.passage > 0:
        extra += ranking.passage * passage(rows, w, k1, ranking.passage_words)
    scores = scores.copy()
    scores[top] += extra
    return Matches(found.ids, scores)
