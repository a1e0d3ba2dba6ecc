"""The values made last, by key: what the articles shown last keep (their words
for snippets, their stored fields), since the same articles are shown for many
queries."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

V = TypeVar("V")


class Recent(Generic[V]):
    """Up to ``size`` values by key, the least recently used dropped first; shared
    by threads (a value may be made twice at once, never kept twice)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for ``key``, else ``make()``, then kept."""
        with self._lock:
            found = self._values.get(key)
            if found is not None:
                self._values.move_to_end(key)
                return found
        found = make()
        with self._lock:
            self._values[key] = found
            if len(self._values) > self.size:
                self._values.popitem(last=False)
        return found

    def __iter__(self) -> Iterator[Hashable]:
        """The keys, least recently used first."""
        return iter(list(self._values))
