"""A command line's output into a pipe whose reader stopped (``… | head``).

Python turns the closed pipe into a ``BrokenPipeError`` at the next write,
wherever that is, and once more when it flushes at exit. The rest of the
output is then dropped instead, so the command ends with the status of the
work it did, not a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


class _PipeGuard:
    """A text stream whose writes go nowhere once its reader has gone."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._silence()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._silence()

    def _silence(self) -> None:
        # Later writes and the flush at exit go to /dev/null (Python's documented remedy).
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, self._stream.fileno())
        finally:
            os.close(devnull)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def run_cli(main: Callable[[], int]) -> int:
    """``main()``'s exit status, with standard output and error guarded against closed pipes."""
    sys.stdout, sys.stderr = _PipeGuard(sys.stdout), _PipeGuard(sys.stderr)
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    return status
