"""Following a search: the feed link on every results page; ETag/Last-Modified, 304 Not
Modified, Cache-Control and gzip on the feed, the API and the pages (web/caching.py)."""

from __future__ import annotations

import gzip
import json
import re

import pytest

GZIP = {"Accept-Encoding": "gzip"}


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_every_results_page_links_its_feed(client):
    page = text_of(client.get("/?q=banjir&source=kompas.com&sort=newest&page=1"))
    feed = "/feed?q=banjir&amp;source=kompas.com"
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Telusur: banjir" href="{feed}">'
    ) in page
    assert (
        f'<p class="follow"><a href="{feed}" type="application/atom+xml">Ikuti pencarian ini</a>'
    ) in page
    empty = text_of(client.get("/?q=zzzzqqq"))
    assert '<a href="/feed?q=zzzzqqq" type="application/atom+xml">Ikuti pencarian ini</a>' in empty
    assert '<link rel="alternate" type="application/atom+xml"' not in text_of(client.get("/"))


@pytest.mark.parametrize(
    ("path", "mimetype"),
    [
        ("/api/search?q=banjir", "application/json"),
        ("/api/articles/banjir-utara", "application/json"),
        ("/feed?q=banjir", "application/atom+xml"),
        ("/?q=banjir", "text/html"),
    ],
)
def test_validators_and_304(client, path, mimetype):
    first = client.get(path)
    assert first.status_code == 200
    assert first.mimetype == mimetype
    etag = first.headers["ETag"]
    assert re.fullmatch(r'W/"[0-9a-f]{32}"', etag)
    assert first.headers["Cache-Control"] == "public, max-age=60"
    assert re.fullmatch(
        r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT", first.headers["Last-Modified"]
    )
    assert first.headers["Vary"] == "Accept-Encoding"

    same = client.get(path, headers={"If-None-Match": etag})
    assert same.status_code == 304
    assert same.data == b""
    assert same.headers["ETag"] == etag
    assert same.headers["Cache-Control"] == "public, max-age=60"
    assert "Content-Encoding" not in same.headers

    since = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    other = client.get(path, headers={"If-None-Match": 'W/"0123"'})
    assert other.status_code == 200
    assert other.headers["ETag"] == etag
    zipped_304 = client.get(path, headers={"If-None-Match": etag, **GZIP})
    assert zipped_304.status_code == 304
    assert "Content-Encoding" not in zipped_304.headers


def test_another_search_has_another_etag(client):
    one = client.get("/api/search?q=banjir").headers["ETag"]
    two = client.get("/api/search?q=banjir&page=2&per_page=1").headers["ETag"]
    assert one != two
    assert client.get("/api/search?q=banjir", headers={"If-None-Match": two}).status_code == 200


def test_an_error_is_never_kept(client):
    response = client.get("/api/search?q=banjir&sort=acak")
    assert response.status_code == 400
    assert "ETag" not in response.headers
    assert "Cache-Control" not in response.headers


@pytest.mark.parametrize(
    ("path", "mimetype"),
    [
        ("/api/search?q=banjir", "application/json"),
        ("/feed?q=banjir", "application/atom+xml"),
        ("/?q=banjir", "text/html"),
    ],
)
def test_answers_are_gzipped_for_clients_that_accept_it(client, path, mimetype):
    plain = client.get(path)
    zipped = client.get(path, headers=GZIP)
    assert zipped.status_code == 200
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.headers["Vary"] == "Accept-Encoding"
    assert zipped.mimetype == mimetype
    assert zipped.headers["ETag"] == plain.headers["ETag"]
    body = gzip.decompress(zipped.data)
    assert int(zipped.headers["Content-Length"]) == len(zipped.data) < len(body)
    assert "Content-Encoding" not in plain.headers
    if mimetype == "application/json":
        data, expected = json.loads(body), plain.get_json()
        data.pop("took_ms"), expected.pop("took_ms")
        assert data == expected
    else:
        assert body.decode("utf-8").split("<")[0:3] == plain.get_data(as_text=True).split("<")[0:3]


def test_healthz_is_not_kept(client):
    response = client.get("/healthz")
    assert "ETag" not in response.headers
