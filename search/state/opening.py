"""Opening a generation's searcher, and telling whether its files changed since.

A corrupt index fails to open in many ways (pickle, struct, EOF...); each is
reported as :class:`IndexUnavailable`, and the files Whoosh left open are
closed at once. Whoosh retries a failed open for half a second; under load,
every request on a corrupt index would pay that again, so :class:`Opener`
opens a generation that failed again only once a file in it changed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.scoring import WeightingModel
from whoosh.searching import Searcher

from search.evaluation.ranking import DEFAULT_RANKING
from search.state.searchers import IndexUnavailable


class _OpeningStorage(FileStorage):
    """A folder's storage that remembers what it opens until told to stop.

    Whoosh leaves a file open when it fails half-way through a corrupt index;
    these are closed at once instead of waiting for the garbage collector.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.opened: list | None = []

    def open_file(self, name, **kwargs):
        file = super().open_file(name, **kwargs)
        if self.opened is not None:
            self.opened.append(file)
        return file


def signature(folder: Path) -> tuple:
    """What changes when any file of ``folder`` is written, added or removed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        return (str(folder), *((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries))
    except OSError:
        return (str(folder), None)


def open_searcher(generation: Path) -> Searcher:
    """A searcher on ``generation``; any failure to open it is :class:`IndexUnavailable`."""
    storage = _OpeningStorage(generation)
    try:
        searcher = storage.open_index().searcher(weighting=DEFAULT_RANKING.weighting())
    except Exception as err:  # a corrupt index fails in many ways: pickle, struct, EOF...
        for file in storage.opened or ():
            with contextlib.suppress(Exception):
                file.close()
        raise IndexUnavailable(f"cannot open the index in {generation}: {err}") from err
    finally:
        storage.opened = None
    return searcher


class Opener:
    """Opens a generation scored by a new ``weighting()``, unless it failed before and
    no file in it changed since (then :class:`IndexUnavailable` again, at once)."""

    def __init__(self, weighting: Callable[[], WeightingModel]) -> None:
        self.weighting = weighting
        self._broken: tuple[tuple, str] | None = None  # (files' signature, why it failed)

    def __call__(self, generation: Path) -> Searcher:
        found = signature(generation)
        broken = self._broken
        if broken is not None and broken[0] == found:
            raise IndexUnavailable(broken[1])
        try:
            searcher = open_searcher(generation)
        except IndexUnavailable as err:
            self._broken = (found, str(err))
            raise
        self._broken = None
        searcher.weighting = self.weighting()
        return searcher
