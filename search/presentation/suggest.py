"""Suggestions as you type: the last word completed from what follows the word before
it in the articles (``search/state/word_pairs.py``), then from the index's words, and titles.

Bounded by construction: a word's followers are a short list in memory, word
completion is a binary search in the in-memory vocabulary, and titles are found
in memory too (``search/state/titles.py``: the newest titles holding the words),
once the last word has four letters (two after other words that are not stop
words), for the ``PREFIX_TERMS`` most used words the last one may become. The
engine keeps what it answered for each text and index state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from whoosh.searching import Searcher

from search.language.matching import content_text
from search.presentation.results import Suggestion
from search.state.vocabulary import Vocabulary
from search.state.word_pairs import WordPairs

MAX_SUGGEST_CHARS = 100
TITLE_PREFIX_MIN = 4
PREFIX_TERMS = 16
_LAST_WORD = re.compile(r"([^\W_][\w-]*)$")


class TitleFinder(Protocol):
    """Where titles are looked up: :class:`search.state.titles.Titles`."""

    def find(self, every: list[str], one_of: list[str], limit: int) -> Iterable[tuple[str, str]]:
        """``(title, id)`` of titles holding every term of ``every`` and one of ``one_of``."""
        ...


def split_last(text: str) -> tuple[str, str]:
    """``"banjir jak"`` → ``("banjir ", "jak")``; the last word is empty after a space."""
    m = _LAST_WORD.search(text)
    return (text[: m.start()], m[1]) if m else (text, "")


def suggestions(
    searcher: Searcher,
    vocabulary: Vocabulary,
    text: str,
    limit: int = 8,
    pairs: WordPairs | None = None,
    titles: TitleFinder | None = None,
) -> list[Suggestion]:
    """Up to ``limit`` completions of ``text``: words first (those that follow the
    word before, then the most used), then matching titles."""
    text = text[:MAX_SUGGEST_CHARS]
    if not text.strip() or text[-1].isspace():
        return []  # nothing typed, or the last word is finished
    head, last = split_last(" ".join(text.split()).lower())
    if not last:
        return []
    found = [
        Suggestion(head + words, "word")
        for words in completions(head, last, limit, vocabulary, pairs)
    ]
    room = limit - len(found) if len(found) < limit // 2 else limit // 2
    analyzer = searcher.schema["title"].analyzer
    heads = [t.text for t in analyzer(content_text(head))]  # stop words are no heads
    narrow = len(last) >= TITLE_PREFIX_MIN or (heads and len(last) >= 2)
    if narrow and room > 0 and titles is not None:
        found = found[: limit - room]
        found += title_suggestions(searcher, vocabulary, titles, heads, last, room)
    return found[:limit]


def completions(
    head: str, last: str, limit: int, vocabulary: Vocabulary, pairs: WordPairs | None
) -> list[str]:
    """What may follow ``head``'s last word starting with ``last``, then the most used
    words starting so that are not already the first word of one."""
    previous = head.split()[-1:]
    found = pairs.follow(previous[0], last, limit) if pairs is not None and previous else []
    firsts = {words.split()[0] for words in found}
    found += [word for word in vocabulary.complete(last, limit) if word not in firsts]
    return found[:limit]


def title_suggestions(
    searcher: Searcher,
    vocabulary: Vocabulary,
    finder: TitleFinder,
    heads: list[str],
    last: str,
    limit: int,
) -> list[Suggestion]:
    """Articles whose title has every term of ``heads`` and one of the most used
    words starting with ``last`` (or ``last`` itself), newest first."""
    analyzer = searcher.schema["title"].analyzer
    words = [last, *vocabulary.complete(last, PREFIX_TERMS)]
    terms = list(dict.fromkeys(t.text for t in analyzer(" ".join(words))))  # one pass: by token
    return [Suggestion(title, "title", aid) for title, aid in finder.find(heads, terms, limit)]
