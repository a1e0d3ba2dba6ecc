"""The HTML search page, through Flask's test client."""

import re


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_home_page_is_indonesian_and_empty(client):
    page = text_of(client.get("/"))
    assert '<html lang="id">' in page
    assert 'name="q"' in page and 'value=""' in page
    assert "Ketik kata kunci" in page
    assert '<ol class="results"' not in page


def test_results_with_highlighted_snippets(client):
    response = client.get("/?q=banjir+jakarta")
    page = text_of(response)
    assert response.status_code == 200
    assert 'value="banjir jakarta"' in page
    assert "2 hasil untuk <strong>banjir jakarta</strong>" in page
    titles = re.findall(r'<h2><a href="([^"]+)"[^>]*>([^<]+)</a></h2>', page)
    assert titles == [
        ("https://contoh.kompas.com/banjir-utara", "Banjir Rendam Jakarta Utara"),
        ("https://contoh.okezone.com/hujan", "Musim Hujan Segera Tiba"),
    ]
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
    assert '<a rel="prev" href="/?q=banjir&amp;page=1">' in second
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
