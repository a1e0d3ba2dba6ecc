"""The worker processes of one read replica, told of a rollout through a folder they share.

gunicorn runs a replica as several worker processes, each with its own engines in
its own memory, and ``POST /_replica/prepare`` reaches only one of them. So the
worker that gets it writes the generation wanted into the replica's folder
(``want``); every worker follows it from a thread of its own (``Replica.follow``),
opens and warms it, and writes what it holds into its own file (``<pid>.json``).
The prepare answers once every worker of the replica holds the generation, so no
worker meets the switch, or a reader's page pinned to the new generation, cold or
without it. A worker forked meanwhile (one replaced) registers first, then
prepares what is wanted before it accepts a request, so the wait counts it too.

The folder is made by the arbiter before it forks (``gunicorn.conf.py``); the
arbiter writes how many workers it runs (``count``) and removes the file of a
worker that exited, since a killed worker cannot.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

WANT = "want"
COUNT = "count"
POLL_SECONDS = 0.1


class NotPrepared(RuntimeError):
    """A worker failed to prepare the generation, or not all did in time: the message says."""


@dataclass
class Held:
    """What one worker process holds: the generations prepared, and those it failed to."""

    pid: int
    prepared: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    followed: str = ""  # the last request (``want``) this worker acted on

    def to_dict(self) -> dict:
        return {
            "prepared": self.prepared,
            "failed": self.failed,
            "seconds": self.seconds,
            "followed": self.followed,
        }


class Workers:
    """The shared folder of one replica's worker processes."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)

    @classmethod
    def make(cls, name: str) -> Workers:
        """A new folder for a replica's workers (the arbiter, before it forks)."""
        safe = "".join(c for c in name if c.isalnum() or c in "-_")[:40] or "replica"
        return cls(tempfile.mkdtemp(prefix=f"telusur-{safe}-"))

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def set_count(self, count: int) -> None:
        """How many workers the arbiter runs (it writes it at start and when it changes)."""
        _write(self.folder / COUNT, {"count": count})

    def count(self) -> int:
        try:
            return int(json.loads((self.folder / COUNT).read_text(encoding="utf-8"))["count"])
        except (OSError, ValueError, KeyError, TypeError):
            return 1

    def want(self, generation: str) -> str:
        """Ask every worker to prepare ``generation``: the request's token."""
        token = f"{time.time_ns()}-{os.getpid()}"
        _write(self.folder / WANT, {"generation": generation, "token": token})
        return token

    def wanted(self) -> tuple[str, str] | None:
        """The generation last asked for and its request's token (None before any)."""
        try:
            data = json.loads((self.folder / WANT).read_text(encoding="utf-8"))
            generation, token = data["generation"], data["token"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return (generation, token) if isinstance(generation, str) else None

    def report(self, held: Held) -> None:
        _write(self.folder / f"{held.pid}.json", held.to_dict())

    def forget(self, pid: int) -> None:
        """A worker exited (the arbiter's ``child_exit``): it no longer counts."""
        (self.folder / f"{pid}.json").unlink(missing_ok=True)

    def held(self) -> dict[int, Held]:
        """What every live worker of the replica holds, by process id."""
        found = {}
        for path in self.folder.glob("*.json"):
            try:
                pid = int(path.stem)
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if _alive(pid):
                found[pid] = Held(
                    pid, data["prepared"], data["failed"], data["seconds"], data["followed"]
                )
        return found

    def wait(self, generation: str, token: str, timeout: float) -> dict[int, float]:
        """Until every worker has acted on request ``token`` and holds ``generation``:
        each one's warm-up seconds. :class:`NotPrepared` when a worker failed to, or
        after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            held = {pid: h for pid, h in self.held().items()}
            done = {pid: h for pid, h in held.items() if h.followed == token}
            for pid, h in sorted(done.items()):
                if generation in h.failed:
                    message = h.failed[generation]
                    raise NotPrepared(f"worker {pid} could not prepare {generation}: {message}")
            ready = {pid: h.seconds.get(generation, 0.0) for pid, h in done.items()}
            expected = self.count()
            if len(ready) == len(held) and len(ready) >= expected:
                return dict(sorted(ready.items()))
            if time.monotonic() > deadline:
                waiting = sorted(set(held) - set(ready))
                raise NotPrepared(
                    f"{len(ready)} of {max(expected, len(held))} workers prepared {generation} "
                    f"within {timeout:.0f} s (still warming: {waiting or 'none registered'})"
                )
            time.sleep(POLL_SECONDS)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(tmp, path)
