"""The one least-recently-used store, and the cache of search results built on it.

:class:`Lru` keeps values by key within a budget: a count of values (the
articles shown last, a segment's facet table) or their weight in bytes (decoded
postings). :class:`ResultCache` keeps search results for one state of the index:
entries are keyed by the normalised request and the index state the searcher
read (generation and commit number), and the first lookup made against a
different state empties it, so a commit or a new generation invalidates every
result computed before it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")
DEFAULT_SIZE = 2048


class Lru(Generic[V]):
    """Values by key, the least recently used dropped first once the values kept weigh
    more than ``size`` (each weighs 1 unless ``weigh`` says; the last one is kept
    whatever it weighs; a size of 0 or less keeps nothing). Shared by threads: a
    value may be made twice at once, never kept twice."""

    def __init__(self, size: int, weigh: Callable[[V], int] | None = None) -> None:
        self.size = size
        self.weigh = weigh
        self.weight = 0
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    def __iter__(self) -> Iterator[Hashable]:
        """The keys, least recently used first."""
        return iter(list(self._values))

    def items(self) -> list[tuple[Hashable, V]]:
        """The keys and values, least recently used first."""
        with self._lock:
            return list(self._values.items())

    def _weight(self, value: V) -> int:
        return 1 if self.weigh is None else self.weigh(value)

    def get(self, key: Hashable, default: V | None = None) -> V | None:
        """The value kept for ``key`` (now the most recently used), else ``default``."""
        with self._lock:
            if key not in self._values:
                return default
            self._values.move_to_end(key)
            return self._values[key]

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value`` for ``key`` as the most recently used, in place of any before."""
        if self.size <= 0:
            return
        with self._lock:
            self._keep(key, value)

    def _keep(self, key: Hashable, value: V) -> None:
        if key in self._values:
            self.weight -= self._weight(self._values.pop(key))
        self._values[key] = value
        self.weight += self._weight(value)
        while self.weight > self.size and len(self._values) > 1:
            _, dropped = self._values.popitem(last=False)
            self.weight -= self._weight(dropped)

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``make()``'s (made outside the lock), then kept."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        made = make()
        if self.size <= 0:
            return made
        with self._lock:
            if key in self._values:
                return self._values[key]
            self._keep(key, made)
        return made

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self.weight = 0


class ResultCache:
    """Results of one index state, the least recently used dropped first."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._entries: Lru[object] = Lru(size)
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
            self.hits += 1
            return value

    def put(self, state: Hashable, key: Hashable, value: object) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._check_state(state)
            self._entries.put(key, value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
