"""Snippets: the fragments of an article's body around the words that matched.

Whoosh's highlighter runs the whole analyzer over the body of every article
shown, token object by token object; that was a fifth of a search's time.
Here the body is split by the analyzer's own token pattern (one C-level regex
pass) and each distinct word's index term is looked up in a memo, so a word
is analysed once per index version, not once per occurrence per search.
Fragments are chosen as Whoosh's ``ContextFragmenter`` chooses them: runs of
context around matched words, at most ``FRAGMENT_CHARS`` long, the two with
the most matches of the most different words, shown in text order.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

SNIPPET_CHARS = 240
FRAGMENTS = 2
FRAGMENT_CHARS = SNIPPET_CHARS // FRAGMENTS
SURROUND = 50  # characters of context before the first and after the last match
CHAR_LIMIT = 2**15  # matches further into an article are not looked for
CLASSES = 5  # ``term0`` … ``term4``: one per query word, then recycled
MEMO_WORDS = 200_000
BETWEEN = " … "


def lead(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of ``text``, escaped, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return escape(text, quote=False)
    cut = text.rfind(" ", 0, limit)
    return escape(text[: cut if cut > 0 else limit], quote=False) + " …"


class WordTerms:
    """Each word's index term under one analyzer (None: a stop word), memoised."""

    def __init__(self, analyzer) -> None:
        self.analyzer = analyzer
        self.pattern = re.compile(analyzer.items[0].expression.pattern, re.UNICODE)
        self._memo: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def __call__(self, word: str) -> str | None:
        try:
            return self._memo[word]
        except KeyError:
            pass
        terms = [token.text for token in self.analyzer(word)]
        term = terms[0] if len(terms) == 1 else None
        with self._lock:
            if len(self._memo) >= MEMO_WORDS:
                self._memo.clear()
            self._memo[word] = term
        return term


@dataclass
class _Fragment:
    start: int
    end: int
    matches: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def score(self) -> int:
        return len(self.matches) * 100 * len({term for _, _, term in self.matches})


def fragments(
    text: str, words: WordTerms, terms: set[str], limit: int = CHAR_LIMIT
) -> list[_Fragment]:
    """Runs of ``text`` around the words whose term is in ``terms``."""
    found: list[_Fragment] = []
    before: list[int] = []  # start offsets of unmatched words just before a fragment
    current: _Fragment | None = None
    countdown = length = 0
    for match in words.pattern.finditer(text):
        start, end = match.span()
        if end > limit:
            break
        term = words(match.group())
        matched = term in terms
        size = end - start
        if current is None and not matched:
            before.append(start)
            while before and end - before[0] > SURROUND:
                before.pop(0)
            continue
        if current is not None and length + size > FRAGMENT_CHARS:
            countdown = 0
        elif matched:
            countdown = SURROUND
            if current is None:
                current = _Fragment(before[0] if before else start, end)
                if not before:
                    countdown += SURROUND
            current.matches.append((start, end, term))
        length += size
        countdown -= size
        current.end = end
        if countdown <= 0:
            found.append(current)
            current, before, length = None, [], 0
    if current is not None and current.matches:
        found.append(current)
    return found


def highlight(text: str, words: WordTerms, terms: Iterable[str]) -> str:
    """The best fragments of ``text`` with each matched word in ``<mark>``, or ""."""
    numbers = {term: n % CLASSES for n, term in enumerate(dict.fromkeys(terms))}
    if not numbers:
        return ""
    found = fragments(text, words, set(numbers))
    best = sorted(found, key=lambda f: (-f.score, f.start))[:FRAGMENTS]
    out = []
    for fragment in sorted(best, key=lambda f: f.start):
        parts, at = [], fragment.start
        for start, end, term in fragment.matches:
            parts.append(escape(text[at:start], quote=False))
            word = escape(text[start:end], quote=False)
            parts.append(f'<mark class="hl term{numbers[term]}">{word}</mark>')
            at = end
        parts.append(escape(text[at : fragment.end], quote=False))
        out.append("".join(parts))
    return BETWEEN.join(out)


def snippet(body: str, words: WordTerms, terms: Iterable[str]) -> str:
    """Highlighted fragments of the body around ``terms``, else the body's lead."""
    fragments_text = " ".join(highlight(body, words, terms).split())
    return fragments_text or lead(body)
