"""Every Atom feed is XML, whatever characters a query or an indexed title holds."""

from __future__ import annotations

import json
from urllib.parse import quote
from xml.etree import ElementTree as ET

import feedparser
import pytest
from lxml import etree

from index.store import IndexStore
from index.writer import build
from web import create_app

ATOM = "{http://www.w3.org/2005/Atom}"
# The C0 controls XML 1.0 refuses, DEL and C1 (allowed), a lone surrogate, the two non-characters.
ODD = [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + [
    "\x7f\x85",
    "\ud800",
    "\udfff",
    "\ufffe",
    "\uffff",
]


@pytest.fixture(scope="module")
def odd_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("odd")
    lines = [
        json.dumps(
            {
                "id": f"odd-{n:02d}",
                "title": f"Judul{ch}banjir {n}",
                "body": f"Isi{ch}berita banjir nomor {n} ({ord(ch[0])})",
                "published": f"2019-07-01T10:{n:02d}:00+07:00",
                "source": "contoh.id",
                "url": f"https://contoh.id/{n}",
            }
        )
        for n, ch in enumerate(ODD)
    ]
    source = root / "odd.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build([source], IndexStore(root / "index"))
    app = create_app({"TESTING": True, "INDEX_DIR": str(root / "index")})
    return app.test_client()


def parse_strictly(body: bytes) -> ET.Element:
    """The feed through expat, lxml without recovery, and a feed reader: all must accept it."""
    etree.fromstring(body, etree.XMLParser(recover=False, resolve_entities=False))
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return ET.fromstring(body)


def test_feeds_of_titles_with_control_characters_are_xml(odd_client):
    response = odd_client.get("/feed?q=banjir&per_page=100")
    assert response.status_code == 200
    root = parse_strictly(response.data)
    titles = [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]
    hits = odd_client.get("/api/search?q=banjir&sort=newest&per_page=100").get_json()["hits"]
    assert len(hits) == len(ODD) == len(titles)
    assert titles == ["".join(filter(xml_char, hit["title"])) for hit in hits]
    assert titles[-1] == "Judulbanjir 0"


@pytest.mark.parametrize("odd", ODD, ids=[f"U+{ord(ch[0]):04X}" for ch in ODD])
def test_feeds_of_queries_with_control_characters_are_xml(odd_client, odd):
    raw = odd.encode("utf-8", "surrogatepass")
    response = odd_client.get("/feed?q=" + quote(b"banjir" + raw))
    assert response.status_code == 200
    root = parse_strictly(response.data)
    echoed = odd_client.get("/api/search?q=" + quote(b"banjir" + raw)).get_json()["query"]
    assert root.find(f"{ATOM}title").text == "Telusur: " + "".join(filter(xml_char, echoed))


def xml_char(ch: str) -> bool:
    code = ord(ch)
    return code in (0x09, 0x0A, 0x0D) or 0x20 <= code < 0xD800 or 0xE000 <= code < 0xFFFE


def test_the_page_and_the_api_show_titles_holding_lone_surrogates(odd_client):
    surrogate = ODD.index("\ud800")
    data = odd_client.get(f"/api/articles/odd-{surrogate:02d}").get_json()
    assert data["title"] == f"Judul\ud800banjir {surrogate}"
    assert odd_client.get("/?q=banjir").status_code == 200
    assert odd_client.get(f"/articles/odd-{surrogate:02d}").status_code == 200
