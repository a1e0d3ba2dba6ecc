"""The production set-up: nginx with the repository's configuration (``deploy/``) in front of
gunicorn, on 127.0.0.1. It proxies, it holds clients that trickle their requests itself (so a
gunicorn of one thread still answers everyone else), and gunicorn only ever sees complete
requests. Without nginx the test is skipped, except where ``CI`` is set: there it fails."""

from __future__ import annotations

import json
import os
import re
import time
from xml.etree import ElementTree as ET

import pytest

from bench.proxy import (
    free_port,
    gunicorn,
    http_get,
    nginx,
    nginx_binary,
    open_trickling,
    read_answer,
)

ACCESS = re.compile(r'"(GET [^"]*) HTTP/1\.[01]" (\d{3}) ')


@pytest.fixture(scope="module")
def proxied(index_dir, tmp_path_factory):
    if nginx_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing (make nginx installs it)")
        pytest.skip("nginx is not installed (make nginx)")
    run = tmp_path_factory.mktemp("proxy")
    front = free_port()
    public = {"TELUSUR_PUBLIC_URL": f"http://127.0.0.1:{front}"}
    # One worker with one thread: any client it waited for would block every other one.
    with gunicorn(index_dir, run / "gunicorn", workers=1, threads=1, env=public) as back:  # noqa: SIM117
        with nginx(back, run / "nginx", port=front):
            yield front, back, run / "gunicorn" / "gunicorn-access.log"


def requests_seen_by_gunicorn(log, last: str) -> list[tuple[str, str]]:
    """The requests in gunicorn's access log once ``last`` is in it (each request is written
    just after its answer)."""
    deadline = time.monotonic() + 30
    while (last, "200") not in (seen := ACCESS.findall(log.read_text(encoding="utf-8"))):
        assert time.monotonic() < deadline, seen
        time.sleep(0.05)
    return seen


def test_nginx_serves_a_search_as_gunicorn_does(proxied):
    front, back, _ = proxied
    status, headers, body = http_get(front, "/api/search?q=banjir+jakarta")
    assert status == 200
    assert headers["server"] == "nginx"
    assert headers["x-content-type-options"] == "nosniff"
    through, direct = (
        json.loads(body),
        json.loads(http_get(back, "/api/search?q=banjir+jakarta")[2]),
    )
    assert [hit["id"] for hit in through["hits"]] == [hit["id"] for hit in direct["hits"]]
    assert [(hit["id"], hit["partial"]) for hit in through["hits"]] == [
        ("banjir-utara", False),
        ("musim-hujan", False),
        ("macet-jakarta", True),
        ("bekasi-kebanjiran", True),
        ("uji-html", True),
    ]
    status, _, body = http_get(front, "/opensearch.xml")
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    self_url = ET.fromstring(body).find("os:Url[@rel='self']", ns).get("template")
    assert (status, self_url) == (200, f"http://127.0.0.1:{front}/opensearch.xml")
    assert http_get(front, "/healthz")[0] == 200


@pytest.mark.slow
def test_trickling_clients_are_held_by_nginx_not_by_gunicorn(proxied):
    front, _, log = proxied
    slow = [open_trickling(front, f"/api/search?q=slow{n}") for n in range(4)]
    body_first = open_trickling(front, "/api/search?q=gempa")
    body_first.sendall(b"Content-Length: 10\r\n\r\nabc")
    try:
        # gunicorn has one thread: these are answered only because nginx holds the others
        for query in ("banjir", "gempa", "kilang"):
            status, _, body = http_get(front, f"/api/search?q={query}")
            assert status == 200, body
        body_first.sendall(b"defghij")
        status, _, body = read_answer(body_first)
        assert (status, json.loads(body)["query"]) == (200, "gempa")
    finally:
        for sock in [*slow, body_first]:
            sock.close()
    assert http_get(front, "/api/search?q=akhir")[0] == 200
    seen = requests_seen_by_gunicorn(log, "GET /api/search?q=akhir")
    assert [path for path, _ in seen if "slow" in path] == []
    assert [entry for entry in seen if "banjir+" not in entry[0] and "?q=" in entry[0]] == [
        ("GET /api/search?q=banjir", "200"),
        ("GET /api/search?q=gempa", "200"),
        ("GET /api/search?q=kilang", "200"),
        ("GET /api/search?q=gempa", "200"),
        ("GET /api/search?q=akhir", "200"),
    ]
