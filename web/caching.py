"""Answers a client may keep: validators (``ETag``, ``Last-Modified``), ``304 Not Modified``,
``Cache-Control``, and gzip for those that accept it (Flask-Compress).

Every page, feed and API answer follows from the request's URL, the live index and this
code, so its validator is a digest of the three, known before the view runs: a client
that already holds the answer gets its ``304`` without a search. The ETag is weak (the same
results, though ``took_ms`` differs from one answer to the next, and gzip or not).
``Last-Modified`` is when the live index last changed.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from flask import Flask, Response, current_app, request
from flask_compress import Compress
from werkzeug.http import is_resource_modified

from search.engine import IndexUnavailable
from web.engine import engine

# Answers that follow from the index alone; /healthz and static files have their own rules.
NOT_KEPT = ("/healthz", "/static/")
COMPRESSED = ["text/html", "application/json", "application/atom+xml", "text/css",
              "application/javascript", "text/javascript", "application/x-suggestions+json",
              "application/opensearchdescription+xml"]  # fmt: skip
KEY = "telusur.code_version"


def code_version() -> str:
    """A digest of the code and templates that shape every answer (names, sizes, times)."""
    root = Path(__file__).parent.parent
    files = sorted(
        path
        for folder in ("web", "search")
        for path in (root / folder).rglob("*")
        if path.suffix in (".py", ".html", ".tsv", ".txt") and path.is_file()
    )
    digest = hashlib.sha256()
    for path in files:
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def validators() -> tuple[str, datetime | None] | None:
    """This request's ETag and the index's last change; None where they do not apply."""
    if request.method not in ("GET", "HEAD") or request.path.startswith(NOT_KEPT):
        return None
    try:
        status = engine().status()
    except IndexUnavailable:
        return None
    changed = datetime.fromisoformat(status.last_change) if status.last_change else None
    digest = hashlib.sha256(
        "\n".join(
            (current_app.extensions[KEY], status.generation, str(status.last_change),
             request.full_path, request.headers.get("Accept-Language", ""))
        ).encode("utf-8", "surrogatepass")
    )  # fmt: skip
    return digest.hexdigest()[:32], changed


def keep_headers(response: Response, etag: str, changed: datetime | None) -> Response:
    response.set_etag(etag, weak=True)
    if changed is not None:
        response.last_modified = changed
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["CACHE_MAX_AGE"]
    response.vary.add("Accept-Encoding")
    return response


def register_caching(app: Flask) -> None:
    """Validators and ``Cache-Control`` on every answer of the index, then gzip."""
    app.extensions[KEY] = code_version()
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    app.config.setdefault("COMPRESS_ALGORITHM", ["gzip"])
    app.config.setdefault("COMPRESS_LEVEL", 6)
    # Static files are sent as streams from their files; compressing a stream leaves the file open.
    app.config.setdefault("COMPRESS_STREAMS", False)
    # Registered before the hook below, so that it runs after it, on the final body.
    Compress(app)

    @app.before_request
    def answer_unchanged() -> Response | None:
        found = validators()
        if found is None:
            return None
        request.environ["telusur.validators"] = found
        etag, changed = found
        if is_resource_modified(request.environ, etag=etag, last_modified=changed):
            return None
        return keep_headers(Response(status=304), etag, changed)

    @app.after_request
    def add_validators(response: Response) -> Response:
        found = request.environ.get("telusur.validators")
        if found is not None and response.status_code == 200:
            keep_headers(response, *found)
        return response
