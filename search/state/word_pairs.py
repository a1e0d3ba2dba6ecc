"""Which words follow which in the articles: completions that follow what was typed.

``sri m`` should offer ``sri mulyani``, not the most used word starting with
``m``. The pairs are counted from each article's stored title and the first part
of its body (the index keeps no positions of words as written), word by word
within a sentence, stop words included (``di j`` → ``di jakarta``). Bounded in
memory: pairs are counted as 64-bit codes in numpy, a chunk at a time, and only
pairs seen ``MIN_PAIR_COUNT`` times are kept, the ``FOLLOWERS_KEPT`` most seen
after each word.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable

import numpy as np

from index.analysis import TOKEN_PATTERN, stopwords

BODY_CHARS = 400  # the first part of a body: the lead, where the names are spelled out
MIN_PAIR_COUNT = 2
FOLLOWERS_KEPT = 24
# A completion goes on with the next word while that word follows it this often.
DOMINANT_SHARE = 0.4
MAX_EXTRA_WORDS = 2
CHUNK_WORDS = 1 << 21
_TOKEN = re.compile(TOKEN_PATTERN)
# Where a sentence or a clause ends: no pair across it.
_BREAK = re.compile(r"[()\[\]{}\"“”‘’|/]+|[.,;:!?]+(?=\s|$)|\n|\s[-–—]\s")
_BREAK_WORD = "_"  # what a break becomes: a word of its own that no pair holds
_BREAK_SPACED = f" {_BREAK_WORD} "


class WordPairs:
    """For each word, the words seen right after it, most seen first, with counts."""

    def __init__(self, followers: dict[str, list[tuple[str, int]]], totals: dict[str, int]) -> None:
        """``totals`` is how many pairs (kept or not) start with each word."""
        self.followers = followers
        self.totals = totals
        self._stop = stopwords()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> WordPairs:
        """The pairs of ``texts``, each text a run of sentences."""
        ids = _Ids()
        ids[_BREAK_WORD] = -1
        codes: np.ndarray = np.empty(0, dtype=np.int64)
        counts: np.ndarray = np.empty(0, dtype=np.int64)
        run = array("q")
        for text in texts:
            words = _TOKEN.findall(_BREAK.sub(_BREAK_SPACED, text.lower()))
            run.extend(map(ids.__getitem__, words))
            run.append(-1)
            if len(run) >= CHUNK_WORDS:
                codes, counts = _merge(codes, counts, run)
                run = array("q")
        codes, counts = _merge(codes, counts, run)
        del ids[_BREAK_WORD]
        names = np.array(list(ids), dtype=object)
        firsts = codes >> 32
        totals = np.bincount(firsts, weights=counts, minlength=len(ids))
        kept = counts >= MIN_PAIR_COUNT
        codes, counts, firsts = codes[kept], counts[kept], firsts[kept]
        order = np.lexsort((-counts, firsts))
        followers: dict[str, list[tuple[str, int]]] = {}
        for code, count in zip(codes[order].tolist(), counts[order].tolist(), strict=True):
            kept_after = followers.setdefault(names[code >> 32], [])
            if len(kept_after) < FOLLOWERS_KEPT:
                kept_after.append((names[code & 0xFFFFFFFF], count))
        used = {w: int(totals[i]) for i, w in enumerate(names.tolist()) if w in followers}
        return cls(followers, used)

    @classmethod
    def from_reader(cls, reader) -> WordPairs:
        """The pairs of the live articles' titles and the first part of their bodies."""
        return cls.from_texts(
            text
            for fields in reader.all_stored_fields()
            for text in (fields.get("title") or "", (fields.get("body") or "")[:BODY_CHARS])
        )

    @classmethod
    def of(cls, searcher) -> WordPairs:
        """:meth:`from_reader` of ``searcher``'s reader."""
        return cls.from_reader(searcher.reader())

    def follow(self, previous: str, prefix: str, limit: int) -> list[str]:
        """Up to ``limit`` continuations of ``previous`` whose first word starts with
        ``prefix``, most seen first; each goes on while one next word that is not
        a stop word dominates (``pemindahan ib`` → ``ibu kota``)."""
        found = []
        for word, _ in self.followers.get(previous, ()):
            if word.startswith(prefix):
                found.append(" ".join([word, *self._extra(word)]))
                if len(found) == limit:
                    break
        return found

    def _extra(self, word: str) -> list[str]:
        extra: list[str] = []
        while len(extra) < MAX_EXTRA_WORDS:
            after = self.followers.get(word)
            if not after:
                break
            nxt, count = after[0]
            if count < DOMINANT_SHARE * self.totals[word] or nxt in self._stop:
                break
            extra.append(nxt)
            word = nxt
        return extra


class _Ids(dict):
    """Each word's number, given in the order the words are first seen."""

    def __missing__(self, word: str) -> int:
        self[word] = number = len(self) - 1  # the break word holds -1
        return number


def _merge(codes: np.ndarray, counts: np.ndarray, run: array) -> tuple[np.ndarray, np.ndarray]:
    """``codes``/``counts`` with the pairs of neighbours in ``run`` added (-1: a break)."""
    if len(run) < 2:
        return codes, counts
    ids = np.frombuffer(run, dtype=np.int64)
    first, then = ids[:-1], ids[1:]
    both_words = (first >= 0) & (then >= 0)
    pairs = (first[both_words] << 32) | then[both_words]
    new, new_counts = np.unique(pairs, return_counts=True)
    merged, where = np.unique(np.concatenate([codes, new]), return_inverse=True)
    summed = np.bincount(where, weights=np.concatenate([counts, new_counts]))
    return merged, summed.astype(np.int64)
