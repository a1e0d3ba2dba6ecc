"""Odd ``Host`` headers are a 400 everywhere (a page, or JSON under /api/), and absolute URLs
name the configured public address or a trusted host, never whatever ``Host`` says."""

from __future__ import annotations

import json
import socket
import threading
from xml.etree import ElementTree as ET

import feedparser
import pytest
from werkzeug.serving import make_server

from web import create_app
from web.settings import SettingError, defaults_from_env

PAGES = ["/", "/?q=banjir", "/nope", "/bantuan", "/articles/banjir-utara", "/feed"]
PAGES += ["/opensearch.xml"]
API = ["/api/search?q=banjir", "/api/openapi.json", "/api/nope", "/api/articles/banjir-utara"]
MALFORMED = ["a..b", ".", "a" * 64 + ".example", "xn--zz", "localhost:99999", "", "-a.example"]


def raw_get(port: int, path: str, host: str | None) -> tuple[int, str, bytes]:
    """One request over a socket, with exactly the Host line given (or none)."""
    head = f"GET {path} HTTP/1.1\r\n"
    if host is not None:
        head += f"Host: {host}\r\n"
    head += "Connection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head.encode("latin-1"))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    header, _, body = answer.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    fields = dict(line.split(": ", 1) for line in lines[1:])
    return status, fields.get("Content-Type", ""), body


@pytest.fixture
def serve(index_dir):
    servers = []

    def start(**config) -> int:
        app = create_app({"INDEX_DIR": str(index_dir), **config})
        httpd = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        servers.append((httpd, thread))
        return httpd.server_port

    yield start
    for httpd, thread in servers:
        httpd.shutdown()
        thread.join(5)


def assert_refused(status: int, kind: str, body: bytes, path: str) -> None:
    assert status == 400, (path, body[:300])
    if path.startswith("/api/"):
        assert kind == "application/json"
        error = json.loads(body)["error"]
        assert error["code"] == "bad_request"
    else:
        assert kind == "text/html; charset=utf-8"
        assert "Permintaan tidak valid." in body.decode("utf-8")


@pytest.mark.parametrize("trusted", [None, ["*"]], ids=["default", "any-host"])
def test_malformed_hosts_are_400s_over_http(serve, trusted):
    port = serve(**({} if trusted is None else {"TRUSTED_HOSTS": None}))
    for host in MALFORMED:
        for path in PAGES + API:
            assert_refused(*raw_get(port, path, host), path)
    assert raw_get(port, "/api/search?q=banjir", f"127.0.0.1:{port}")[0] == 200


def test_an_untrusted_host_is_a_400_and_never_named(serve):
    port = serve()
    for path in PAGES + API:
        status, kind, body = raw_get(port, path, "evil.example")
        assert_refused(status, kind, body, path)
        assert b"evil.example" not in body


@pytest.mark.parametrize("host", ["a..b", ".", "a" * 64 + ".example", "-a.example"])
@pytest.mark.parametrize("path", PAGES + API)
def test_malformed_hosts_are_400s_in_the_test_client(client, host, path):
    response = client.get(path, headers={"Host": host})
    assert_refused(response.status_code, response.content_type, response.data, path)


def test_absolute_urls_name_the_public_url_whatever_the_host(serve):
    port = serve(PUBLIC_URL="https://telusur.example", TRUSTED_HOSTS=None)
    status, _, body = raw_get(port, "/opensearch.xml", "evil.example")
    assert status == 200
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    root = ET.fromstring(body)
    assert {u.get("type"): u.get("template") for u in root.findall("os:Url", ns)} == {
        "text/html": "https://telusur.example/?q={searchTerms}",
        "application/x-suggestions+json": (
            "https://telusur.example/api/suggest/opensearch?q={searchTerms}"
        ),
        "application/atom+xml": "https://telusur.example/feed?q={searchTerms}",
        "application/opensearchdescription+xml": "https://telusur.example/opensearch.xml",
    }
    assert root.find("os:Image", ns).text == "https://telusur.example/static/favicon.svg"
    status, _, body = raw_get(port, "/feed?q=banjir", "evil.example")
    feed = feedparser.parse(body)
    assert feed.bozo == 0
    assert feed.feed.id == "https://telusur.example/feed?q=banjir"
    assert [link.href for link in feed.feed.links] == [
        "https://telusur.example/feed?q=banjir",
        "https://telusur.example/?q=banjir",
    ]
    assert feed.entries[0].id == "https://telusur.example/api/articles/musim-hujan"
    status, _, body = raw_get(port, "/api/openapi.json", "evil.example")
    assert json.loads(body)["servers"] == [{"url": "https://telusur.example"}]


def test_the_public_urls_host_is_trusted(serve):
    port = serve(PUBLIC_URL="https://telusur.example")
    assert raw_get(port, "/api/search?q=banjir", "telusur.example")[0] == 200
    assert raw_get(port, "/api/search?q=banjir", "other.example")[0] == 400


def test_a_trusted_domain_and_its_subdomains(serve):
    port = serve(TRUSTED_HOSTS=["cari.example", ".berita.example"])
    for host in ("cari.example", "cari.example:8080", "a.berita.example", "berita.example"):
        assert raw_get(port, "/api/search?q=banjir", host)[0] == 200, host
    for host in ("localhost", "x.cari.example", "berita.example.evil"):
        assert raw_get(port, "/api/search?q=banjir", host)[0] == 400, host
    status, _, body = raw_get(port, "/api/openapi.json", "a.berita.example")
    assert json.loads(body)["servers"] == [{"url": "http://a.berita.example"}]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"TELUSUR_PUBLIC_URL": "ftp://x.example"},
            "TELUSUR_PUBLIC_URL must be http(s)://host[:port], not 'ftp://x.example'",
        ),
        (
            {"TELUSUR_PUBLIC_URL": "https://x.example/cari"},
            "TELUSUR_PUBLIC_URL must be http(s)://host[:port], without a path, query or user,"
            " not 'https://x.example/cari'",
        ),
        (
            {"TELUSUR_TRUSTED_HOSTS": "a..b"},
            "TELUSUR_TRUSTED_HOSTS must be host names, comma-separated, or *: 'a..b' is not a"
            " host name, not 'a..b'",
        ),
    ],
)
def test_bad_host_settings_are_refused(env, message):
    with pytest.raises(SettingError) as raised:
        defaults_from_env(env)
    assert str(raised.value).startswith(message)


def test_host_settings_from_the_environment():
    values = defaults_from_env(
        {
            "TELUSUR_PUBLIC_URL": "https://cari.example/",
            "TELUSUR_TRUSTED_HOSTS": " A.example, .b.example",
        }
    )
    assert values["PUBLIC_URL"] == "https://cari.example"
    assert values["TRUSTED_HOSTS"] == ["a.example", ".b.example"]
    assert defaults_from_env({"TELUSUR_TRUSTED_HOSTS": "*"})["TRUSTED_HOSTS"] is None
    assert defaults_from_env({})["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]
