"""gunicorn with nginx in front, on 127.0.0.1, as ``deploy/nginx.conf.template`` sets it up.

Used by ``bench/slowloris.py`` and ``tests/system/test_proxy.py``; each server runs in
its own folder and is stopped (and waited for) when its ``with`` block ends.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def nginx_binary() -> str | None:
    """Debian's nginx (``make nginx`` installs it), or None where it is missing."""
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.access(found, os.X_OK) else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def render_nginx(listen: str, upstream: str, run_dir: Path) -> str:
    """The repository's nginx configuration for these ports (``deploy/render_nginx.py``)."""
    spec = importlib.util.spec_from_file_location("render_nginx", ROOT / "deploy/render_nginx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Started as root (a container), nginx's workers would run as nobody, who cannot
    # enter a private temporary folder: they run as the starting user instead.
    user = pwd.getpwuid(os.getuid()).pw_name if os.geteuid() == 0 else None
    return module.render(listen, upstream, run_dir, user=user)


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
                raise RuntimeError(f"server on port {port} did not start:\n{text}") from None
            time.sleep(0.1)


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(
    index_dir: Path,
    run_dir: Path,
    workers: int = 2,
    threads: int = 2,
    port: int | None = None,
    env: Mapping[str, str] | None = None,
) -> Iterator[int]:
    """gunicorn (``gunicorn.conf.py``) serving ``index_dir`` on a port of 127.0.0.1, answering."""
    port = port or free_port()
    run_dir.mkdir(parents=True, exist_ok=True)
    log = run_dir / "gunicorn.log"
    settings = dict(
        os.environ,
        TELUSUR_INDEX_DIR=str(index_dir),
        TELUSUR_WORKERS=str(workers),
        TELUSUR_THREADS=str(threads),
        TELUSUR_ACCESS_LOG=str(run_dir / "gunicorn-access.log"),
        HOST="127.0.0.1",
        PORT=str(port),
    )
    settings.update(env or {})
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "web:create_app()"],
            cwd=ROOT,
            env=settings,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, process, log, timeout=120)
        yield port
    finally:
        stop(process)


@contextmanager
def nginx(upstream_port: int | list[int], run_dir: Path, port: int | None = None) -> Iterator[int]:
    """nginx with the repository's configuration on a port of 127.0.0.1, in front of
    ``upstream_port`` (several: read replicas); its pid, logs and temporary files in
    ``run_dir``."""
    ports = upstream_port if isinstance(upstream_port, list) else [upstream_port]
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed (make nginx)")
    port = port or free_port()
    run_dir.mkdir(parents=True, exist_ok=True)
    conf = run_dir / "nginx.conf"
    conf.write_text(
        render_nginx(f"127.0.0.1:{port}", ",".join(f"127.0.0.1:{p}" for p in ports), run_dir),
        encoding="utf-8",
    )
    log = run_dir / "error.log"
    command = [binary, "-p", str(run_dir), "-e", str(log), "-c", str(conf), "-g", "daemon off;"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process, log, timeout=30)
        yield port
    finally:
        stop(process, signal.SIGQUIT)


def open_trickling(port: int, path: str = "/api/search?q=banjir") -> socket.socket:
    """A connection that has sent a request line and a Host header, and not yet the rest."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode("ascii"))
    return sock


def http_get(port: int, path: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """One complete request over a new connection: status, headers, body."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode()
        )
        return read_answer(sock)


def read_answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    answer = b""
    while chunk := sock.recv(65536):
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = dechunk(body)
    return int(lines[0].split()[1]), headers, body


def dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size, _, rest = body.partition(b"\r\n")
        length = int(size.split(b";")[0], 16)
        if length == 0:
            break
        out += rest[:length]
        body = rest[length + 2 :]
    return out
