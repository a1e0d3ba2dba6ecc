"""Snippets: the fragments of an article's body around the words that matched.

Whoosh's highlighter runs the whole analyzer over the body of every article
shown, token object by token object; that was a fifth of a search's time.
Here the body is split by the analyzer's own token pattern (one C-level regex
pass) and each distinct word's index term is looked up in a memo, so a word
is analysed once per index version, not once per occurrence per search.
Fragments are chosen as Whoosh's ``ContextFragmenter`` chooses them: runs of
context around matched words, at most ``FRAGMENT_CHARS`` long, the two with
the most matches of the most different words, shown in text order. One
difference: when a fragment's countdown ends at exactly zero, Whoosh treats the
next word as the start of an empty fragment and so never as context before the
next match; here it is context like any other word.
"""

from __future__ import annotations

import functools
import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from itertools import accumulate, repeat
from operator import sub
from re import Match
from typing import TYPE_CHECKING, cast

import numpy as np

from search.presentation.results import LEADING_DASH
from search.state.cache import Lru

if TYPE_CHECKING:
    from search.state.split import SplitArticles

SNIPPET_CHARS = 240
FRAGMENTS = 2
FRAGMENT_CHARS = SNIPPET_CHARS // FRAGMENTS
SURROUND = 50  # characters of context before the first and after the last match
CHAR_LIMIT = 2**15  # matches further into an article are not looked for
CLASSES = 5  # ``term0`` … ``term4``: one per query word, then recycled
MEMO_WORDS = 200_000
ARTICLES_KEPT = 8192  # ~3.8 KB each on the bundled corpus (two int arrays, the terms): ~31 MB
BETWEEN = " … "
SHORT_TEXT = 400  # characters: a text this short is split without numpy
LEARN_BATCH = 2000  # words analysed in one pass by ``learn``
_UNSEEN = object()


