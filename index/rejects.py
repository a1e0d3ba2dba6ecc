"""The rejects file: everything an import skipped, as JSON Lines to fix and import again.

Each line holds what could be read of the rejected record (its fields under
their own names) and, under ``_reject``, where it came from and why it was
skipped; ``_raw`` holds a line that could not be read as a record at all.
Readers ignore both keys, so a fixed file goes back in with ``index update``.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from index.ingest import Reject


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def reject_line(reject: Reject) -> str:
    where = {"file": reject.file, "line": reject.line, "reason": reject.reason}
    record = {k: v for k, v in (reject.record or {}).items() if k != "_reject"}
    return json.dumps({**record, "_reject": where}, ensure_ascii=False, default=_plain)


def write_rejects(rejects: Iterable[Reject], path: Path) -> int:
    """Write ``rejects`` to ``path`` (replacing it); how many were written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for reject in rejects:
            f.write(reject_line(reject) + "\n")
            count += 1
    return count


def default_rejects_path(index_dir: Path, command: str) -> Path:
    """``<index dir>/rejects/<time>-<command>.jsonl``: one file per run, never overwritten."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    folder = index_dir / "rejects"
    path = folder / f"{stamp}-{command}.jsonl"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stamp}-{command}-{n}.jsonl"
    return path


def rejects_problem(path: Path, sources: Iterable[Path]) -> str | None:
    """Why ``path`` must not receive the rejects file, or None.

    Writing it replaces the file, so it may not be a source of the import,
    whatever name it goes by (the same inode: a link, another spelling).
    """
    if path.is_dir():
        return f"--rejects {path} is a folder: give a file"
    try:
        target = os.stat(path)
    except OSError:
        return None
    for source in sources:
        files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
        for file in files:
            try:
                same = os.path.samestat(target, os.stat(file))
            except OSError:
                continue
            if same:
                return f"--rejects {path} is the input {file}: it would be overwritten"
    return None
