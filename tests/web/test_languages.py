"""Indonesian everywhere: error pages and API messages by Accept-Language, and one
Indonesian name per category on the page and in the query (search/language/categories.py)."""

from __future__ import annotations

import json
import re

import pytest

from index.store import IndexStore
from index.writer import build
from search.language.categories import MAPPING, category_names
from web import create_app

ID_BROWSER = {"Accept-Language": "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"}
EN_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_the_404_page_is_indonesian_by_default(client):
    response = client.get("/tidak-ada")
    page = text_of(response)
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "id"
    assert "<h1>Halaman tidak ditemukan.</h1>" in page
    assert (
        '<p class="error-detail">Alamat yang diminta tidak ada di server ini; periksa ejaannya.</p>'
    ) in page
    assert "The requested URL" not in page
    assert '<a href="/">Kembali ke pencarian</a>' in page


def test_an_error_page_is_english_when_the_browser_asks(client):
    response = client.get("/?q=banjir&sort=acak", headers=EN_BROWSER)
    page = text_of(response)
    assert response.status_code == 400
    assert response.headers["Content-Language"] == "en"
    assert "Accept-Language" in response.headers["Vary"]
    assert '<div class="error-page" lang="en">' in page
    assert "<h1>Bad request.</h1>" in page
    expected = "&#39;sort&#39; must be one of relevance, newest, oldest"
    assert f'<p class="error-detail">{expected}</p>' in page


def test_an_unknown_article_page_is_indonesian(client):
    response = client.get("/articles/tidak-ada", headers=ID_BROWSER)
    assert response.status_code == 404
    page = text_of(response)
    assert '<p class="error-detail">tidak ada artikel dengan id &#39;tidak-ada&#39;</p>' in page


@pytest.mark.parametrize(
    ("path", "headers", "code", "message", "language"),
    [
        (
            "/api/search?q=banjir&sort=acak",
            {},
            "bad_parameter",
            "'sort' must be one of relevance, newest, oldest",
            "en",
        ),
        (
            "/api/search?q=banjir&sort=acak",
            ID_BROWSER,
            "bad_parameter",
            "'sort' harus salah satu dari relevance, newest, oldest",
            "id",
        ),
        (
            "/api/search?q=banjir&sort=acak",
            EN_BROWSER,
            "bad_parameter",
            "'sort' must be one of relevance, newest, oldest",
            "en",
        ),
        (
            "/api/search",
            ID_BROWSER,
            "bad_parameter",
            "'q' wajib diisi dan tidak boleh kosong",
            "id",
        ),
        (
            "/api/search?q=a&from=2019-13-01",
            {"Accept-Language": "id"},
            "bad_parameter",
            "'from' harus tanggal yang ditulis TTTT-BB-HH (mis. 2019-07-31)",
            "id",
        ),
        (
            "/api/search?q=a&page=2000&per_page=100",
            ID_BROWSER,
            "bad_parameter",
            "'page' × 'per_page' tidak boleh lebih dari 10000",
            "id",
        ),
        (
            "/api/articles/tidak-ada",
            ID_BROWSER,
            "not_found",
            "tidak ada artikel dengan id 'tidak-ada'",
            "id",
        ),
        (
            "/api/articles/tidak-ada",
            {},
            "not_found",
            "no article with id 'tidak-ada'",
            "en",
        ),
        (
            "/api/tidak-ada",
            ID_BROWSER,
            "not_found",
            "Alamat yang diminta tidak ada di server ini; periksa ejaannya.",
            "id",
        ),
    ],
)
def test_api_error_messages_follow_accept_language(client, path, headers, code, message, language):
    response = client.get(path, headers=headers)
    assert response.status_code in (400, 404)
    assert response.get_json() == {"error": {"code": code, "message": message}}
    assert response.headers["Content-Language"] == language


def test_no_index_is_said_in_indonesian(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "kosong")}).test_client()
    response = client.get("/api/search?q=banjir", headers=ID_BROWSER)
    assert response.status_code == 503
    assert response.get_json() == {
        "error": {
            "code": "index_unavailable",
            "message": "Indeks pencarian belum tersedia; silakan coba lagi sebentar lagi.",
        }
    }