def lead(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of ``text``, escaped, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return escape(text, quote=False)
    cut = text.rfind(" ", 0, limit)
    return escape(text[: cut if cut > 0 else limit], quote=False) + " …"


@dataclass(frozen=True)
class Words:
    """An article's words (up to the character limit): where each starts and ends,
    and its index term (None: a stop word)."""

    starts: Sequence[int]
    ends: Sequence[int]
    terms: list[str | None]

    @functools.cached_property
    def before(self) -> list[int]:
        """For each word, the characters of the words before it (one more: all of them)."""
        return list(accumulate(map(sub, self.ends, self.starts), initial=0))


class WordTerms:
    """Each word's index term under one analyzer (None: a stop word), memoised; and
    the words of the articles shown last (``ARTICLES_KEPT``), by document number,
    since the same articles are shown for many queries."""

    def __init__(self, analyzer) -> None:
        self.analyzer = analyzer
        self.pattern = re.compile(analyzer.items[0].expression.pattern, re.UNICODE)
        # Split by the pattern in one group, a text alternates between what lies between
        # words and the words: their spans follow from the lengths, no match object each.
        self.splitter = (
            re.compile(f"({self.pattern.pattern})", re.UNICODE) if not self.pattern.groups else None
        )
        self.memo: dict[str, str | None] = {}
        self._articles: Lru[Words] = Lru(ARTICLES_KEPT)
        self._titles: Lru[Words] = Lru(ARTICLES_KEPT)  # a title's words, ~0.5 KB each
        self._lock = threading.Lock()
        # articles split by a warm-up (search/state/split.py)
        self.ahead: SplitArticles | None = None

    def article(self, docnum: int, text: str) -> Words:
        """The words of article ``docnum``, whose text is ``text``."""
        if self.ahead is not None:
            found = self.ahead.get(docnum)
            if found is not None:
                return found
        return self._articles.get_or_make(docnum, lambda: words_of(text, self))

    def title(self, docnum: int, text: str) -> Words:
        """The words of article ``docnum``'s title ``text``, all of them (a title is short)."""
        return self._titles.get_or_make(docnum, lambda: words_of(text, self, len(text) + 1))

    def __call__(self, word: str) -> str | None:
        try:
            return self.memo[word]
        except KeyError:
            pass
        term = self._analysed(word)
        self._remember({word: term})
        return term

    def _analysed(self, word: str) -> str | None:
        terms = [token.text for token in self.analyzer(word)]
        return terms[0] if len(terms) == 1 else None

    def terms(self, words: list[str], remember: bool = True) -> dict[str, str | None]:
        """Each of ``words`` (distinct, each one token of the pattern) and its term;
        ``remember``: kept in the memo.

        They go through the analyzer in one pass, joined by spaces, stop words
        kept and marked, so that the n-th token is the n-th word's; the chain
        of token generators is then set up once for all of them, not per word.
        """
        # Whoosh hands out one token object, changed in place: read each as it comes.
        terms = [
            None if token.stopped else token.text
            for token in self.analyzer(" ".join(words), removestops=False)
        ]
        if len(terms) == len(words):
            found = dict(zip(words, terms, strict=True))
        else:
            found = {word: self.memo.get(word, _UNSEEN) for word in words}
            found = {w: self._analysed(w) if t is _UNSEEN else t for w, t in found.items()}
        if remember:
            self._remember(found)
        return found

    def _remember(self, found: dict[str, str | None]) -> None:
        with self._lock:
            if len(self.memo) + len(found) > MEMO_WORDS:
                self.memo.clear()
            self.memo.update(found)

    def learn(self, words: Iterable[str]) -> None:
        """Look ``words`` up now, each as written and capitalised, until the memo is
        half full: a warm-up, so the first articles shown need not analyse them."""
        batch: list[str] = []
        for word in words:
            if len(self.memo) + len(batch) >= MEMO_WORDS // 2:
                break
            batch += (word, word.capitalize())
            if len(batch) >= LEARN_BATCH:
                self._learn_new(batch)
                batch = []
        self._learn_new(batch)

    def _learn_new(self, words: list[str]) -> None:
        new = [word for word in dict.fromkeys(words) if word not in self.memo]
        if new:
            self.terms(new)


@dataclass
class _Fragment:
    start: int
    end: int
    matches: list[tuple[int, int, Mark]] = field(default_factory=list)

    @property
    def score(self) -> int:
        return len(self.matches) * 100 * len({term for _, _, term in self.matches})


def words_of(text: str, words: WordTerms, limit: int = CHAR_LIMIT) -> Words:
    """The words of ``text``: one regex pass, their terms looked up in the memo by
    ``map``, the words not seen before analysed together."""
    starts: Sequence[int]
    ends: Sequence[int]
    if words.splitter is not None and len(text) <= min(limit, SHORT_TEXT):
        # A title: numpy's fixed costs are most of the work, so in plain Python.
        parts = words.splitter.split(text)
        bounds = list(accumulate(map(len, parts)))
        surface, starts, ends = parts[1::2], array("i", bounds[0:-1:2]), array("i", bounds[1::2])
    else:
        surface, found_starts, found_ends = split_words(text, words, limit)
        starts, ends = _ints(found_starts), _ints(found_ends)
    term_of = list(map(words.memo.get, surface, repeat(_UNSEEN)))
    if _UNSEEN in term_of:
        unseen = [w for w, t in zip(surface, term_of, strict=True) if t is _UNSEEN]
        found = words.terms(list(dict.fromkeys(unseen)))
        term_of = [found[w] if t is _UNSEEN else t for w, t in zip(surface, term_of, strict=True)]
    return Words(starts, ends, cast("list[str | None]", term_of))  # none unseen now


def _ints(values: np.ndarray) -> array:
    return array("i", values.astype(np.int32).tobytes())


Mark = str | tuple[str, ...]  # a term, or terms that match only side by side (a phrase)


def matched_marks(term_of: Sequence[str | None], marks: Iterable[Mark]) -> list[Mark | None]:
    """Per word, the mark it is part of (None: none): a term of ``marks``, or a
    phrase of ``marks`` where its words stand in order, side by side (only
    there: the words of ``menteri pertahanan`` alone, ``tahan`` in ``ditahan``,
    are not what matched). A word inside a phrase matched is marked as the phrase."""
    marks = list(marks)
    terms = {mark for mark in marks if isinstance(mark, str)}
    found: list[Mark | None] = [term if term in terms else None for term in term_of]
    for phrase in (mark for mark in marks if isinstance(mark, tuple) and mark):
        size, head = len(phrase), phrase[0]
        for at in (i for i, term in enumerate(term_of) if term == head):
            if tuple(term_of[at : at + size]) == phrase:
                found[at : at + size] = [phrase] * size
    return found


def matched_positions(
    term_of: Sequence[str | None], marks: Iterable[Mark]
) -> tuple[list[int], list[Mark]]:
    """The words that :func:`matched_marks` gives a mark, ascending, and their marks:
    the same, found by ``list.index`` (a scan in C) rather than a look at every word."""
    marks = list(marks)
    terms = list(term_of)
    found: dict[int, Mark] = {}
    for mark in dict.fromkeys(mark for mark in marks if isinstance(mark, str)):
        found.update((at, mark) for at in _places(terms, mark))
    for phrase in (mark for mark in marks if isinstance(mark, tuple) and mark):
        size = len(phrase)
        for at in _places(terms, phrase[0]):
            if tuple(terms[at : at + size]) == phrase:
                found.update((n, phrase) for n in range(at, at + size))
    positions = sorted(found)
    return positions, [found[at] for at in positions]


def _places(terms: list[str | None], term: str) -> list[int]:
    """Where ``term`` stands in ``terms``."""
    places, at = [], -1
    try:
        while True:
            at = terms.index(term, at + 1)
            places.append(at)
    except ValueError:
        return places


def fragments(
    text: str,
    words: WordTerms,
    terms: Iterable[Mark],
    limit: int = CHAR_LIMIT,
    found: Words | None = None,
) -> list[_Fragment]:
    """Runs of ``text`` around the words matching ``terms`` (:func:`matched_marks`);
    ``found``: its words, when known (:meth:`WordTerms.article`).

    The words are walked match by match, not word by word: where a fragment's
    countdown runs out, and where it reaches ``FRAGMENT_CHARS`` characters of
    words, are found by bisection in the running total of word lengths; the
    context before a fragment too.
    """
    if found is None:
        found = words_of(text, words, limit)
    starts, ends = found.starts, found.ends
    positions, marks = matched_positions(found.terms, terms)
    before = found.before
    last = len(starts) - 1
    runs: list[_Fragment] = []
    resume = 0  # the first word after the last fragment
    i = 0
    while i < len(positions):
        first = positions[i]
        if first < resume:
            i += 1
            continue
        # Context: the words since the last fragment that start within SURROUND
        # characters of the end of the word before the match.
        at = first
        if first > resume:
            at = bisect_left(starts, ends[first - 1] - SURROUND, resume, first)
        countdown = SURROUND if at < first else 2 * SURROUND
        # The first word after ``first`` that takes the fragment's words past its length
        # ends it, unmarked even if it matches.
        longest = bisect_right(before, before[first] + FRAGMENT_CHARS, first + 2) - 1
        matches = [(starts[first], ends[first], marks[i])]
        i += 1
        since = first  # the last match: each resets the countdown
        while True:
            # The word whose length makes the countdown from ``since`` zero or less.
            out = bisect_left(before, before[since] + countdown, since + 1) - 1
            if i < len(positions) and positions[i] <= out and positions[i] < longest:
                since, countdown = positions[i], SURROUND
                matches.append((starts[since], ends[since], marks[i]))
                i += 1
                continue
            break
        end = min(out, longest, last)
        runs.append(_Fragment(starts[at], ends[end], matches))
        resume = end + 1
    return runs


def split_words(
    text: str, words: WordTerms, limit: int = CHAR_LIMIT
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The words of ``text`` that end within ``limit`` characters, where each starts,
    and where each ends."""
    if words.splitter is not None:
        parts = words.splitter.split(text[:limit])
        bounds = np.cumsum(np.fromiter(map(len, parts), np.int64, len(parts)))
        surface, starts, ends = parts[1::2], bounds[0:-1:2], bounds[1::2]
    else:
        found = list(words.pattern.finditer(text, 0, limit))
        surface = list(map(Match.group, found))
        starts = np.fromiter(map(Match.start, found), np.int64, len(found))
        ends = np.fromiter(map(Match.end, found), np.int64, len(found))
    if surface and ends[-1] == limit and len(text) > limit:
        whole = words.pattern.match(text, int(starts[-1]))
        if whole is not None and whole.end() > limit:  # cut by the limit: it ends past it
            surface, starts, ends = surface[:-1], starts[:-1], ends[:-1]
    return surface, starts, ends


def mark_classes(terms: Iterable[Mark]) -> dict[Mark, int]:
    """Each term's class number (``term0`` …), in query order, one per distinct term."""
    return {term: n % CLASSES for n, term in enumerate(dict.fromkeys(terms))}


def highlight(text: str, words: WordTerms, terms: Iterable[Mark], docnum: int | None = None) -> str:
    """The best fragments of ``text`` with each matched word in ``<mark>``, or "".
    ``terms``: terms and phrases (:func:`matched_marks`), one class each in query
    order. ``docnum``: the article's, so that its words are kept for the next query."""
    numbers = mark_classes(terms)
    if not numbers:
        return ""
    known = None if docnum is None else words.article(docnum, text)
    found = fragments(text, words, numbers, found=known)
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


def snippet(body: str, words: WordTerms, terms: Iterable[Mark], docnum: int | None = None) -> str:
    """Highlighted fragments of the body around ``terms``, else the body's lead; without
    the dashes a removed dateline left at the body's start (``- Juventus menuai …``)."""
    fragments_text = " ".join(highlight(body, words, terms, docnum).split())
    return LEADING_DASH.sub("", fragments_text or lead(body))
