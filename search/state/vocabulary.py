"""The index's own words, with how many articles use each: for completion and correction.

The words come from an unstemmed (surface-form) field when the schema has one,
so ``pemer`` completes to ``pemerintah``; otherwise from the stems of title and
body, which for Indonesian are mostly root words (``banjir``, ``perintah``).
The list is read once per index version and kept in memory (a few MB).
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh.analysis import Analyzer, StemFilter
from whoosh.fields import TEXT, Schema

STEMMED_FIELDS = ("title", "body")
# Words a correction may be: in two articles at least (one is often a typo), 3+ letters.
MIN_CORRECTION_FREQUENCY = 2
MIN_CORRECTION_LENGTH = 3
MAX_DISTANCE = 2
SHORT_WORD = 4  # up to this many letters, one edit at most
KNOWN_WORD_RATIO = 20
CANDIDATES_CACHED = 4096
COMPLETIONS_CACHED = 4096
_WORD = re.compile(r"^[^\W\d_][\w-]*$")


def _is_stemmed(field) -> bool:
    items = getattr(field.analyzer, "items", [field.analyzer])
    return any(isinstance(item, StemFilter) or "Stem" in type(item).__name__ for item in items)


def surface_fields(schema: Schema) -> tuple[str, ...]:
    """Text fields holding words as written (lower-cased, unstemmed), if the schema has any."""
    return tuple(
        name
        for name, field in schema.items()
        if isinstance(field, TEXT) and not _is_stemmed(field) and name not in STEMMED_FIELDS
    )


def field_frequencies(reader, field: str) -> dict[str, int]:
    """Each term of ``field`` with the number of articles holding it.

    Each segment's term list is read in one sequential pass and the frequencies
    summed: Whoosh's merged term list looks each term up in every segment
    (14 s instead of 1.2 s for the vocabulary at 1×).
    """
    found: dict[str, int] = {}
    for segment, _ in reader.leaf_readers():
        for term, info in segment.iter_field(field):
            word = term.decode("utf-8") if isinstance(term, bytes) else term
            found[word] = found.get(word, 0) + info.doc_frequency()
    return found


class Vocabulary:
    """Words sorted alphabetically with their document frequencies."""

    def __init__(self, counts: dict[str, int], analyzer: Analyzer | None = None) -> None:
        """``analyzer`` is given when the words are stems: only stems that are words
        as written (the stemmer leaves them alone, ``banjir``) are offered."""
        self.words = sorted(counts)
        self.freqs = [counts[w] for w in self.words]
        self._freqs = np.array(self.freqs, dtype=np.int64)
        self.stemmed = analyzer is not None
        self._counts = counts
        choices = [
            w
            for w, n in counts.items()
            if n >= MIN_CORRECTION_FREQUENCY
            and len(w) >= MIN_CORRECTION_LENGTH
            and _WORD.match(w)
            and (analyzer is None or [t.text for t in analyzer(w)] == [w])
        ]
        # By length (an edit changes it by one at most, so only a few lengths can be
        # near a word), most used first within each, so that the words a known word
        # may be corrected to are a prefix of each.
        choices.sort(key=lambda w: (-counts[w], w))
        self._by_length: dict[int, tuple[list[str], list[int]]] = {}
        for w in choices:
            words, minus_counts = self._by_length.setdefault(len(w), ([], []))
            words.append(w)
            minus_counts.append(-counts[w])
        self._analyzer = analyzer
        # The same misspellings come back; each costs a pass over every word.
        self.candidates = lru_cache(maxsize=CANDIDATES_CACHED)(self._candidates)
        # Short prefixes span thousands of words and are typed again and again.
        self.complete = lru_cache(maxsize=COMPLETIONS_CACHED)(self._complete)

    @classmethod
    def from_reader(cls, reader, schema: Schema) -> Vocabulary:
        """The words of ``reader``'s index, with their document frequencies
        (:func:`field_frequencies`)."""
        fields = surface_fields(schema)
        stemmed = not fields
        counts: dict[str, int] = {}
        for field in fields or STEMMED_FIELDS:
            if field not in schema:
                continue
            for word, frequency in field_frequencies(reader, field).items():
                counts[word] = max(counts.get(word, 0), frequency)
        return cls(counts, schema["body"].analyzer if stemmed else None)

    def __len__(self) -> int:
        return len(self.words)

    def most_used(self, limit: int) -> list[str]:
        """The ``limit`` words in the most articles, most first."""
        best = heapq.nlargest(limit, range(len(self.words)), key=lambda i: (self.freqs[i], -i))
        return [self.words[i] for i in best]

    def frequency(self, word: str) -> int:
        return self._counts.get(word, 0)

    def _complete(self, prefix: str, limit: int = 8) -> list[str]:
        """The most used words starting with ``prefix``, most used first (the
        alphabetically first among equals)."""
        if not prefix:
            return []
        start = bisect_left(self.words, prefix)
        end = bisect_left(self.words, prefix + "\U0010ffff", lo=start)
        wanted = limit * 4 if self.stemmed else limit
        freqs = self._freqs[start:end]
        if len(freqs) > wanted:  # the ``wanted`` largest, the first of equals at the cut
            cut = np.partition(freqs, len(freqs) - wanted)[len(freqs) - wanted]
            above = np.flatnonzero(freqs > cut)
            picked = np.concatenate([above, np.flatnonzero(freqs == cut)[: wanted - len(above)]])
        else:
            picked = np.arange(len(freqs))
        best = picked[np.lexsort((picked, -freqs[picked]))] + start
        words = [self.words[i] for i in best.tolist()]
        analyzer = self._analyzer
        if analyzer is not None:  # only stems that are words as written (banjir, not bahar)
            words = [w for w in words if [t.text for t in analyzer(w)] == [w]]
        return words[:limit]

    def _candidates(self, word: str, limit: int = 3) -> list[str]:
        """Common words within a few edits of ``word``: fewest edits first, then most used.

        An edit is an insertion, deletion, substitution or swap of two neighbours
        (optimal string alignment: Damerau-Levenshtein without editing a swapped
        pair again, which rapidfuzz computes about three times faster). A word the
        index knows is only corrected toward words used at least ``KNOWN_WORD_RATIO``
        times as often (``jakrta`` is in the corpus too).
        """
        if len(word) < MIN_CORRECTION_LENGTH:
            return []
        own = self._counts.get(word, 0)
        cutoff = 1 if len(word) <= SHORT_WORD else MAX_DISTANCE
        ranked = []
        for length in range(len(word) - cutoff, len(word) + cutoff + 1):
            words, minus_counts = self._by_length.get(length, ((), ()))
            # Only words used KNOWN_WORD_RATIO times as often are compared: for a
            # known word, a few of the most used, not every word.
            reach = bisect_right(minus_counts, -own * KNOWN_WORD_RATIO)
            found = process.extract(
                word, words[:reach], scorer=OSA.distance, score_cutoff=cutoff, limit=None
            )
            ranked += [(dist, -self._counts[w], w) for w, dist, _ in found if w != word]
        ranked.sort()
        return [w for _, _, w in ranked[:limit]]

    def known(self, words: Iterable[str]) -> bool:
        return all(w in self._counts for w in words)
