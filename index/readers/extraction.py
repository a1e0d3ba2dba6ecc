"""trafilatura run in a process of its own, with a time budget for each page.

A pathological page can keep trafilatura busy for a minute, while the import
holds the index's writer lock; a time limit inside the importing process
cannot interrupt it safely (a signal lands in the middle of lxml and of the
build's own queues). So pages are extracted by one child process, a fresh
interpreter (:data:`CHILD`: it shares nothing with
the build's worker processes and runs none of the caller's ``__main__``),
started once and reused; a page over its budget costs that child, which is
killed and started again for the next page. The child reads its pages from
its standard input, a pipe only this process holds, and is sent SIGKILL when
this process dies (Linux), so it never outlives an import that was killed.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import importlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

# A news page takes trafilatura well under a second; a minute is a pathological page.
EXTRACT_SECONDS = 20.0
# How long the child may take to start (it imports trafilatura, a second or two).
START_SECONDS = 120.0
DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True}
DEFAULT_TARGET = "index.readers.extraction:extract_page"
READY = "ready"
CHILD = "import sys; from index.readers.extraction import serve; serve(sys.argv[1])"
PROJECT = Path(__file__).resolve().parents[2]
PR_SET_PDEATHSIG = 1


class ExtractionFailed(Exception):
    """A page trafilatura could not read within its budget, or at all: the reason is the text."""


def extract_page(data: bytes) -> dict[str, Any] | None:
    """The main text and metadata of one page (in the child), or None if it holds none."""
    import trafilatura

    page = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, date_extraction_params=DATE_PARAMS
    )
    if page is None:
        return None
    names = ("text", "title", "url", "hostname", "categories", "date")
    return {name: getattr(page, name, None) for name in names}


def _function(target: str) -> Callable[[bytes], Any]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def serve(target: str) -> None:
    """The child's loop: one page in, one ``(ok, value)`` out, until standard input closes."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    pages = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print goes to standard error, not into the answers
    function = _function(target)
    import trafilatura  # noqa: F401  (imported before the first page's budget starts)

    answers.send(READY)
    while True:
        try:
            data = pages.recv()
        except (EOFError, OSError):
            return
        try:
            answers.send((True, function(data)))
        except Exception as err:  # the page's problem, reported as its reject
            answers.send((False, f"{type(err).__name__}: {err}"))


class Extractor:
    """One extracting child process, started on first use, replaced when it is killed.

    ``target`` names the function the child runs on each page, ``module:name``.
    """

    def __init__(self, budget: float = EXTRACT_SECONDS, target: str = DEFAULT_TARGET) -> None:
        self.budget = budget
        self.target = target
        self._process: subprocess.Popen | None = None
        self._pages: Connection | None = None
        self._answers: Connection | None = None

    def extract(self, data: bytes) -> Any:
        """``target(data)`` as computed by the child; :class:`ExtractionFailed` if it
        took longer than the budget, raised, or the child died."""
        pages, answers = self._started()
        try:
            pages.send(data)
            if not answers.poll(self.budget):
                self.close()
                raise ExtractionFailed(f"extraction took longer than {self.budget:g} s")
            ok, value = answers.recv()
        except (EOFError, OSError) as err:
            self.close()
            raise ExtractionFailed("the extracting process stopped") from err
        if not ok:
            raise ExtractionFailed(f"extraction failed ({value})")
        return value

    def _started(self) -> tuple[Connection, Connection]:
        pages, answers = self._pages, self._answers
        running = self._process is not None and self._process.poll() is None
        if running and pages is not None and answers is not None:
            return pages, answers
        self.close()
        paths = [str(PROJECT), *filter(None, [os.environ.get("PYTHONPATH")])]
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", CHILD, self.target],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
            )
        except OSError as err:
            raise ExtractionFailed(f"the extracting process did not start ({err})") from err
        assert process.stdin is not None and process.stdout is not None  # both are pipes
        self._process = process
        try:
            try:  # out of file descriptors, say: the child is stopped, not kept half-connected
                self._pages = pages = Connection(os.dup(process.stdin.fileno()), readable=False)
                self._answers = answers = Connection(
                    os.dup(process.stdout.fileno()), writable=False
                )
            finally:
                process.stdin.close()
                process.stdout.close()
            if not answers.poll(START_SECONDS) or answers.recv() != READY:
                raise EOFError
        except (EOFError, OSError) as err:
            self.close()
            raise ExtractionFailed("the extracting process did not start") from err
        return pages, answers

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def close(self) -> None:
        """Stop the child, if any (it is started again when needed)."""
        process, self._process = self._process, None
        for connection in (self._pages, self._answers):
            if connection is not None:
                connection.close()
        self._pages = self._answers = None
        if process is not None:
            with contextlib.suppress(OSError):
                process.kill()
            process.wait()


_shared = Extractor()
atexit.register(_shared.close)


def extractor() -> Extractor:
    """The process's extractor, shared by every page it reads."""
    return _shared
