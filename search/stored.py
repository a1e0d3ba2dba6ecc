"""The stored fields of the articles shown last, kept for one index version.

Whoosh reads an article's stored fields from a compressed column on every
call (~36 µs at 1×, ten per page of results); the same articles are shown
for many queries, so the last ``ARTICLES_KEPT`` of them are kept, as their
words are for snippets (``search/snippets.py``).
"""

from __future__ import annotations

from whoosh.searching import Searcher

from search.recent import Recent
from search.snippets import ARTICLES_KEPT


class StoredFields:
    """Stored fields by document number, least recently shown dropped first.

    The dictionaries are shared between requests: callers read them, never change them.
    """

    def __init__(self, size: int = ARTICLES_KEPT) -> None:
        self._fields: Recent[dict] = Recent(size)

    def get(self, searcher: Searcher, docnum: int) -> dict:
        """Article ``docnum``'s stored fields, read with ``searcher`` (the calling
        thread's: Whoosh's readers are not shared between threads) when not kept."""
        return self._fields.get(docnum, lambda: searcher.stored_fields(docnum))
