"""One article by its id, and the articles like it.

A minimal lookup for the article page; the search side may grow it (ranking of
related articles by date closeness, the JSON endpoints).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from index.dates import WIB
from search.results import Hit
from search.snippets import lead

RELATED = 5
# How many of the article's most telling words look for its relatives.
KEY_TERMS = 30


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    url: str
    source: str
    category: str
    published: datetime | None
    body: str

    @property
    def paragraphs(self) -> list[str]:
        """The body's paragraphs, as the indexer separated them (blank lines)."""
        return [" ".join(part.split()) for part in self.body.split("\n\n") if part.strip()]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "category": self.category,
            "published": self.published.isoformat() if self.published else None,
            "body": self.body,
        }


def _published(fields: dict) -> datetime | None:
    value = fields.get("published")
    return None if value is None else value.replace(tzinfo=UTC).astimezone(WIB)


def find_article(searcher, article_id: str) -> Article | None:
    """The stored article with id ``article_id``, or None."""
    fields = searcher.document(id=article_id)
    if fields is None:
        return None
    return Article(
        id=fields["id"],
        title=fields.get("title", ""),
        url=fields.get("url", ""),
        source=fields.get("source", ""),
        category=fields.get("category", ""),
        published=_published(fields),
        body=fields.get("body", ""),
    )


def related_articles(searcher, article_id: str, limit: int = RELATED) -> list[Hit]:
    """Articles sharing the most telling words of ``article_id``'s title and body."""
    docnum = searcher.document_number(id=article_id)
    if docnum is None:
        return []
    fields = searcher.stored_fields(docnum)
    text = f"{fields.get('title', '')}\n{fields.get('body', '')}"
    hits = searcher.more_like(docnum, "body", text=text, top=limit, numterms=KEY_TERMS)
    return [
        Hit(
            id=fields["id"],
            title=fields.get("title", ""),
            url=fields.get("url", ""),
            source=fields.get("source", ""),
            category=fields.get("category", ""),
            published=_published(fields),
            snippet=lead(fields.get("body", ""), 160),
            score=float(hit.score or 0.0),
        )
        for hit in hits
        for fields in (hit.fields(),)
    ]
