"""Where indexes live: generations side by side, one of them live.

A store is a folder holding generations (``gen-<timestamp>``, each a complete
Whoosh index) and a ``CURRENT`` file naming the live one. A build writes a new
generation and then replaces ``CURRENT`` atomically, so readers always see a
complete index, before or after the switch, never a half-built one.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

DEFAULT_INDEX_DIR = Path(__file__).resolve().parent.parent / "var" / "index"
CURRENT = "CURRENT"
PREFIX = "gen-"


class IndexStore:
    def __init__(self, root: Path | str = DEFAULT_INDEX_DIR) -> None:
        self.root = Path(root)

    def current(self) -> Path | None:
        """The live generation's folder, or None when nothing was published."""
        try:
            name = (self.root / CURRENT).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            return None
        path = self.root / name
        inside = name.startswith(PREFIX) and "/" not in name and "\\" not in name
        return path if inside and path.is_dir() else None

    def new_generation(self) -> Path:
        """A fresh, empty folder for a complete build."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        for n in range(1000):
            path = self.root / f"{PREFIX}{stamp}-{os.getpid()}-{n}"
            try:
                path.mkdir()
            except FileExistsError:
                continue
            return path
        raise RuntimeError(f"cannot create a new generation in {self.root}")

    def publish(self, generation: Path, keep: int = 2) -> None:
        """Make ``generation`` the live index, atomically; drop the others.

        The previous live generation also stays (``keep=2``), so a reader still
        on it can finish its work. Any other folder goes, including one left
        half-built by a crashed build, which was never published.
        """
        previous = self.current()
        tmp = self.root / f"{CURRENT}.{os.getpid()}.tmp"
        try:
            with tmp.open("w", encoding="utf-8") as f:
                f.write(generation.name + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.root / CURRENT)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        kept = {generation} | ({previous} if keep >= 2 and previous is not None else set())
        self._prune(kept)

    def discard(self, generation: Path) -> None:
        """Remove a generation that was never published (a failed build)."""
        shutil.rmtree(generation, ignore_errors=True)

    def _prune(self, kept: set[Path]) -> None:
        for path in self.root.glob(f"{PREFIX}*"):
            if path.is_dir() and path not in kept:
                shutil.rmtree(path, ignore_errors=True)
