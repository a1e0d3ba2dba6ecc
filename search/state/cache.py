"""A bounded cache of search results, valid for one state of the index.

Entries are keyed by the normalised request and the index state the searcher
read (generation and commit number). The first lookup made against a different
index state empties the cache, so a commit or a new generation invalidates
every result computed before it; the least recently used entry goes first when
the cache is full.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

DEFAULT_SIZE = 2048


class ResultCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._state: Hashable = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _check_state(self, state: Hashable) -> None:
        if state != self._state:
            self._entries.clear()
            self._state = state

    def get(self, state: Hashable, key: Hashable) -> object | None:
        """The cached value for ``key`` in index state ``state``, or None."""
        if self.size <= 0:
            return None
        with self._lock:
            self._check_state(state)
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value

    def put(self, state: Hashable, key: Hashable, value: object) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._check_state(state)
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
