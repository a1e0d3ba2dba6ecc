"""One article by its id, and the articles most like it, preferring those close in date.

Related articles cost a bounded amount whatever the article's size: its most
telling words are chosen from its title and the first ``SAMPLE_CHARS`` of its
body (Whoosh weighs every distinct word of the text, a look-up in each segment
apiece, so a long article would cost seconds), and the articles holding them
are scored over arrays (``search/evaluation/vectorized.py``) rather than by Whoosh's
collector. The engine keeps the result per article and index version.
"""

from __future__ import annotations

from whoosh import query as Q
from whoosh.searching import Searcher

from search.evaluation.vectorized import Evaluator, Matches, first
from search.language.matching import content_text
from search.presentation.results import Article, Hit
from search.presentation.snippets import lead

RELATED = 5
RELATED_CANDIDATES = 30
# How many of the article's most telling words look for its relatives.
KEY_TERMS = 30
# Closeness in date weighs a related article's score between 1 (same day) and
# DATE_FLOOR (far away), halfway there after DATE_HALF_LIFE_DAYS.
DATE_HALF_LIFE_DAYS = 30.0
DATE_FLOOR = 0.5
RELATED_LEAD_CHARS = 160
# How much of an article's body its telling words are chosen from.
SAMPLE_CHARS = 8_000


def find_article(searcher: Searcher, article_id: str) -> Article | None:
    """The stored article with id ``article_id``, or None."""
    docnum = searcher.document_number(id=article_id)
    return None if docnum is None else Article.from_stored(searcher.stored_fields(docnum))


def sample(fields: dict) -> str:
    """The text an article's telling words are chosen from: its title and the
    start of its body."""
    return f"{fields.get('title', '')}\n{fields.get('body', '')[:SAMPLE_CHARS]}"


def like(evaluator: Evaluator, docnum: int, text: str, top: int) -> Matches:
    """Whoosh's more-like-this (``Searcher.more_like``): the ``top`` articles best
    matching the ``KEY_TERMS`` most telling words of ``text``, article ``docnum``
    left out, scored and ordered as Whoosh does."""
    searcher = evaluator.searcher
    terms = searcher.key_terms_from_text("body", text, numterms=KEY_TERMS, normalize=False)
    found = evaluator.matches(Q.Or([Q.Term("body", word, boost=w) for word, w in terms]))
    keep = found.ids != docnum
    found = Matches(found.ids[keep], found.scores[keep])
    return first(found, evaluator.columns, "relevance", 0.0, top)


def related_articles(evaluator: Evaluator, article_id: str, limit: int = RELATED) -> list[Hit]:
    """The ``limit`` articles most like this one (none for an unknown id).

    "Like" is more-like-this over the most telling words of the article's
    title and the start of its body (:func:`like`); each candidate's score is
    then weighed by how close the two publication dates are (at most halved),
    so between two articles about as alike, the one from the same days comes first.
    """
    searcher = evaluator.searcher
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        return []
    fields = searcher.stored_fields(docnum)
    candidates = like(evaluator, docnum, content_text(sample(fields)), RELATED_CANDIDATES)
    when = fields.get("published")
    scored = []
    for other_docnum, found_score in zip(candidates.ids.tolist(), candidates.scores, strict=True):
        other = searcher.stored_fields(other_docnum)
        score = float(found_score)
        if when is not None and other.get("published") is not None:
            days = abs((other["published"] - when).total_seconds()) / 86_400
            score *= date_weight(days)
        scored.append((score, other_docnum, other))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        Hit.from_stored(other, lead(other.get("body", ""), RELATED_LEAD_CHARS), score)
        for score, _, other in scored[:limit]
    ]


def date_weight(days: float) -> float:
    """1 for the same day, falling toward ``DATE_FLOOR`` as the days apart grow."""
    return DATE_FLOOR + (1 - DATE_FLOOR) * 0.5 ** (days / DATE_HALF_LIFE_DAYS)
