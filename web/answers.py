"""Whole answers of ``/api/search`` kept and sent again without Flask: the result cache's
hit path made cheap.

A search answered from the result cache (``search/state/cache.py``) costs little of
its own; what remains is Flask's work around it: the request context, the host
check, the validators, the shaping and encoding of the result, the headers (about
0.6 ms of a core, against ~0.05 ms for the lookup). This middleware keeps the
status, headers and body of each ``200`` answer of ``/api/search`` by the request
(path and query string, and the headers the answer depends on: ``Host``,
``Accept-Language``, ``Accept-Encoding``) and the index state it was read from
(generation and commit; on a replica, also the generation chosen for the request
and one asked for but gone), and sends the same bytes again for the same request
in the same state. Only ``took_ms`` changes, as it does from one answer to the
next: the time of this lookup is written in its place (and ``Content-Length``
follows). A new index state is a new key, so nothing computed before a change is
sent after it.

Left to Flask: requests with a body or a condition (``If-None-Match``,
``If-Modified-Since``: a ``304`` is Flask's), other methods and paths, and
answers that are not a plain ``200`` (errors, compressed bodies). Kept: as many
answers as the result cache keeps results (``RESULT_CACHE_SIZE``; 0 keeps none).

Shared by the worker processes: each answer kept is also written to a folder the
app made before gunicorn forked (in ``/dev/shm`` where there is one), one file
per key, so a search one worker computed is sent by the others too instead of
computed again by each (on the zipf mix of ``bench/http.py``, about one request
in seven that a cache per worker misses). The folder holds at most twice as many
answers as a worker keeps; past that, the older half is removed.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson
from flask import Flask
from werkzeug.wrappers import Request

from search.state.cache import Lru
from web.engine import KEY, replica

PATH = "/api/search"
TOOK = b',"took_ms":'
# The request headers a search answer depends on (the host check, the ETag, gzip).
VARIES = ("HTTP_HOST", "HTTP_ACCEPT_LANGUAGE", "HTTP_ACCEPT_ENCODING", "wsgi.url_scheme")
CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_TRANSFER_ENCODING")
PREFIX = "telusur-answers-"


class Kept:
    """One answer: its status and headers, its body cut around ``took_ms``'s value."""

    __slots__ = ("status", "headers", "length_at", "head", "tail")

    def __init__(self, status: str, headers: list, length_at: int, head: bytes, tail: bytes):
        self.status = status
        self.headers = headers
        self.length_at = length_at
        self.head = head
        self.tail = tail


