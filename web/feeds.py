"""For browsers and feed readers: the OpenSearch description and Atom feeds of searches."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import overload
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, current_app, request

from search.presentation.results import SearchResult
from web.engine import engine
from web.hosts import external_url
from web.limits import FEED_ENTRIES, MAX_FEED_ENTRIES
from web.params import search_request

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
# What XML 1.0 cannot hold (C0 controls but tab and newlines, lone surrogates, U+FFFE/U+FFFF):
# a query or an indexed title carrying one must not make the feed unreadable for every reader.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@overload
def xml_text(text: str) -> str: ...
@overload
def xml_text(text: None) -> None: ...
def xml_text(text: str | None) -> str | None:
    """``text`` without the characters XML 1.0 cannot hold, even escaped."""
    return None if text is None else NOT_XML.sub("", text)


def _xml(root: ET.Element, mimetype: str) -> Response:
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, mimetype=mimetype)


@bp.get("/opensearch.xml")
def opensearch():
    """Lets a browser add Telusur as a search engine, with suggestions as you type."""
    ET.register_namespace("", OPENSEARCH)
    root = ET.Element(f"{{{OPENSEARCH}}}OpenSearchDescription")

    def add(tag: str, text: str | None = None, **attrs: str) -> None:
        element = ET.SubElement(root, f"{{{OPENSEARCH}}}{tag}", attrs)
        element.text = text

    add("ShortName", "Telusur")
    add("Description", "Telusur: mesin pencari berita Indonesia")
    add("InputEncoding", "UTF-8")
    add("Language", "id")
    add(
        "Image",
        external_url("static", filename="favicon.svg"),
        width="16",
        height="16",
        type="image/svg+xml",
    )
    templates = {
        "text/html": external_url("pages.index"),
        "application/x-suggestions+json": external_url("api.suggest_opensearch"),
        "application/atom+xml": external_url("feeds.feed"),
    }
    for kind, base in templates.items():
        add("Url", type=kind, method="get", template=base + "?q={searchTerms}")
    add(
        "Url",
        type="application/opensearchdescription+xml",
        rel="self",
        template=external_url("feeds.opensearch"),
    )
    return _xml(root, "application/opensearchdescription+xml")


@bp.get("/feed")
def feed():
    """The newest articles matching a search (the page's parameters), as Atom."""
    config = current_app.config
    wanted = search_request(
        request.args,
        FEED_ENTRIES,
        MAX_FEED_ENTRIES,
        config["MAX_RESULT_WINDOW"],
        config["MAX_QUERY_CHARS"],
    )
    result = engine().search(replace(wanted, sort="newest", page=1))
    self_url = external_url("feeds.feed") + _query_string()
    return _xml(atom_feed(result, self_url), "application/atom+xml")


def atom_feed(result: SearchResult, self_url: str) -> ET.Element:
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        clean = {name: xml_text(value) for name, value in attrs.items()}
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", clean)
        element.text = xml_text(text)
        return element

    root = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "id"})
    title = f"Telusur: {result.query}" if result.query else "Telusur: berita terbaru"
    sub(root, "title", title)
    sub(root, "id", self_url)
    sub(root, "link", rel="self", type="application/atom+xml", href=self_url)
    page_url = external_url("pages.index") + _query_string()
    sub(root, "link", rel="alternate", type="text/html", href=page_url)
    newest = next((hit.published for hit in result.hits if hit.published), None)
    sub(root, "updated", (newest or datetime.now(UTC)).isoformat())
    author = sub(root, "author")
    sub(author, "name", "Telusur")
    sub(root, "generator", "Telusur")
    # A feed reader orders entries by date, which would mix the partial matches in among
    # the full ones: they are left out unless no article is a full match.
    hits = [hit for hit in result.hits if not hit.partial] or result.hits
    for hit in hits:
        entry = sub(root, "entry")
        sub(entry, "title", hit.title or "(tanpa judul)")
        article_url = external_url("api.article", article_id=hit.id)
        sub(entry, "id", article_url)
        if hit.url:
            sub(entry, "link", rel="alternate", type="text/html", href=hit.url)
        sub(entry, "link", rel="related", type="application/json", href=article_url)
        when = (hit.published or newest or datetime.now(UTC)).isoformat()
        sub(entry, "updated", when)
        if hit.published:
            sub(entry, "published", hit.published.isoformat())
        source = sub(entry, "author")
        sub(source, "name", hit.author or hit.source or "Telusur")
        if hit.category:
            sub(entry, "category", term=hit.category)
        sub(entry, "summary", hit.snippet, type="html")
    return root


def _query_string() -> str:
    raw = request.query_string.decode("utf-8", "replace")
    return f"?{raw}" if raw else ""
