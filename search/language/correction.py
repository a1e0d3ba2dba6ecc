"""Typos searched, not just suggested: when to show the results of a corrected query.

A correction comes from the index's own words (``search/presentation/spelling.py``). It is
*searched* in place of the query, and said so ("Menampilkan hasil untuk …", the
``corrected`` field), when the query finds nothing, or when every word it
changes is one the index hardly knows as written (``malku``: its stem ``mal``
alone made ``gempa malku`` find shopping-mall stories), the correction finds
articles, and no article the query finds holds those words as typed (``misano
tebus``: a rare name or word that does stand in a match was meant). A word the
index knows well is never corrected; ``correct=false`` searches exactly what was typed.
Otherwise a correction is only suggested, when the query found little.

Every count here is of full matches (``Ranked.strict_total``: the articles with every
required word), never ``total``: the partial matches that follow too few full ones
(``Ranking.fill``) would make a typo's query look as if it found plenty.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from search.evaluation.vectorized import within
from search.presentation.spelling import did_you_mean

# Below this many matches, a "did you mean" correction is looked for.
SUGGEST_BELOW = 3
# A word written in fewer articles than this is one the index hardly knows.
RARELY_WRITTEN = 3
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _changed(text: str, corrected: str) -> list[str]:
    """The words of ``text`` that ``corrected`` replaced, lower-cased."""
    before, after = _WORDS.findall(text.lower()), _WORDS.findall(corrected.lower())
    return [a for a, b in zip(before, after, strict=False) if a != b]


def _as_written(text: str, words: list[str]) -> str:
    """``text`` with each of ``words`` quoted: found only as written, not by its stem.
    Where ``text`` has quotes of its own, nothing is quoted (the check then finds what the
    query finds)."""
    if '"' in text:
        return text
    wanted = set(words)
    return _WORDS.sub(lambda m: f'"{m[0]}"' if m[0].lower() in wanted else m[0], text)


def _rarely_written(engine, searcher, text: str) -> bool:
    """Whether some word of ``text`` is one the index hardly knows as written."""
    vocabulary = engine.vocabulary(searcher)
    return any(vocabulary.frequency(w) < RARELY_WRITTEN for w in _WORDS.findall(text.lower()))


def correct(engine, ranked):
    """``(ranked, corrected, suggestion)``: the ranking to show (that of the
    correction, when it is searched), the corrected query searched (or None), and
    a correction only suggested (or None)."""
    request = ranked.request
    if not request.q.strip():
        return ranked, None, None
    searcher = ranked.evaluator.searcher
    few = ranked.strict_total < SUGGEST_BELOW
    if not few and not (request.correct and _rarely_written(engine, searcher, request.q)):
        return ranked, None, None
    categories = ranked.evaluator.categories

    @functools.cache  # the correction chosen was counted when it was chosen
    def count(text: str) -> int:  # full matches: the query as built, not relaxed
        query, _ = engine.query(searcher, replace(request, q=text), categories)
        return len(within(ranked.evaluator.matches(query), ranked.allowed.values()))

    vocabulary = engine.vocabulary(searcher)
    text = did_you_mean(request.q, vocabulary, searcher.schema["body"].analyzer, count)
    if text is None or count(text) == 0:
        return ranked, None, None
    changed = _changed(request.q, text)
    rare = all(vocabulary.frequency(w) < RARELY_WRITTEN for w in changed)
    if request.correct and rare and not count(_as_written(request.q, changed)):
        return engine.rank(searcher, replace(request, q=text)), text, None
    return ranked, None, (text if few and count(text) > ranked.strict_total else None)
