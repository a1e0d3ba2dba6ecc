"""Where indexes live: generations side by side, one of them live.

A store is a folder holding generations (``gen-<sequence>-<time>``, each a
complete Whoosh index), a ``CURRENT`` file naming the live one, and the
writers' lock. Every change, a full build or an update of a few articles,
writes a new generation and then replaces ``CURRENT`` atomically, so readers
always see a complete index, before or after the switch, never a half-written
one. An update starts from hard links to the live generation's files: Whoosh
never changes a segment file once written (deletions live in the new table of
contents), so a published generation is never modified and costs no copy.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

from index.lock import writer_lock

DEFAULT_INDEX_DIR = Path(__file__).resolve().parent.parent / "var" / "index"
CURRENT = "CURRENT"
PREFIX = "gen-"
META = "telusur.json"
_SEQUENCE = re.compile(rf"^{PREFIX}(\d+)-")
# Whoosh's own lock files stay with the writer that made them.
_NOT_LINKED = re.compile(r"(?:LOCK|\.lock|\.tmp)$|^" + re.escape(META) + "$")
# A superseded generation stays this long, for readers that just looked it up.
GRACE_SECONDS = 10.0


def _sequence(path: Path) -> int:
    m = _SEQUENCE.match(path.name)
    return int(m[1]) if m else 0


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class IndexStore:
    def __init__(self, root: Path | str = DEFAULT_INDEX_DIR, grace: float = GRACE_SECONDS) -> None:
        self.root = Path(root)
        self.grace = grace

    def current(self) -> Path | None:
        """The live generation's folder, or None when nothing was published."""
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        path = self.root / name
        inside = name.startswith(PREFIX) and "/" not in name and "\\" not in name
        return path if inside and path.is_dir() else None

    def generations(self) -> list[Path]:
        """Every generation folder, published or not, oldest first."""
        if not self.root.is_dir():
            return []
        found = (p for p in self.root.iterdir() if p.name.startswith(PREFIX) and p.is_dir())
        return sorted(found, key=lambda p: (_sequence(p), p.name))

    def writing(self, wait: float, command: str = "write", notify=None):
        """The store's one writer lock (see :func:`index.lock.writer_lock`)."""
        return writer_lock(self.root, wait, command, notify)

    def new_generation(self, base: Path | None = None) -> Path:
        """A fresh folder for the next generation: empty, or holding ``base``'s index.

        ``base``'s files are hard-linked (copied where links are impossible).
        Call under the writer lock, which makes the sequence number unique.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        existing = self.generations()
        number = (_sequence(existing[-1]) if existing else 0) + 1
        stamp = time.strftime("%Y%m%dT%H%M%S")
        path = self.root / f"{PREFIX}{number:06d}-{stamp}"
        path.mkdir()
        if base is not None:
            for src in base.iterdir():
                if src.is_file() and not _NOT_LINKED.search(src.name):
                    try:
                        os.link(src, path / src.name)
                    except OSError:
                        shutil.copy2(src, path / src.name)
        return path

    def publish(self, generation: Path, meta: dict | None = None, keep: int = 2) -> None:
        """Make ``generation`` the live index, atomically; clean older ones.

        ``meta`` (what changed) is saved beside the index with the time of the
        switch. The ``keep`` newest generations stay, and so does any that was
        superseded less than ``grace`` seconds ago.
        """
        info = {**(meta or {}), "published": _now()}
        _write_atomically(generation / META, json.dumps(info, ensure_ascii=False) + "\n")
        _write_atomically(self.root / CURRENT, generation.name + "\n")
        self._prune(keep)

    def meta(self, generation: Path) -> dict:
        """What :meth:`publish` saved about ``generation`` ({} if nothing)."""
        try:
            return json.loads((generation / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def discard(self, generation: Path) -> None:
        """Remove a generation that was never published (a failed build)."""
        shutil.rmtree(generation, ignore_errors=True)

    def _prune(self, keep: int = 2) -> list[Path]:
        """Remove generations no reader needs any more; call under the writer lock.

        A generation that was never published is the leftover of a writer that
        died (no writer is running while we hold the lock). A published one goes
        once ``keep`` newer ones exist and its successor has been live for
        ``grace`` seconds.
        """
        live = self.current()
        if live is None:
            return []
        generations = [g for g in self.generations() if g != live]
        removed = [g for g in generations if not (g / META).is_file()]
        older = [g for g in generations if g not in removed and _sequence(g) < _sequence(live)]
        for index, path in enumerate(older):
            successor = older[index + 1] if index + 1 < len(older) else live
            if len(older) - index >= keep and self._live_for(successor) >= self.grace:
                removed.append(path)
        for path in removed:
            shutil.rmtree(path, ignore_errors=True)
        return removed

    def _live_for(self, generation: Path) -> float:
        published = self.meta(generation).get("published")
        try:
            since = datetime.fromisoformat(published).timestamp()
        except (TypeError, ValueError):
            since = generation.stat().st_mtime
        return time.time() - since

    def size(self, generation: Path) -> int:
        """Bytes on disk of one generation's files."""
        return sum(p.stat().st_size for p in generation.iterdir() if p.is_file())


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
