"""The HTML search page, through Flask's test client."""

import re
from html.parser import HTMLParser

import pytest


def text_of(response) -> str:
    return response.get_data(as_text=True)


PARTIAL_START = (
    '<p class="partial-start" role="note">Hasil berikut tidak memuat semua kata yang dicari.</p>'
)


def test_home_page_is_indonesian_and_empty(client):
    page = text_of(client.get("/"))
    assert '<html lang="id">' in page
    assert 'name="q"' in page and 'value=""' in page
    assert "Ketik kata kunci" in page
    assert "13 artikel, terbit 5 Juli 2019 sampai 1 Oktober 2019." in page
    assert '<ol class="results" start=' not in page
    assert '<h2 id="latest-heading">Berita terbaru</h2>' in page


def test_results_with_highlighted_snippets(client):
    response = client.get("/?q=banjir+jakarta")
    page = text_of(response)
    assert response.status_code == 200
    assert 'value="banjir jakarta"' in page
    assert "5 hasil untuk <strong>banjir jakarta</strong>" in page
    # The two with both words, a line, then the three with one of them.
    full, partial = page.split(PARTIAL_START)
    titles = re.findall(r'<h2 class="title"><a href="([^"]+)">(.+?)</a></h2>', full)
    assert titles == [
        (
            "/articles/banjir-utara?q=banjir+jakarta",
            '<mark class="hl term0">Banjir</mark> Rendam '
            '<mark class="hl term1">Jakarta</mark> Utara',
        ),
        ("/articles/musim-hujan?q=banjir+jakarta", "Musim Hujan Segera Tiba"),
    ]
    assert re.findall(r'<ol class="results[^"]*" start="(\d+)">', page) == ["1", "3"]
    assert '<ol class="results partial" start="3">' in partial
    later = re.findall(r'<h2 class="title"><a href="/articles/([^"?]+)', partial)
    assert later == ["macet-jakarta", "bekasi-kebanjiran", "uji-html"]
    originals = re.findall(r'<a class="original" href="([^"]+)"', full)
    assert originals == [
        "https://contoh.kompas.com/banjir-utara",
        "https://contoh.okezone.com/hujan",
    ]
    assert 'class="relaxed"' not in page  # some articles have every word
    assert '<mark class="hl term0">banjir</mark>' in page
    assert "31 Juli 2019, 15.57 WIB" in page
    assert '<span class="source">kompas.com</span>' in page


def test_pages_of_results_link_to_each_other(index_dir):
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "PER_PAGE": 3}).test_client()
    first = text_of(client.get("/?q=banjir"))
    assert "4 hasil" in first and "halaman 1 dari 2" in first
    assert '<a rel="next" href="/?q=banjir&amp;page=2">' in first
    assert 'rel="prev"' not in first
    second = text_of(client.get("/?q=banjir&page=2"))
    assert '<a rel="prev" href="/?q=banjir">' in second
    assert '<a aria-current="page" class="current" href="/?q=banjir&amp;page=2">' in second
    assert 'rel="next"' not in second
    assert '<ol class="results" start="4">' in second


def test_no_results_message(client):
    page = text_of(client.get("/?q=xyzzy"))
    assert "Tidak ada hasil untuk <strong>xyzzy</strong>" in page


