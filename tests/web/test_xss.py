"""Markup in articles and queries is shown as text, never run: checked in the HTML we send.

``tests/fixtures/hostile.jsonl`` holds articles whose titles, bodies, sources,
categories and urls carry ``<script>``, event handlers and ``javascript:``
links. Every page and JSON answer that shows them is parsed, and must contain
no script of ours but static files, no event-handler attribute, no link to a
script url. The real-browser check is in ``tests/browser/``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from index.store import IndexStore
from index.writer import build
from web import create_app

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile.jsonl"
HOSTILE_IDS = {"xss-script", "xss-handler", "xss-link", "xss-quote", "xss-data"}
HOSTILE_QUERIES = [
    "serangan",
    "<script>window.__xss=1</script> serangan",
    '"><img src=x onerror=window.__xss=1> serangan',
    "javascript:window.__xss=1 serangan",
    "' onfocus='window.__xss=1' autofocus=' serangan",
    "serangan </title><script>window.__xss=1</script>",
]


class Markup(HTMLParser):
    """Every element and attribute of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def markup(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_nothing_runs(html: str) -> None:
    for tag, attrs in markup(html):
        assert tag not in ("iframe", "object", "embed", "img", "style", "base", "frame"), tag
        if tag == "svg":  # the page's own chart, drawn from numbers
            assert attrs.get("class") == "chart", attrs
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src", "action", "formaction"):
                link = (value or "").strip().lower()
                assert link.startswith(("/", "https://", "http://", "?", "#")), (tag, name, value)
    assert "window.__xss=1</script>" not in html


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-index")
    build([HOSTILE], IndexStore(root))
    return create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_the_results_page_shows_markup_as_text(hostile_client, query):
    response = hostile_client.get("/", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert_nothing_runs(html)
    if query == "serangan":
        assert "Serangan &lt;script&gt;window.__xss=1&lt;/script&gt; judul" in html
        assert "Gambar &lt;img src=x onerror=&#34;window.__xss=1&#34;&gt; serangan" in html


def test_every_hostile_article_is_found_and_shown(hostile_client):
    data = hostile_client.get("/api/search?q=banjir&per_page=10").get_json()
    assert {hit["id"] for hit in data["hits"]} == HOSTILE_IDS
    html = hostile_client.get("/?q=banjir").get_data(as_text=True)
    assert_nothing_runs(html)
    assert html.count('class="hit"') == len(HOSTILE_IDS)


@pytest.mark.parametrize("query", HOSTILE_QUERIES + ["banjir"])
def test_api_snippets_hold_only_marks(hostile_client, query):
    data = hostile_client.get("/api/search", query_string={"q": query}).get_json()
    for hit in data["hits"]:
        assert {tag for tag, _ in markup(hit["snippet"])} <= {"mark"}, hit["snippet"]
        assert {tag for tag, _ in markup(hit["title_html"])} <= {"mark"}, hit["title_html"]


def test_script_urls_never_leave_the_server(hostile_client):
    data = hostile_client.get("/api/search?q=banjir&per_page=10").get_json()
    urls = {hit["id"]: hit["url"] for hit in data["hits"]}
    assert urls == {
        "xss-script": "https://contoh.com/xss-script",
        "xss-handler": "https://contoh.com/xss-handler",
        "xss-link": "",
        "xss-quote": 'https://contoh.com/q?a="><script>window.__xss=1</script>',
        "xss-data": "",
    }
    links = [
        a.get("href") for tag, a in markup(hostile_client.get("/?q=banjir").text) if tag == "a"
    ]
    assert all(links)  # an article without a usable url has no link, not an empty one


@pytest.mark.parametrize("article_id", sorted(HOSTILE_IDS))
def test_the_article_page_shows_markup_as_text(hostile_client, article_id):
    response = hostile_client.get(f"/articles/{article_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert_nothing_runs(html)
    links = [a.get("href") for tag, a in markup(html) if tag == "a"]
    assert all(links)


def test_the_article_page_escapes_every_field(hostile_client):
    html = hostile_client.get("/articles/xss-quote").get_data(as_text=True)
    assert "Kutip &#34;&gt;&lt;script&gt;window.__xss=1&lt;/script&gt; serangan" in html
    assert "&lt;b&gt;contoh&lt;/b&gt;.com" in html
    assert "&lt;i&gt;Nasional&lt;/i&gt;" in html
    assert 'href="https://contoh.com/q?a=%22%3E%3Cscript%3E' in html or (
        'href="https://contoh.com/q?a=&#34;&gt;&lt;script&gt;' in html
    )
