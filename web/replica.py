"""A read replica: the generations one server keeps open, and which of them a request reads.

A replica (``TELUSUR_REPLICA`` set) serves the generation the store's pin names
(``index/fleet.py``), never ``CURRENT`` directly. A rollout first *prepares* a
new generation on every replica (opened and warmed in this process, beside the
one serving), then *switches* each: the pin moves to the new generation and
names the old one as previous. A request that names a generation (``gen=``, as
the next-page links of a search do) is answered from it while this replica has
it open or the pin names it, so a reader paging through results during a
rollout stays in one generation; a generation gone is answered from the serving
one, and the answer says so (``X-Telusur-Generation-Unavailable``).

The pin is read with one ``stat`` per request, so every worker process of a
replica, and every replica sharing the store, follows a switch made through any
of them. A prepare reaches one worker process; the others follow it through the
replica's folder (``web/replica_workers.py``), and the prepare answers once all
hold the new generation. A generation dropped from the pin is closed a while
later, not at once, since a request may still be reading it.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from index.fleet import FLEET, Pin, pin_if_absent, read_pin, write_pin
from index.store import IndexStore
from search.engine import IndexUnavailable, SearchEngine
from search.state.warming import Warmed
from web.replica_workers import Held, Workers

# A generation the pin no longer names is closed this long after, once no request reads it.
RETIRE_SECONDS = 60.0
# How often a worker looks for a generation to prepare (web/replica_workers.py).
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Chosen:
    """The engine a request reads, its generation, and the generation asked for but gone."""

    engine: SearchEngine
    generation: str
    unavailable: str | None = None


def shown(asked: str) -> str:
    """A generation asked for, fit for a header: what a name holds, at most 100 characters."""
    return "".join(c for c in asked[:100] if c.isascii() and (c.isalnum() or c in "-_.")) or "-"


class Replica:
    """The engines of one replica process, one per open generation."""

    def __init__(
        self,
        name: str,
        index_dir: Path | str,
        open_engine: Callable[[str], SearchEngine],
        warm: Callable[[SearchEngine], Warmed],
    ) -> None:
        """``open_engine(generation)`` makes an engine on that generation; ``warm`` warms one."""
        self.name = name
        self.store = IndexStore(index_dir)
        self._open_engine = open_engine
        self._warm = warm
        self._lock = threading.Lock()
        self._engines: dict[str, SearchEngine] = {}
        self._prepared: set[str] = set()
        self._warmed: dict[str, Warmed] = {}
        self._retired: list[tuple[float, SearchEngine]] = []
        self._pin: tuple[tuple | None, Pin | None] = (None, None)
        self._preparing = threading.Lock()  # one warm-up at a time in this process
        self._following = threading.Lock()  # the request thread and the follower's
        self._held = Held(os.getpid())
        # The folder shared with this replica's other worker processes (gunicorn.conf.py);
        # None in a process serving alone.
        self.workers: Workers | None = None

    def pin(self) -> Pin:
        """The fleet's pin, made from ``CURRENT`` on a fleet's first start;
        :class:`IndexUnavailable` when there is neither."""
        path = self.store.root / FLEET
        try:
            stat = os.stat(path)
            signature: tuple | None = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except OSError:
            signature = None
        known, pin = self._pin
        if signature is not None and signature == known and pin is not None:
            return pin
        pin = read_pin(self.store.root)
        if pin is None and signature is not None:
            raise IndexUnavailable(
                f"{path} does not name a generation: remove it, and the replicas pin CURRENT's"
            )
        if pin is None:
            live = self.store.current()
            if live is None:
                raise IndexUnavailable(self.store.unavailable_reason())
            pin = pin_if_absent(self.store.root, live.name)
            signature = None  # read again on the next request, as every replica does
        self._pin = (signature, pin)
        self._retire(pin)
        return pin

    def engine(self, generation: str) -> SearchEngine:
        """The engine on ``generation``, opened on first use."""
        found = self._engines.get(generation)
        if found is not None:
            return found
        with self._lock:
            found = self._engines.get(generation)
            if found is None:
                found = self._open_engine(generation)
                serving = self._engines.get(self._pin[1].serving) if self._pin[1] else None
                if serving is not None:  # what segments both hold is decoded once
                    found.carried = serving.carried
                self._engines[generation] = found
            return found

    def choose(self, asked: str | None) -> Chosen:
        """The engine for a request that asks for generation ``asked`` (or for none)."""
        pin = self.pin()
        if self._retired:
            self._close_due()
        if asked:
            if asked in self._engines or asked in pin.names:
                return Chosen(self.engine(asked), asked)
            return Chosen(self.engine(pin.serving), pin.serving, shown(asked))
        return Chosen(self.engine(pin.serving), pin.serving)

    def serving(self) -> SearchEngine:
        """The engine on the generation the pin names."""
        return self.engine(self.pin().serving)

    def prepare(self, generation: str) -> Warmed:
        """Open and warm ``generation`` beside the one serving, in this process;
        ``LookupError`` when it is not a published generation of the store."""
        self._check_published(generation)
        with self._preparing:
            warmed = self._warmed.get(generation)
            if warmed is None:
                warmed = self._warm(self.engine(generation))
                self._warmed[generation] = warmed
        with self._lock:
            self._prepared.add(generation)
        return warmed

    def prepare_all(self, generation: str, timeout: float) -> dict[int, float]:
        """Prepare ``generation`` in every worker process of this replica: each one's
        warm-up seconds, by process id, once all hold it. ``LookupError`` when it is not
        published; ``NotPrepared`` when a worker failed or not all did in time."""
        self._check_published(generation)
        if self.workers is None:
            return {os.getpid(): self.prepare(generation).seconds}
        token = self.workers.want(generation)  # the other workers start on it now
        self._follow(generation, token)
        return self.workers.wait(generation, token, timeout)

    def register(self) -> None:
        """A worker process just forked: counted in the wait at once, then ready for
        what is wanted before it accepts a request (a prepare may be waiting for it)."""
        if self.workers is None:
            return
        self._held = Held(os.getpid())
        self._warmed = {}
        self.workers.report(self._held)
        wanted = self.workers.wanted()
        try:
            served = self.pin().names
        except IndexUnavailable:
            served = ()
        if wanted is not None and wanted[0] in served:  # warmed as served (warm_worker)
            self._held.followed = wanted[1]
            self.workers.report(self._held)
        self.follow_once()

    def follow_once(self) -> None:
        """Prepare the generation the replica's folder asks for, once per request."""
        wanted = self.workers.wanted() if self.workers is not None else None
        if wanted is not None and wanted[1] != self._held.followed:
            self._follow(*wanted)

    def follow(self, stop: threading.Event) -> None:
        """A worker's thread: follow what the replica's folder asks for until ``stop``."""
        while not stop.wait(POLL_SECONDS):
            self.follow_once()

    def _follow(self, generation: str, token: str) -> None:
        """Prepare ``generation`` for request ``token`` and say so in the folder."""
        with self._following:
            if token == self._held.followed:
                return
            held = self._held
            try:
                warmed = self.prepare(generation)
            except Exception as err:  # a broken generation fails in many ways: the wait says
                held.failed[generation] = f"{type(err).__name__}: {err}"
            else:
                held.failed.pop(generation, None)
                if generation not in held.prepared:
                    held.prepared.append(generation)
                held.seconds[generation] = round(warmed.seconds, 3)
            held.followed = token
            if self.workers is not None:
                self.workers.report(held)

    def _check_published(self, generation: str) -> None:
        published = {g.name for g in self.store.published()}
        if generation not in published:
            known = ", ".join(sorted(published)) or "none"
            raise LookupError(f"{generation} is not a published generation ({known})")

    def switch(self, generation: str) -> Pin:
        """Serve ``generation`` (prepared here first, else ``LookupError``): the pin
        names it, and the one served until now as previous."""
        pin = self.pin()
        if generation == pin.serving:  # another replica of this store switched it
            return pin
        if generation not in self._prepared:
            raise LookupError(f"{generation} was not prepared on this replica")
        pin = write_pin(self.store.root, generation, pin.serving)
        with self._lock:
            self._prepared.discard(generation)
        self.pin()
        return pin

    def state(self) -> dict:
        """What this replica serves and holds open, for the rollout and for people."""
        pin = self.pin()
        return {
            "replica": self.name,
            "serving": pin.serving,
            "previous": pin.previous,
            "prepared": sorted(self._prepared),
            "open": sorted(self._engines),
            "pid": os.getpid(),
            "workers": {}
            if self.workers is None
            else {str(pid): h.to_dict() for pid, h in sorted(self.workers.held().items())},
        }

    def _retire(self, pin: Pin) -> None:
        """Set aside the engines the pin stopped naming (and not prepared), to close later."""
        now = time.monotonic()
        with self._lock:
            self._prepared.discard(pin.serving)
            keep = set(pin.names) | self._prepared
            for name in [n for n in self._engines if n not in keep]:
                self._retired.append((now, self._engines.pop(name)))
                self._warmed.pop(name, None)
                if name in self._held.prepared:
                    self._held.prepared.remove(name)

    def _close_due(self) -> None:
        """Close the engines set aside :data:`RETIRE_SECONDS` ago: no request reads them now."""
        now = time.monotonic()
        with self._lock:
            due = [engine for when, engine in self._retired if now - when >= RETIRE_SECONDS]
            self._retired = [(w, e) for w, e in self._retired if now - w < RETIRE_SECONDS]
        for engine in due:
            engine.close()
