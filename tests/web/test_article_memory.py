"""The article page remembers the search it was opened from: the query in the box, its
words marked in the text, "Kembali ke hasil" back to the same results page."""

from __future__ import annotations

import json
import re

from index.store import IndexStore
from index.writer import build
from web import create_app


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_result_links_carry_the_search(client):
    page = text_of(client.get("/?q=banjir&source=kompas.com&sort=newest&page=1"))
    links = re.findall(r'<h2 class="title"><a href="([^"]+)"', page)
    assert links == [
        "/articles/bekasi-kebanjiran?q=banjir&amp;source=kompas.com&amp;sort=newest&amp;page=1",
        "/articles/banjir-utara?q=banjir&amp;source=kompas.com&amp;sort=newest&amp;page=1",
    ]


def test_the_article_page_keeps_the_query_and_marks_its_words(client):
    response = client.get("/articles/bekasi-kebanjiran?q=banjir+warga&source=kompas.com&page=2")
    page = text_of(response)
    assert response.status_code == 200
    assert re.search(r'<input id="q" name="q" type="search" value="banjir warga"', page)
    assert '<input type="hidden" name="source" value="kompas.com">' in page
    paragraphs = re.findall(r"<p>(.*?)</p>", page.split('<div class="body">')[1].split("</div>")[0])
    assert paragraphs == [
        'Sungai meluap dan <mark class="hl term0">membanjiri</mark> permukiman '
        '<mark class="hl term1">warga</mark> Bekasi. Ketinggian air mencapai 1,5 meter.'
    ]
    assert (
        '<nav class="back" aria-label="Pencarian"><a rel="up" '
        'href="/?q=banjir+warga&amp;source=kompas.com&amp;page=2">‹ Kembali ke hasil</a></nav>'
    ) in page


def test_related_articles_keep_the_search_too(client):
    page = text_of(client.get("/articles/banjir-utara?q=banjir"))
    related = page.split('id="related-heading"')[1]
    hrefs = re.findall(r'<h3 class="title"><a href="([^"]+)"', related)
    assert hrefs and all(href.endswith("?q=banjir") for href in hrefs)


def test_an_article_opened_directly_has_no_marks_and_no_way_back(client):
    page = text_of(client.get("/articles/banjir-utara"))
    assert "<mark" not in page
    assert "Kembali ke hasil" not in page
    assert 'value=""' in page


def test_no_stray_leading_dash(tmp_path):
    source = tmp_path / "dashes.jsonl"
    body = "- - Dengan jumlah penduduk 48 juta.\n\n-,Warga mengungsi.\n\n----\n\nSuhu -5 derajat."
    record = {"id": "dash", "title": "Dash", "body": body, "date": "2019-09-01"}
    source.write_text(json.dumps(record), encoding="utf-8")
    build([source], IndexStore(tmp_path / "index"))
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "index")}).test_client()
    page = text_of(client.get("/articles/dash?q=warga"))
    body_html = page.split('<div class="body">')[1].split("</div>")[0]
    assert re.findall(r"<p>(.*?)</p>", body_html) == [
        "Dengan jumlah penduduk 48 juta.",
        '<mark class="hl term0">Warga</mark> mengungsi.',
        "Suhu -5 derajat.",
    ]


def test_marked_text_is_escaped(client):
    page = text_of(client.get("/articles/banjir-utara?q=%3Cb%3E+banjir"))
    assert "<b>" not in page.split('<div class="body">')[1]
