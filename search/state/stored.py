"""The stored fields of the articles shown last, kept across index versions.

Whoosh reads an article's stored fields from a compressed column on every
call (~36 µs at 1×, ten per page of results); the same articles are shown
for many queries, so the last ``ARTICLES_KEPT`` of them are kept, as their
words are for snippets (``search/presentation/snippets.py``). They are kept by segment and
document number within it (``search/state/carryover.py``): a segment's stored
fields never change, so a new index version reads only its new segments' articles.
"""

from __future__ import annotations

from bisect import bisect_right

from whoosh.searching import Searcher

from index.codec.terms import segment_keys
from search.presentation.snippets import ARTICLES_KEPT
from search.state.cache import Lru


class StoredFields:
    """Stored fields by document number for one index version, least recently
    shown dropped first, in ``kept`` (shared with other versions) when given.

    The dictionaries are shared between requests: callers read them, never change them.
    """

    def __init__(
        self, searcher: Searcher, kept: Lru[dict] | None = None, size: int = ARTICLES_KEPT
    ) -> None:
        self._fields: Lru[dict] = Lru(size) if kept is None else kept
        self._offsets = [offset for _, offset in searcher.reader().leaf_readers()]
        self._segments = segment_keys(searcher)

    def get(self, searcher: Searcher, docnum: int) -> dict:
        """Article ``docnum``'s stored fields, read with ``searcher`` (the calling
        thread's: Whoosh's readers are not shared between threads) when not kept."""
        n = bisect_right(self._offsets, docnum) - 1
        key = (self._segments[n], docnum - self._offsets[n])
        return self._fields.get_or_make(key, lambda: searcher.stored_fields(docnum))
