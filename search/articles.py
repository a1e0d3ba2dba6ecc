"""One article by its id, and the articles most like it, preferring those close in date."""

from __future__ import annotations

from whoosh.searching import Searcher

from search.matching import content_text
from search.results import Article, Hit
from search.snippets import lead

RELATED = 5
RELATED_CANDIDATES = 30
# How many of the article's most telling words look for its relatives.
KEY_TERMS = 30
# Closeness in date weighs a related article's score between 1 (same day) and
# DATE_FLOOR (far away), halfway there after DATE_HALF_LIFE_DAYS.
DATE_HALF_LIFE_DAYS = 30.0
DATE_FLOOR = 0.5
RELATED_LEAD_CHARS = 160


def find_article(searcher: Searcher, article_id: str) -> Article | None:
    """The stored article with id ``article_id``, or None."""
    docnum = searcher.document_number(id=article_id)
    return None if docnum is None else Article.from_stored(searcher.stored_fields(docnum))


def related_articles(searcher: Searcher, article_id: str, limit: int = RELATED) -> list[Hit]:
    """The ``limit`` articles most like this one (none for an unknown id).

    "Like" is Whoosh's more-like-this over the most telling words of the
    article's title and body; each candidate's score is then weighed by how
    close the two publication dates are (at most halved), so between two
    articles about as alike, the one from the same days comes first.
    """
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        return []
    fields = searcher.stored_fields(docnum)
    candidates = searcher.more_like(
        docnum,
        "body",
        text=content_text(f"{fields.get('title', '')}\n{fields.get('body', '')}"),
        top=RELATED_CANDIDATES,
        numterms=KEY_TERMS,
    )
    when = fields.get("published")
    scored = []
    for hit in candidates:
        other = hit.fields()
        score = float(hit.score or 0.0)
        if when is not None and other.get("published") is not None:
            days = abs((other["published"] - when).total_seconds()) / 86_400
            score *= date_weight(days)
        scored.append((score, hit.docnum, other))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        Hit.from_stored(other, lead(other.get("body", ""), RELATED_LEAD_CHARS), score)
        for score, _, other in scored[:limit]
    ]


def date_weight(days: float) -> float:
    """1 for the same day, falling toward ``DATE_FLOOR`` as the days apart grow."""
    return DATE_FLOOR + (1 - DATE_FLOOR) * 0.5 ** (days / DATE_HALF_LIFE_DAYS)
