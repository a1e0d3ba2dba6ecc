"""Article ids that try to reach files: a 404 every time, and no file outside the index is read."""

from __future__ import annotations

import builtins
import os
import re
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
HOSTILE_IDS = [
    "../../../../etc/passwd",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "..%252F..%252Fetc%252Fpasswd",
    "%2e%2e",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%5C..%5Cwindows%5Cwin.ini",
    "%00",
    "banjir-utara%00",
    "banjir-utara%00.html",
    "%2Fetc%2Fpasswd",
    "file:%2F%2F%2Fetc%2Fpasswd",
    "%ff%fe",
    "banjir-utara%0d%0aSet-Cookie:%20x=1",
    "*",
    "id:*",
    "a" * 5000,
    "CON",
    "%C0%AE%C0%AE%2F",
]


def article_routes(app) -> list[str]:
    """Every route that takes an article id, with ``{}`` where the id goes."""
    rules = [r.rule for r in app.url_map.iter_rules() if "article_id" in r.arguments]
    routes = [re.sub(r"<(\w+:)?article_id>", "{}", rule) for rule in rules]
    assert "/articles/{}" in routes
    return routes


@pytest.fixture
def opened_files(monkeypatch):
    """Every path opened while the test runs."""
    paths: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file, *args, **kwargs):
        paths.append(os.fspath(file) if not isinstance(file, int) else f"fd:{file}")
        return real_open(file, *args, **kwargs)

    def spy_os_open(path, *args, **kwargs):
        paths.append(os.fspath(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    return paths


def test_hostile_ids_are_404s_that_read_no_file(app, index_dir, opened_files):
    client = app.test_client()
    routes = article_routes(app)
    for route in routes:  # warm up: the searcher and the templates are open and loaded
        assert client.get(route.format("banjir-utara")).status_code == 200
        assert client.get(route.format("tidak-ada")).status_code == 404
    assert opened_files, "the spy sees files opened (templates, index)"
    opened_files.clear()
    for route in routes:
        for article_id in HOSTILE_IDS:
            response = client.get(route.format(article_id))
            assert response.status_code == 404, (route, article_id)
            assert "Set-Cookie" not in response.headers
            assert "root:" not in response.get_data(as_text=True)
            if route.startswith("/api/"):
                assert response.get_json()["error"]["code"] == "not_found"
    outside = [
        path
        for path in opened_files
        if not (path.startswith(str(index_dir)) or path.startswith(str(WEB)))
    ]
    assert outside == []


def test_a_real_article_is_still_found(client):
    response = client.get("/articles/banjir-utara")
    assert response.status_code == 200
    assert "Banjir Rendam Jakarta Utara" in response.get_data(as_text=True)
