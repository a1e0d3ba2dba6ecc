"""Opening a generation's searcher, and telling whether its files changed since.

A corrupt index fails to open in many ways (pickle, struct, EOF...); each is
reported as :class:`IndexUnavailable`, and the files Whoosh left open are
closed at once.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
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
        for file in storage.opened:
            with contextlib.suppress(Exception):
                file.close()
        raise IndexUnavailable(f"cannot open the index in {generation}: {err}") from err
    finally:
        storage.opened = None
    return searcher