class Shared:
    """Answers kept in files of one folder, seen by every worker process of a server."""

    def __init__(self, folder: Path, size: int) -> None:
        self.folder = folder
        self.size = size
        self._written = 0

    @classmethod
    def make(cls, size: int) -> Shared:
        """A new folder, removed when the process that made it (gunicorn's arbiter) exits;
        those of makers that died without removing theirs (killed) are removed now."""
        shm = Path("/dev/shm")
        parent = shm if shm.is_dir() else Path(tempfile.gettempdir())
        maker = os.getpid()
        for old in parent.glob(f"{PREFIX}*-"):
            pid = old.name[len(PREFIX) :].split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(old, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{maker}-", suffix="-", dir=parent))

        def remove() -> None:
            if os.getpid() == maker:  # not a forked worker's exit
                shutil.rmtree(folder, ignore_errors=True)

        atexit.register(remove)
        return cls(folder, size)

    def _path(self, key: tuple) -> Path:
        return self.folder / hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()

    def get(self, key: tuple) -> Kept | None:
        try:
            found_key, *parts = marshal.loads(self._path(key).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            return None
        if found_key != key:  # the same digest for another key: never in practice
            return None
        status, headers, length_at, head, tail = parts
        return Kept(status, [tuple(h) for h in headers], length_at, head, tail)

    def put(self, key: tuple, kept: Kept) -> None:
        path = self._path(key)
        data = (key, kept.status, kept.headers, kept.length_at, kept.head, kept.tail)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            tmp.write_bytes(marshal.dumps(data))
            os.replace(tmp, path)
        except OSError:  # a full folder costs only the sharing
            tmp.unlink(missing_ok=True)
            return
        self._written += 1
        if self._written % 256 == 0:
            self._trim()

    def _trim(self) -> None:
        """Past twice ``size`` answers, remove the older half (by when each was written)."""
        try:
            entries = [(e.stat().st_mtime_ns, e.path) for e in os.scandir(self.folder)]
        except OSError:
            return
        if len(entries) <= 2 * self.size:
            return
        entries.sort()
        for _, path in entries[: len(entries) // 2]:
            Path(path).unlink(missing_ok=True)


class Answers:
    """WSGI middleware in front of the app's own ``wsgi_app``."""

    def __init__(self, app: Flask, size: int, shared: Shared | None = None) -> None:
        self.app = app
        self.inner: Callable[..., Iterable[bytes]] = app.wsgi_app
        self.kept: Lru[Kept] = Lru(size)
        self.shared = shared
        self.sent_again = 0

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        key = self._key(environ)
        if key is None:
            return self.inner(environ, start_response)
        try:
            key = (self._state(environ), key)
        except Exception:  # no index, a broken one: Flask's own path answers (503, ...)
            return self.inner(environ, start_response)
        found = self.kept.get(key)
        if found is None and self.shared is not None:
            found = self.shared.get(key)
            if found is not None:
                self.kept.put(key, found)
        if found is not None:
            self.sent_again += 1
            took = orjson.dumps(round((time.perf_counter() - started) * 1000, 2))
            body = found.head + took + found.tail
            headers = list(found.headers)
            headers[found.length_at] = ("Content-Length", str(len(body)))
            start_response(found.status, headers)
            return [body]
        seen: list[Any] = []

        def keep_start(status: str, headers: list, exc_info: Any = None) -> Callable:
            seen[:] = [status, list(headers)]
            return start_response(status, headers, exc_info)

        answer = self.inner(environ, keep_start)
        try:
            body = b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        if seen:
            kept = _kept(seen[0], seen[1], body)
            # Kept only if the state did not move while Flask answered (a switch, a commit):
            # the answer is then the one its key names.
            if kept is not None and self._same_state(environ, key[0]):
                self.kept.put(key, kept)
                if self.shared is not None:
                    self.shared.put(key, kept)
        return [body]

    def _same_state(self, environ: dict, state: tuple) -> bool:
        try:
            return self._state(environ) == state
        except Exception:  # the index went away meanwhile: keep nothing
            return False

    def _key(self, environ: dict) -> tuple | None:
        """What a kept answer is looked up by; None for a request left to Flask."""
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "GET":
            return None
        if environ.get("CONTENT_LENGTH") not in (None, "", "0"):
            return None
        if any(name in environ for name in CONDITIONS):
            return None
        return (environ.get("QUERY_STRING", ""), *(environ.get(name) for name in VARIES))

    def _state(self, environ: dict) -> tuple:
        """The index state the request would read, as the answer names it."""
        fleet = replica(self.app)
        if fleet is None:
            engine = self.app.extensions[KEY]
            return engine.searchers.generation_key(engine.searcher())
        asked = None
        if "gen=" in environ.get("QUERY_STRING", ""):
            asked = Request(environ).args.get("gen")
        chosen = fleet.choose(asked)
        engine = chosen.engine
        return (
            chosen.generation,
            chosen.unavailable,
            engine.searchers.generation_key(engine.searcher()),
        )


def _kept(status: str, headers: list, body: bytes) -> Kept | None:
    """The answer to keep, or None: only a plain ``200`` with ``took_ms`` where it belongs."""
    if not status.startswith("200 "):
        return None
    names = [name.lower() for name, _ in headers]
    if "content-encoding" in names or "content-length" not in names:
        return None
    at = body.find(TOOK)
    if at < 0:
        return None
    start = at + len(TOOK)
    end = body.find(b",", start)
    if end < 0:
        return None
    return Kept(status, headers, names.index("content-length"), body[:start], body[end:])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def install(app: Flask) -> None:
    """Put the kept answers in front of ``app`` when its result cache keeps any."""
    size = app.config["RESULT_CACHE_SIZE"]
    if size > 0:
        app.wsgi_app = Answers(app, size, Shared.make(size))  # type: ignore[method-assign]
