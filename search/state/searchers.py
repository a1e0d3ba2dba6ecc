"""Each thread's searcher on the live index, kept open and refreshed only on change.

Opening a Whoosh searcher costs milliseconds (more on a compound index), and
asking Whoosh whether a searcher is current lists the index folder. A search
only needs to know whether anything changed, so each thread keeps a signature
of what it opened: the identity of the store's ``CURRENT`` file (replaced
atomically when a generation goes live) and the modification time of the live
generation's folder (a commit renames a new table of contents into it). Two
``stat`` calls per search answer "unchanged"; only a change (or, at most once a
second, a full check that covers a change within the file system's clock tick)
costs Whoosh's own freshness test.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path

from whoosh.searching import Searcher

from index.store import CURRENT, IndexStore

FULL_CHECK_SECONDS = 1.0


class IndexUnavailable(RuntimeError):
    """There is no live index to search (never built, or unreadable)."""


class _ThreadState(threading.local):
    searcher: Searcher | None = None
    generation: Path | None = None
    signature: tuple | None = None
    checked: float = 0.0


def _close_all(searchers: set[Searcher]) -> None:
    for searcher in list(searchers):
        searcher.close()
    searchers.clear()


class SearcherPool:
    """Searchers of one store, one per thread; :meth:`close` closes them all."""

    def __init__(self, store: IndexStore, open_searcher: Callable[[Path], Searcher]) -> None:
        """``open_searcher`` opens a generation's folder or raises :class:`IndexUnavailable`."""
        self.store = store
        self._open_searcher = open_searcher
        self._local = _ThreadState()
        self._lock = threading.Lock()
        self._open: set[Searcher] = set()
        # Closes every searcher's files when the pool is closed or garbage collected.
        self._finalizer = weakref.finalize(self, _close_all, self._open)

    def _signature(self, generation: Path | None) -> tuple | None:
        try:
            current = os.stat(self.store.root / CURRENT)
            folder = os.stat(generation) if generation is not None else None
        except OSError:
            return None
        return (
            current.st_ino,
            current.st_mtime_ns,
            current.st_size,
            folder.st_mtime_ns if folder else None,
        )

    def searcher(self) -> Searcher:
        """This thread's searcher on the live index, fresh as of this call."""
        local = self._local
        now = time.monotonic()
        if (
            local.searcher is not None
            and not local.searcher.is_closed
            and now - local.checked < FULL_CHECK_SECONDS
        ):
            signature = self._signature(local.generation)
            if signature is not None and signature == local.signature:
                return local.searcher
        return self._refresh(local, now)

    def _refresh(self, local: _ThreadState, now: float) -> Searcher:
        generation = self.store.current()
        if generation is None:
            raise IndexUnavailable(self.store.unavailable_reason())
        signature = self._signature(generation)
        old = local.searcher
        if old is not None and old.is_closed:
            old = None
        if old is not None and local.generation == generation:
            try:
                new = old if old.up_to_date() else old.refresh()
            except Exception as err:  # a commit half-seen, a corrupt table of contents...
                raise IndexUnavailable(f"cannot refresh the index in {generation}: {err}") from err
        else:
            new = self._open_searcher(generation)
        if new is not old:
            with self._lock:
                self._open.add(new)
                if old is not None:
                    self._open.discard(old)
            if old is not None and local.generation != generation:
                old.close()
        local.searcher, local.generation = new, generation
        local.signature, local.checked = signature, now
        return new

    def generation_key(self, searcher: Searcher) -> tuple[str, int]:
        """Which index state ``searcher`` reads: the generation and its commit number."""
        generation = self._local.generation
        return (generation.name if generation else "", searcher.ixreader.generation())

    def close(self) -> None:
        self._finalizer()
        self._finalizer = weakref.finalize(self, _close_all, self._open)
