"""What the browser tests and the screenshot command share: Chromium and a live server."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Debian's Chromium: ``TELUSUR_CHROMIUM``, else ``chromium`` on the PATH, else /usr/bin."""
    configured = os.environ.get("TELUSUR_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


class LiveServer:
    """A Telusur app served over HTTP in a background thread."""

    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def require_chromium() -> str:
    """Chromium's path; without one, a skip, or under ``CI`` a failure."""
    path = chromium_path()
    if path is None:
        message = "Chromium is missing: `apt-get install -y chromium` (make test does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
