"""An empty WSGI endpoint: what gunicorn and HTTP cost before any search is done.

This module is also its gunicorn configuration (``-c python:bench.native.empty``):
the serving settings of ``gunicorn.conf.py`` (2 workers of 2 threads, keep-alive),
none of its hooks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

worker_class = "gthread"
workers = 2
threads = 2
keepalive = 5

BODY = b'{"hits":[]}'


def app(environ: dict, start_response: Callable) -> Iterable[bytes]:
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]
    start_response("200 OK", headers)
    return [BODY]
