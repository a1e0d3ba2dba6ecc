"""The titles of the index, ready for suggestions as you type: a search per keystroke
in memory, without a Whoosh query.

A Whoosh query over the title field scores every title holding a common word
(``jakarta``, ``indonesia``): 158 ms at the 99th percentile at 1×, more at 10×.
Here each distinct title (the same headline from several outlets, or repeated,
is one) is numbered newest first, and each of its terms (each word as the title
field's own analyzer makes it) keeps the sorted numbers of the titles holding it. A suggestion is
the first numbers held by every typed word and one of the last word's
completions: the newest matching titles, found by binary searches over a few
short arrays, chunk by chunk, stopping once enough are found.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from whoosh.analysis import Analyzer
from whoosh.searching import Searcher

from index.analysis import surface_words
from search.state.word_pairs import BODY_CHARS, WordPairs

CHUNK = 512  # candidates tested at a time, newest first
SPARE = 4  # titles looked at per title offered, while deleted articles are left out
_OLDEST = datetime.min


@dataclass(frozen=True)
class Titles:
    """Distinct titles newest first, with the article shown for each, and per term
    the sorted numbers of the titles holding it."""

    titles: list[str]
    ids: list[str]
    postings: dict[str, np.ndarray]

    @classmethod
    def from_articles(
        cls, articles: Iterable[tuple[str, str, datetime | None]], analyzer: Analyzer
    ) -> Titles:
        """From ``(title, id, published)`` triples; a title seen more than once
        is shown by its newest article (the first id among those of no date)."""
        newest: dict[str, tuple[datetime, str, str]] = {}
        for title, article_id, published in articles:
            key = " ".join(title.split()).lower()
            if not key:
                continue
            when = published.replace(tzinfo=None) if published is not None else _OLDEST
            seen = newest.get(key)
            if seen is None or when > seen[0]:
                newest[key] = (when, title, article_id)
        # Newest first; among equals (no date), the order the index holds them.
        ordered = sorted(newest.values(), key=lambda row: row[0], reverse=True)
        numbers: dict[str, list[int]] = {}
        terms_of: dict[str, list[str]] = {}  # each word analysed once, not in every title
        for number, (_, title, _) in enumerate(ordered):
            terms = []
            for word in surface_words(title):
                found = terms_of.get(word)
                if found is None:
                    found = terms_of[word] = [token.text for token in analyzer(word)]
                terms += found
            for term in dict.fromkeys(terms):
                numbers.setdefault(term, []).append(number)
        return cls(
            titles=[title for _, title, _ in ordered],
            ids=[article_id for _, _, article_id in ordered],
            postings={term: np.array(held, dtype=np.int32) for term, held in numbers.items()},
        )

    def __len__(self) -> int:
        return len(self.titles)

    def find(self, every: list[str], one_of: list[str], limit: int) -> Iterator[tuple[str, str]]:
        """``(title, id)`` of the newest titles holding every term of ``every`` and at
        least one of ``one_of``, newest first (``limit`` at most)."""
        required = [self.postings.get(term) for term in dict.fromkeys(every)]
        options = [
            held for term in dict.fromkeys(one_of) if (held := self.postings.get(term)) is not None
        ]
        if limit <= 0 or not options or any(held is None for held in required):
            return
        lists: list[np.ndarray] = sorted(required, key=len)  # type: ignore[arg-type]
        if not lists or sum(map(len, options)) < len(lists[0]):
            # The union of the options is the shorter list to walk: each option's first
            # ``limit`` suffice when nothing else is required.
            cut = limit if not lists else None
            lists.insert(0, np.unique(np.concatenate([held[:cut] for held in options])))
            options = []
        walked, others = lists[0], lists[1:]
        found = 0
        for start in range(0, len(walked), CHUNK):
            chunk = walked[start : start + CHUNK]
            keep = np.ones(len(chunk), dtype=bool)
            for other in others:
                keep &= _holds(other, chunk)
            if options:
                anyone = np.zeros(len(chunk), dtype=bool)
                for held in options:
                    anyone |= _holds(held, chunk)
                keep &= anyone
            for number in chunk[keep][: limit - found].tolist():
                yield self.titles[number], self.ids[number]
                found += 1
            if found >= limit:
                return


@dataclass(frozen=True)
class LiveTitles:
    """Titles read from an index version before ``searcher``'s (while new ones are read
    aside), each offered only while its article is still live there."""

    titles: Titles
    searcher: Searcher

    def find(self, every: list[str], one_of: list[str], limit: int) -> Iterator[tuple[str, str]]:
        """:meth:`Titles.find`, without the articles deleted since."""
        found = 0
        for title, article_id in self.titles.find(every, one_of, SPARE * limit):
            if found < limit and self.searcher.document_number(id=article_id) is not None:
                found += 1
                yield title, article_id


def _holds(held: np.ndarray, numbers: np.ndarray) -> np.ndarray:
    """Which of ``numbers`` the sorted array ``held`` holds."""
    at = np.searchsorted(held, numbers)
    inside = at < len(held)
    out = np.zeros(len(numbers), dtype=bool)
    out[inside] = held[at[inside]] == numbers[inside]
    return out


def pairs_and_titles(searcher) -> tuple[WordPairs, Titles]:
    """The word pairs (``search/state/word_pairs.py``) and the titles of ``searcher``'s
    live articles, from one pass over their stored fields."""
    articles: list[tuple[str, str, datetime | None]] = []

    def texts() -> Iterator[str]:
        for fields in searcher.reader().all_stored_fields():
            title = fields.get("title") or ""
            articles.append((title, fields.get("id") or "", fields.get("published")))
            yield title
            yield (fields.get("body") or "")[:BODY_CHARS]

    pairs = WordPairs.from_texts(texts())
    return pairs, Titles.from_articles(articles, searcher.schema["title"].analyzer)