def test_query_and_article_html_are_escaped(client):
    page = text_of(client.get("/?q=" + "<script>alert(1)</script> uji"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; uji" in page
    assert "Uji &lt;script&gt;alert(1)&lt;/script&gt; Judul" in page
    assert "<img src=x" not in page


def test_bad_page_parameter_is_a_400_page(client):
    response = client.get("/?q=banjir&page=abc")
    assert response.status_code == 400
    assert "Permintaan tidak valid." in text_of(response)


def test_unknown_page_is_a_404_page(client):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan." in text_of(response)


def test_article_page_shows_the_whole_article_and_related_ones(client):
    response = client.get("/articles/banjir-utara")
    page = text_of(response)
    assert response.status_code == 200
    assert "<title>Banjir Rendam Jakarta Utara – Telusur</title>" in page
    assert "<h1>Banjir Rendam Jakarta Utara</h1>" in page
    assert '<span class="source">kompas.com</span>' in page
    assert '<time datetime="2019-07-31T15:57:00+07:00">31 Juli 2019, 15.57 WIB</time>' in page
    assert '<span class="category">Nasional</span>' in page
    body = page[page.index('<div class="body">') : page.index("</div>", page.index('class="body"'))]
    assert re.findall(r"<p>([^<]*)</p>", body) == [
        "Hujan deras sejak pagi membuat banjir merendam ratusan rumah di Jakarta Utara.",
        "Warga mengungsi ke masjid terdekat.",
        "Petugas membuka posko darurat.",
    ]
    assert '<a href="https://contoh.kompas.com/banjir-utara" rel="noopener noreferrer">' in page
    related = page[page.index('<section class="related"') :]
    assert re.findall(r'<h3 class="title"><a href="/articles/([^"]+)">', related) == [
        "musim-hujan",
        "macet-jakarta",
        "bekasi-kebanjiran",
        "uji-html",
        "gempa-maluku",
    ]


def test_article_text_is_escaped(client):
    page = text_of(client.get("/articles/uji-html"))
    assert "<h1>Uji &lt;script&gt;alert(1)&lt;/script&gt; Judul</h1>" in page
    assert "<script>alert" not in page and "<img src=x" not in page


def test_unknown_article_is_a_404_page(client):
    response = client.get("/articles/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan." in text_of(response)


def test_facets_are_links_that_add_and_remove_filters(client):
    page = text_of(client.get("/?q=banjir"))
    sources = re.findall(
        r'<a href="([^"]+)">\s*<span class="check" aria-hidden="true"></span>\s*'
        r'<span class="name">([^<]+)</span>\s*<span class="count">(\d+)<',
        page[page.index('id="facet-source"') : page.index('id="facet-category"')],
    )
    assert sources == [
        ("/?q=banjir&amp;source=kompas.com#filters", "kompas.com", "2"),
        ("/?q=banjir&amp;source=okezone.com#filters", "okezone.com", "1"),
        ("/?q=banjir&amp;source=wowkeren.com#filters", "wowkeren.com", "1"),
    ]
    months = page[page.index('id="facet-month"') :]
    assert '<a href="/?q=banjir&amp;month=2019-07#filters">' in months
    assert '<span class="name">Juli 2019</span>' in months


def test_help_page_documents_the_query_syntax(client):
    page = text_of(client.get("/bantuan"))
    assert "<h1>Tips pencarian</h1>" in page
    for syntax in ('"banjir rob"', "banjir -bekasi", "gempa ATAU tsunami", "judul:anggaran"):
        assert syntax.replace('"', "&#34;") in page or syntax in page
    assert 'id="tanggal"' in page


class MarkupCheck(HTMLParser):
    """Collects what a strict Content-Security-Policy would block."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = [name for name, _ in attrs]
        if tag == "style" or (tag == "script" and "src" not in names):
            self.blocked.append(f"inline <{tag}>")
        self.blocked += [f"{tag} {name}=" for name in names if name == "style" or name[:2] == "on"]
        external = ("http:", "https:", "//")
        for name, value in attrs:
            if tag in ("script", "link", "img") and (value or "").startswith(external):
                self.blocked.append(f"external asset {name}={value}")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?q=banjir",
        "/?q=banjir&source=kompas.com&page=2",
        "/articles/banjir-utara",
        "/bantuan",
        "/tidak-ada",
    ],
)
def test_pages_have_no_inline_script_style_or_external_asset(client, path):
    check = MarkupCheck()
    check.feed(text_of(client.get(path)))
    assert check.blocked == []


def test_did_you_mean_links_to_the_corrected_search_keeping_filters(client):
    page = text_of(client.get("/?q=banjr&sort=newest&correct=false"))
    assert "Tidak ada hasil untuk <strong>banjr</strong>" in page
    assert (
        '<p class="did-you-mean">Mungkin maksud Anda: '
        '<a href="/?q=banjir&amp;sort=newest&amp;correct=false" rel="nofollow">banjir</a></p>'
    ) in page
    corrected = text_of(client.get("/?q=banjr&sort=newest"))
    notice = 'Menampilkan hasil untuk <a href="/?q=banjir&amp;sort=newest"><em>banjir</em></a>'
    assert notice in corrected
    assert 'class="did-you-mean"' not in text_of(client.get("/?q=banjir"))


def test_an_article_whose_id_is_a_url_has_its_page(client):
    results = text_of(client.get("/?q=ekonomi"))
    href = "/articles/https://contoh.id/berita/ekonomi-tumbuh"
    assert f'<h2 class="title"><a href="{href}?q=ekonomi">' in results
    response = client.get(href)
    assert response.status_code == 200
    assert "<h1>Ekonomi Tumbuh" in text_of(response)


def test_where_the_full_matches_end_on_each_page(index_dir):
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "PER_PAGE": 2}).test_client()
    pages = [text_of(client.get(f"/?q=banjir+jakarta&page={n}")) for n in (1, 2, 3)]
    assert [f"halaman {n} dari 3" in p for n, p in enumerate(pages, 1)] == [True, True, True]
    assert ["5 hasil untuk" in p for p in pages] == [True, True, True]
    # Page 1 holds the two full matches and no line; page 2 starts with the line.
    assert [p.count(PARTIAL_START) for p in pages] == [0, 1, 1]
    assert [re.findall(r'<ol class="(results[^"]*)" start="(\d+)">', p) for p in pages] == [
        [("results", "1")],
        [("results partial", "3")],
        [("results partial", "5")],
    ]
    assert ['class="relaxed"' in p for p in pages] == [False, False, False]


def test_only_partial_matches_are_said_once_at_the_top(client):
    # No article has both "banjir" and "gempa": the notice, and no line between hits.
    page = text_of(client.get("/?q=banjir+gempa"))
    assert '<p class="relaxed" role="note">' in page and PARTIAL_START not in page
    assert re.findall(r'<ol class="(results[^"]*)" start="(\d+)">', page) == [("results", "1")]


def test_the_relaxed_fallback_is_said_on_the_page(app):
    from flask import render_template

    from search.presentation.results import SearchResult
    from web.links import SearchLinks

    relaxed = SearchResult("banjir gempa", 0, 1, 10, 1.0, relaxed=True)
    with app.test_request_context("/?q=banjir+gempa"):
        from flask import request

        page = render_template(
            "search.html", q="banjir gempa", result=relaxed, links=SearchLinks(request.args)
        )
        strict = render_template(
            "search.html",
            q="banjir gempa",
            result=SearchResult("banjir gempa", 0, 1, 10, 1.0),
            links=SearchLinks(request.args),
        )
    notice = (
        '<p class="relaxed" role="note">Tidak ada hasil yang memuat semua kata; '
        "menampilkan hasil yang paling mendekati.</p>"
    )
    assert notice in page
    assert 'class="relaxed"' not in strict


def test_every_page_links_the_opensearch_description_and_suggestions(client):
    for path in ("/", "/?q=banjir", "/articles/banjir-utara", "/bantuan"):
        page = text_of(client.get(path))
        assert (
            '<link rel="search" type="application/opensearchdescription+xml" title="Telusur"\n'
            '        href="/opensearch.xml">'
        ) in page
        assert 'data-suggest-url="/api/suggest"' in page
    assert client.get("/opensearch.xml").status_code == 200
