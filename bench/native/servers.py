"""Telusur over HTTP beside the engines: the servers started together, asked in turn, stopped.

One client on one keep-alive connection (``http.client`` opens a new one
whenever the server closes it, as Werkzeug does after every response) asks for
each query's full default response (``/api/search?q=…``: ten hits with
snippets, facets, did-you-mean), the result cache off, and reads the body.
"""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from bench.http import free_port
from bench.search import timed

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
SERVED = dict(TELUSUR_RESULT_CACHE_SIZE="0", TELUSUR_ACCESS_LOG="/dev/null")


def commands(kind: str, index: Path, port: int) -> list[str]:
    """How each server is started: as production, as ``make run``, as before, empty."""
    if kind == "gunicorn":
        return [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "web:create_app()"]
    if kind == "make-run":
        return [sys.executable, "-m", "web", "--index-dir", str(index), "--port", str(port)]
    if kind == "werkzeug":
        return [sys.executable, "-m", "bench.native.werkzeug_server", str(index), str(port)]
    bind = ["--bind", f"127.0.0.1:{port}"]
    return [
        str(BIN / "gunicorn"),
        "-c",
        "python:bench.native.empty",
        *bind,
        "bench.native.empty:app",
    ]


class Client:
    """One connection, kept open while the server allows."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def __call__(self, path: str) -> int:
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        return response.status

    def close(self) -> None:
        self.connection.close()


def wait_ready(process: subprocess.Popen, port: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped ({process.returncode})")
        client = Client(port)
        try:
            client("/api/search?q=banjir")
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.3)
        finally:
            client.close()
    raise RuntimeError("the server did not start")


def start(kind: str, index: Path) -> tuple[subprocess.Popen, int]:
    """A new server of ``kind`` over ``index``, and its port."""
    port = free_port()
    env = dict(os.environ, **SERVED, TELUSUR_INDEX_DIR=str(index), PORT=str(port))
    command = commands(kind, index, port)
    out = subprocess.DEVNULL
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out), port


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def measure(kinds: list[str], index: Path, queries: list[str], warmup: int) -> dict:
    """Seconds per request of ``queries`` against a new server of each kind, all running
    at once and asked in turn, query by query (the order rotating), so that the load of
    other work on the machine falls on all alike."""
    started = [start(kind, index) for kind in kinds]
    try:
        for process, port in started:
            wait_ready(process, port)
        clients = {kind: Client(port) for kind, (_, port) in zip(kinds, started, strict=True)}
        paths = [f"/api/search?q={quote(text)}" for text in queries]
        for path in paths[:warmup]:
            for client in clients.values():
                client(path)
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for n, path in enumerate(paths):
            for kind in kinds[n % len(kinds) :] + kinds[: n % len(kinds)]:
                times[kind].append(timed(clients[kind], path))
        for client in clients.values():
            client.close()
        return times
    finally:
        for process, _ in started:
            stop(process)
