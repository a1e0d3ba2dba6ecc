"""The same article twice in one import: indexed once, and reported.

Two records are the same article when they share an id and their fields, a URL
(spelled alike once canonical), or their text under two ids. One id given to
two different records is not a duplicate: one of them is kept (the last by
default, see :mod:`index.supersede`) and the other is reported as superseded.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.ids import canonical_url, text_key
from index.ingest import Article
from index.supersede import DEFAULT_PREFER, PREFERENCES, Superseded, article_fingerprint


@dataclass(frozen=True)
class Duplicate:
    """An article not indexed because the same one came earlier in the import."""

    article: Article
    why: str
    first_id: str
    first_origin: str

    def __str__(self) -> str:
        first = f"{self.first_id!r} ({self.first_origin})"
        return f"{self.article.origin}: {self.why} as {first}, not indexed"


@dataclass(frozen=True, slots=True)
class _Kept:
    """What is kept of an article taken: enough to name it and to recognise it again,
    not its text. Reading the 10x corpus (219,615 articles) peaked at 818 MB keeping
    whole articles, 161 MB with names and digests."""

    id: str
    origin: str
    fields: int  # fingerprint of the compared fields
    text: str  # text_key of the body
    url: str  # canonical URL, "" if none


class Deduplicator:
    """Checks each article against those taken before it in the same import.

    ``kept`` maps each id that was read with different fields more than once
    (``prefer="last"``) to the fingerprint of the record finally kept: the
    writer removes the earlier ones (:func:`index.supersede.drop_superseded`).
    """

    def __init__(self, prefer: str = DEFAULT_PREFER) -> None:
        if prefer not in PREFERENCES:
            raise ValueError(f"prefer must be one of {', '.join(PREFERENCES)}")
        self.prefer = prefer
        self.kept: dict[str, int] = {}
        self._by_id: dict[str, _Kept] = {}
        self._by_url: dict[str, _Kept] = {}
        self._by_text: dict[str, _Kept] = {}

    def check(self, article: Article) -> Article | Duplicate | Superseded:
        """``article`` if it is to be written, else what it repeats. A
        :class:`Superseded` whose ``kept`` is ``article.origin`` names the earlier
        record that ``article`` replaces: ``article`` is written too."""
        key = text_key("", article.body)
        fields = article_fingerprint(article)
        earlier = self._by_id.get(article.id)
        if earlier is not None:
            if earlier.fields == fields:
                return Duplicate(article, "same id and text", earlier.id, earlier.origin)
            if self.prefer == "first":
                return Superseded(article.id, article.origin, earlier.origin, self.prefer)
            self._forget(earlier)
            self._take(article, fields, key)
            self.kept[article.id] = fields
            return Superseded(article.id, earlier.origin, article.origin, self.prefer)
        url = canonical_url(article.url)
        if url and url in self._by_url:
            first = self._by_url[url]
            return Duplicate(article, "same URL", first.id, first.origin)
        if key in self._by_text:
            first = self._by_text[key]
            return Duplicate(article, "same text", first.id, first.origin)
        self._take(article, fields, key, url)
        return article

    def _take(self, article: Article, fields: int, key: str, url: str | None = None) -> None:
        url = canonical_url(article.url) if url is None else url
        taken = _Kept(article.id, article.origin, fields, key, url)
        self._by_id[article.id] = taken
        if url:
            self._by_url.setdefault(url, taken)
        self._by_text.setdefault(key, taken)

    def _forget(self, earlier: _Kept) -> None:
        """Drop the URL and text of a record another of its id replaces."""
        if earlier.url and self._by_url.get(earlier.url) is earlier:
            del self._by_url[earlier.url]
        if self._by_text.get(earlier.text) is earlier:
            del self._by_text[earlier.text]
