"""Rebuilding a value of the whole index in a thread of its own, the old one served meanwhile.

After an index switch, values that stay nearly right across versions (the
vocabulary, the corpus's date span) would otherwise be rebuilt inside the
first request that needs them: a second or more for the vocabulary, for a
query as plain as a stop word that finds nothing and asks for a correction.
The thread opens its own searcher (a thread's searcher is not shared) and
closes it once the value is built.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from whoosh.searching import Searcher

from index.store import IndexStore
from search.state.opening import open_searcher

log = logging.getLogger(__name__)
T = TypeVar("T")


def build_aside(
    store: IndexStore,
    build: Callable[[Searcher], T],
    keep: Callable[[tuple[str, int], T], None],
    lock: threading.Lock,
) -> threading.Thread:
    """Start a thread that calls ``keep(index state, build(searcher))`` on the live
    generation and then releases ``lock`` (held by the caller)."""

    def run() -> None:
        try:
            generation = store.current()
            if generation is None:
                return
            searcher = open_searcher(generation)
            try:
                keep((generation.name, searcher.ixreader.generation()), build(searcher))
            finally:
                searcher.close()
        except Exception as err:  # the old value stays; the next request tries again
            log.warning("rebuilding a value of the index failed: %s", err)
        finally:
            lock.release()

    thread = threading.Thread(target=run, name="telusur-build-aside", daemon=True)
    thread.start()
    return thread