def test_the_shipped_mapping_names_the_corpus_categories_once_each():
    names = category_names()
    assert [names.shown(c) for c in ("News", "Sport", "Sports", "SPORTS", "Dunia")] == [
        "Berita",
        "Olahraga",
        "Olahraga",
        "Olahraga",
        "Internasional",
    ]
    assert [names.shown(c) for c in ("Economy", "Ekonomi", "Ekbis", "International")] == [
        "Ekonomi",
        "Ekonomi",
        "Ekonomi",
        "Internasional",
    ]
    assert names.shown("Bola") == "Bola"
    assert names.spellings("Olahraga") == ("Olahraga", "Sport", "Sports")
    assert names.spellings("sports") == ("sports", "Olahraga", "Sport", "Sports")
    for line in MAPPING.read_text(encoding="utf-8").splitlines():
        assert line.startswith("#") or len(line.split("\t")) == 2, line


ARTICLES = [
    ("s1", "Sport", "Timnas menang di laga persahabatan"),
    ("s2", "Sports", "Timnas kalah di laga kualifikasi"),
    ("s3", "Sports", "Timnas berlatih untuk laga berikutnya"),
    ("n1", "News", "Timnas disambut warga di bandara"),
    ("n2", "Berita", "Timnas pulang membawa medali"),
]


@pytest.fixture(scope="module")
def mixed_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("mixed")
    source = root / "mixed.jsonl"
    lines = [
        {
            "id": ident,
            "title": text,
            "body": f"{text}. Pertandingan berlangsung meriah.",
            "source": "contoh.id",
            "category": category,
            "date": f"2019-09-0{n + 1}",
        }
        for n, (ident, category, text) in enumerate(ARTICLES)
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    build([source], IndexStore(root / "index"))
    return create_app({"TESTING": True, "INDEX_DIR": str(root / "index")}).test_client()


def facet_names(page: str) -> list[tuple[str, str]]:
    section = page.split('<h3 id="facet-category">')[1].split("</section>")[0]
    return re.findall(r'<span class="name">([^<]+)</span>\s*<span class="count">(\d+)', section)


def test_the_category_facet_shows_one_indonesian_name_each(mixed_client):
    page = text_of(mixed_client.get("/?q=timnas"))
    assert facet_names(page) == [("Olahraga", "3"), ("Berita", "2")]
    shown = re.findall(r'<span class="category">([^<]+)</span>', page)
    assert sorted(shown) == ["Berita", "Berita", "Olahraga", "Olahraga", "Olahraga"]
    assert '<a href="/?q=timnas&amp;category=Olahraga#filters">' in page


@pytest.mark.parametrize("value", ["Olahraga", "Sports", "sport"])
def test_a_category_filter_works_with_any_spelling(mixed_client, value):
    found = mixed_client.get(f"/api/search?q=timnas&category={value}&sort=oldest").get_json()
    assert [hit["id"] for hit in found["hits"]] == ["s1", "s2", "s3"]
    page = text_of(mixed_client.get(f"/?q=timnas&category={value}"))
    assert "Kategori: Olahraga" in page
    assert 'class="on" aria-current="true"' in page.split('<h3 id="facet-category">')[1]
    assert '<a href="/?q=timnas#filters" class="on" aria-current="true">' in page


def test_the_api_keeps_the_index_categories(mixed_client):
    found = mixed_client.get("/api/search?q=timnas").get_json()
    assert found["facets"]["category"] == [
        {"value": "Sports", "count": 2},
        {"value": "Berita", "count": 1},
        {"value": "News", "count": 1},
        {"value": "Sport", "count": 1},
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("timnas kategori:olahraga", ["s1", "s2", "s3"]),
        ("timnas kategori:sport", ["s1", "s2", "s3"]),
        ("timnas kategori:SPORTS", ["s1", "s2", "s3"]),
        ("timnas category:berita", ["n1", "n2"]),
        ("timnas kategori:news", ["n1", "n2"]),
        ("timnas -kategori:olahraga", ["n1", "n2"]),
        ("kategori:berita OR kategori:sport", ["s1", "s2", "s3", "n1", "n2"]),
        ("timnas kategori:bola", []),
    ],
)
def test_a_category_in_the_query_finds_every_spelling_of_its_name(mixed_client, q, expected):
    found = mixed_client.get("/api/search", query_string={"q": q, "sort": "oldest"}).get_json()
    assert [hit["id"] for hit in found["hits"]] == expected
