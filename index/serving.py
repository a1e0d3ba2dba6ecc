"""Whether a live server is answering searches from an index folder.

A server holds a shared ``flock`` on ``INDEX_DIR/SERVING.lock`` for as long
as it runs (gunicorn's arbiter takes it, and the workers it forks share it);
a writer that cannot take the same lock exclusively knows that searches are
being served from this folder. The kernel drops the lock with the server's
last process, so a killed server leaves nothing that says it still serves,
and a folder the server cannot write only means it is not detected.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

SERVING_FILE = "SERVING.lock"


def hold_serving(root: Path | str) -> IO[bytes] | None:
    """Mark ``root`` as served until the returned file is closed (or the process ends);
    None when the folder cannot be written, which only means the mark is missing."""
    root = Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
        marker = (root / SERVING_FILE).open("ab")
    except OSError:
        return None
    try:
        fcntl.flock(marker.fileno(), fcntl.LOCK_SH)
    except OSError:
        marker.close()
        return None
    return marker


def served(root: Path | str) -> bool:
    """Whether a live server holds ``root``'s serving lock now."""
    try:
        fd = os.open(Path(root) / SERVING_FILE, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
    return False
