"""One writer at a time per index store.

Build, update and delete each take an exclusive lock file in the store's
folder. The lock is the operating system's (``flock``, through filelock), so
it goes with the process that held it, even one killed with SIGKILL: a stale
lock never blocks the next writer. A second writer waits a bounded time,
saying whom it waits for, then gives up with :class:`WriterBusy`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_FILE = "WRITER.lock"
HOLDER_FILE = "WRITER.json"


class WriterBusy(RuntimeError):
    """Another writer held the store's lock for longer than we would wait."""


def _holder(root: Path) -> str:
    try:
        info = json.loads((root / HOLDER_FILE).read_text(encoding="utf-8"))
        return f"{info['command']} by process {info['pid']} since {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def writer_lock(
    root: Path, wait: float, command: str = "write", notify: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold ``root``'s writer lock for the block, waiting up to ``wait`` seconds for it."""
    notify = notify or _say
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(root / LOCK_FILE, preserve_lock_file=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        notify(f"the index is being written ({_holder(root)}); waiting up to {wait:g} s")
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise WriterBusy(
                f"the index is still being written ({_holder(root)}) after {wait:g} s; "
                "nothing was changed, try again later"
            ) from None
    try:
        holder = {"command": command, "pid": os.getpid(), "since": time.strftime("%H:%M:%S")}
        with contextlib.suppress(OSError):  # only for the waiting writer's message
            (root / HOLDER_FILE).write_text(json.dumps(holder) + "\n", encoding="utf-8")
        yield
    finally:
        lock.release()
