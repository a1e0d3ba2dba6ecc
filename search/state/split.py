"""The words of many articles, split once when the server starts.

Splitting an article into words for its snippet (``search/presentation/snippets.py``) is the
biggest cost of a result page whose articles were not shown before: ~150 µs an
article, in every worker, for each article's first showing. A warm-up splits
the newest articles ahead, within a budget, into a few flat arrays: where each
word starts and ends, and its index term's number. They are made before the
server forks its workers and never written again, so the workers share their
pages instead of each splitting the same articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import count
from typing import cast

import numpy as np

from search.presentation.snippets import CHAR_LIMIT, LEARN_BATCH, Words, WordTerms, split_words

# A word's start and end (below CHAR_LIMIT, so two bytes each) and its term's number.
BYTES_PER_WORD = 2 + 2 + 4
_UNSEEN = object()
assert np.iinfo(np.uint16).max >= CHAR_LIMIT


class SplitArticles:
    """Articles' words by document number, read-only once made: ``starts``,
    ``ends`` and ``numbers`` (into ``terms``) hold every article's words in turn,
    article ``n``'s from ``begin[n]`` to ``end[n]`` (-1: not split)."""

    def __init__(
        self,
        begin: np.ndarray,
        end: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        numbers: np.ndarray,
        terms: list[str | None],
    ) -> None:
        self.begin, self.end = begin, end
        self.starts, self.ends, self.numbers = starts, ends, numbers
        self.terms = terms
        # The same terms as an array, so an article's are taken in one call (2.5× a map).
        self._by_number = np.empty(len(terms), dtype=object)
        self._by_number[:] = terms

    def __len__(self) -> int:
        return int(np.count_nonzero(self.begin >= 0))

    @property
    def nbytes(self) -> int:
        return self.starts.nbytes + self.ends.nbytes + self.numbers.nbytes

    def get(self, docnum: int) -> Words | None:
        """Article ``docnum``'s words, or None when it was not split ahead."""
        if not 0 <= docnum < len(self.begin):
            return None
        lo = int(self.begin[docnum])
        if lo < 0:
            return None
        hi = int(self.end[docnum])
        terms = self._by_number[self.numbers[lo:hi]].tolist()
        return Words(self.starts[lo:hi].tolist(), self.ends[lo:hi].tolist(), terms)


def split_ahead(
    docnums: Iterable[int],
    doc_count: int,
    body: Callable[[int], str],
    words: WordTerms,
    max_bytes: int,
) -> SplitArticles:
    """The words of ``docnums``, in that order, until they hold ``max_bytes``;
    ``body(docnum)`` gives an article's text, ``words`` the terms of its words.

    Each distinct word is numbered as it comes and its term found once at the
    end (from the memo, or analysed in batches without filling the memo), so
    the work per word is the split and one dictionary lookup.
    """
    begin = np.full(doc_count, -1, dtype=np.int64)
    end = np.full(doc_count, -1, dtype=np.int64)
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    seen: list[np.ndarray] = []
    number: defaultdict[str, int] = defaultdict(count().__next__)  # a new word: the next number
    total = 0
    for docnum in docnums:
        if total * BYTES_PER_WORD >= max_bytes:
            break
        surface, first, last = split_words(body(docnum), words)
        seen.append(np.fromiter(map(number.__getitem__, surface), np.int32, len(surface)))
        starts.append(first.astype(np.uint16))
        ends.append(last.astype(np.uint16))
        begin[docnum], total = total, total + len(surface)
        end[docnum] = total
    distinct = list(number)
    found = {word: words.memo.get(word, _UNSEEN) for word in distinct}
    unseen = [word for word in distinct if found[word] is _UNSEEN]
    for at in range(0, len(unseen), LEARN_BATCH):
        found.update(words.terms(unseen[at : at + LEARN_BATCH], remember=False))
    known = cast("dict[str, str | None]", found)  # every word's term is found now
    terms = list(dict.fromkeys(known.values()))
    index = {term: n for n, term in enumerate(terms)}
    by_word = np.fromiter(map(index.__getitem__, known.values()), np.int32, len(known))
    numbers = by_word[_joined(seen, np.int32)]
    return SplitArticles(
        begin, end, _joined(starts, np.uint16), _joined(ends, np.uint16), numbers, terms
    )


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)
