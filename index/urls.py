"""An index's articles by URL, for an update's same-URL check, without a term per URL.

``url`` is stored only (a term per article cost 46 MB at 10×); each document's
``url_key`` column holds a 64-bit hash of its URL (:func:`index.ids.url_key`,
1.8 MB at 10×). The keys of the live documents are sorted once per update; a URL
is found by binary search, and the stored URLs of the few documents of its key
are compared, so two URLs sharing a key are told apart. The answer is the one
``searcher.document(url=...)`` gave over the term: the first live document, in
document order, whose stored URL is this one.
"""

from __future__ import annotations

import numpy as np

from index.codec.columns import numeric_column
from index.ids import url_key

URL_KEY = "url_key"


class IndexedUrls:
    """The live documents of ``searcher``'s index by URL."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        reader = searcher.reader()
        self._keys: np.ndarray = np.zeros(0, dtype=np.uint64)
        self._docs: np.ndarray = np.zeros(0, dtype=np.int64)
        if reader.doc_count_all() == 0 or URL_KEY not in reader.schema:
            return
        keys = numeric_column(reader, URL_KEY).astype(np.uint64)
        live = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
        order = np.argsort(keys[live], kind="stable")  # equal keys stay in document order
        self._docs = live[order]
        self._keys = keys[self._docs]

    def document(self, url: str) -> dict | None:
        """The stored fields of the first live document whose URL is ``url``, or None."""
        if not url:
            return None
        key = np.uint64(url_key(url))
        first = int(np.searchsorted(self._keys, key, side="left"))
        last = int(np.searchsorted(self._keys, key, side="right"))
        for docnum in self._docs[first:last].tolist():
            fields = self.searcher.stored_fields(docnum)
            if fields.get("url") == url:
                return fields
        return None
