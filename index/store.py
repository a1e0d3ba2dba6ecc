"""Where indexes live: generations side by side, one of them live.

A store is a folder holding generations (``gen-<sequence>-<time>``, each a
complete Whoosh index), a ``CURRENT`` file naming the live one, and the
writers' lock. Every change, a full build or an update of a few articles,
writes a new generation and then replaces ``CURRENT`` atomically, so readers
always see a complete index, before or after the switch, never a half-written
one. An update starts from hard links to the live generation's files: Whoosh
never changes a segment file once written (deletions live in the new table of
contents), so a published generation is never modified and costs no copy.
A ``CURRENT`` that names no generation while published ones exist is damage,
not a new store: writers refuse it until :meth:`IndexStore.restore` mends it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from index.fleet import pinned
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


class DamagedStore(RuntimeError):
    """``CURRENT`` is unusable while published generations exist.

    A writer that took this for "no index yet" would publish an index of its
    own input alone and then prune the real ones, so every writer refuses.
    """


class IndexStore:
    def __init__(self, root: Path | str = DEFAULT_INDEX_DIR, grace: float = GRACE_SECONDS) -> None:
        self.root = Path(root)
        self.grace = grace

    def current(self) -> Path | None:
        """The live generation's folder, or None when ``CURRENT`` names none."""
        return self._read_current()[0]

    def _read_current(self) -> tuple[Path | None, str]:
        """The live generation, or None and what is wrong with ``CURRENT``."""
        try:
            raw = (self.root / CURRENT).read_bytes()
        except FileNotFoundError:
            return None, "is missing"
        except OSError as err:
            return None, f"cannot be read ({err.strerror})"
        try:
            name = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            return None, "is not text"
        if not name:
            return None, "is empty"
        if not name.startswith(PREFIX) or "/" in name or "\\" in name or not name.isprintable():
            return None, f"holds {name[:60]!r}, not the name of a generation"
        path = self.root / name
        if not path.is_dir():
            return None, f"names {name}, which does not exist"
        return path, ""

    def published(self) -> list[Path]:
        """The generations that were once live (they carry :data:`META`), oldest first."""
        return [g for g in self.generations() if (g / META).is_file()]

    def damage(self) -> str | None:
        """Why ``CURRENT`` cannot be trusted while published generations exist, else None.

        The message names the newest published generation that opens and the
        command that makes it live again.
        """
        live, problem = self._read_current()
        if live is not None or not self.published():
            return None
        message = f"{self.root / CURRENT} {problem}, but {self.root} holds published generations"
        newest = self.newest_valid()
        if newest is None:
            return f"{message}, none of which opens: rebuild the index with `python -m index build`"
        name, articles = newest
        return (
            f"{message}; the newest that opens is {name} ({articles} articles): make it live with "
            f"`python -m index restore {name} --index-dir {self.root}`"
        )

    def live(self) -> Path | None:
        """The live generation for a writer: None in a new store, :class:`DamagedStore`
        when ``CURRENT`` is unusable but published generations exist."""
        damage = self.damage()
        if damage is not None:
            raise DamagedStore(damage)
        return self.current()

    def newest_valid(self) -> tuple[str, int] | None:
        """The newest published generation that opens as an index, with its article count."""
        for generation in reversed(self.published()):
            articles = _articles(generation)
            if articles is not None:
                return generation.name, articles
        return None

    def restore(self, name: str) -> int:
        """Make the published generation ``name`` live again; its article count.

        Call under the writer lock. ``ValueError`` when ``name`` is not a
        published generation of this store or does not open.
        """
        generation = self.root / name
        if generation not in self.published():
            known = ", ".join(g.name for g in self.published()) or "none"
            raise ValueError(f"{name!r} is not a published generation of {self.root} ({known})")
        articles = _articles(generation)
        if articles is None:
            raise ValueError(f"{name} does not open as an index")
        _write_atomically(self.root / CURRENT, generation.name + "\n")
        return articles

    def unavailable_reason(self) -> str:
        """Why readers find no live index: the damage, or that none was built."""
        return self.damage() or f"no index in {self.root}: build one first"

    def generations(self) -> list[Path]:
        """Every generation folder, published or not, oldest first."""
        if not self.root.is_dir():
            return []
        found = (p for p in self.root.iterdir() if p.name.startswith(PREFIX) and p.is_dir())
        return sorted(found, key=lambda p: (_sequence(p), p.name))

    @contextlib.contextmanager
    def writing(
        self, wait: float, command: str = "write", notify=None, restoring: bool = False
    ) -> Iterator[None]:
        """The store's one writer lock (see :func:`index.lock.writer_lock`).

        Taking it removes what dead writers left (:meth:`remove_leftovers`).
        Unless ``restoring``, it raises :class:`DamagedStore` instead of letting
        a writer take a damaged ``CURRENT`` for a new store.
        """
        with writer_lock(self.root, wait, command, notify):
            damage = self.damage()
            if damage is not None and not restoring:
                raise DamagedStore(damage)
            self.remove_leftovers()
            yield

    def remove_leftovers(self) -> list[Path]:
        """Remove the generations of writers that died before publishing; call under the lock.

        No other writer runs while we hold the lock, so a generation that was
        never published is no one's work in progress. Nothing is removed while
        ``CURRENT`` is damaged: which generation was live is then unknown.
        """
        live, _ = self._read_current()
        if live is None and self.published():
            return []
        removed = [g for g in self.generations() if g != live and not (g / META).is_file()]
        for path in removed:
            shutil.rmtree(path, ignore_errors=True)
        for tmp in self.root.glob(f"{CURRENT}.*.tmp"):
            tmp.unlink(missing_ok=True)
        return removed

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
        kept = pinned(self.root)  # what read replicas serve (index/fleet.py)
        generations = [g for g in self.generations() if g != live and g.name not in kept]
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
        published = self.meta(generation).get("published", "")
        try:
            since = datetime.fromisoformat(published).timestamp()
        except (TypeError, ValueError):
            since = generation.stat().st_mtime
        return time.time() - since

    def size(self, generation: Path) -> int:
        """Bytes on disk of one generation's files."""
        return sum(p.stat().st_size for p in generation.iterdir() if p.is_file())


class OneGeneration(IndexStore):
    """A store seen through one of its generations, live whatever ``CURRENT`` says:
    what a read replica searches (``index/fleet.py``)."""

    def __init__(self, root: Path | str, name: str) -> None:
        super().__init__(root)
        self.name = name

    def current(self) -> Path | None:
        path = self.root / self.name
        return path if path.is_dir() else None

    def unavailable_reason(self) -> str:
        return f"generation {self.name} is not in {self.root}"


def _articles(generation: Path) -> int | None:
    """Articles in ``generation``'s index, None when it does not open."""
    opened: list = []

    class Storage(FileStorage):
        # Whoosh leaves a file open when it fails half-way through a damaged index.
        def open_file(self, name, **kwargs):
            opened.append(super().open_file(name, **kwargs))
            return opened[-1]

    try:
        ix = Storage(str(generation)).open_index()
        try:
            return ix.doc_count()
        finally:
            ix.close()
    except Exception:  # a damaged index fails in many ways: pickle, struct, EOF...
        return None
    finally:
        for file in opened:
            with contextlib.suppress(Exception):
                file.close()


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
