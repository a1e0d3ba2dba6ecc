"""The JSON API: exact status codes and bodies."""

import pytest


def test_search_returns_the_documented_shape(client):
    response = client.get("/api/search?q=banjir+jakarta")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert list(data) == [
        "query",
        "total",
        "full_total",
        "page",
        "per_page",
        "took_ms",
        "hits",
        "facets",
        "suggestion",
        "relaxed",
        "corrected",
        "generation",
    ]
    assert (data["query"], data["total"], data["full_total"], data["page"], data["per_page"]) == (
        "banjir jakarta",
        5,
        2,
        1,
        10,
    )
    assert isinstance(data["took_ms"], float)
    # The two with both words, then the three with one of them (fewer than ten full).
    assert [(h["id"], h["partial"]) for h in data["hits"]] == [
        ("banjir-utara", False),
        ("musim-hujan", False),
        ("macet-jakarta", True),
        ("bekasi-kebanjiran", True),
        ("uji-html", True),
    ]
    assert data["relaxed"] is True
    first = data["hits"][0]
    assert {k: v for k, v in first.items() if k not in ("snippet", "score", "title_html")} == {
        "id": "banjir-utara",
        "title": "Banjir Rendam Jakarta Utara",
        "url": "https://contoh.kompas.com/banjir-utara",
        "source": "kompas.com",
        "category": "Nasional",
        "author": "",
        "published": "2019-07-31T15:57:00+07:00",
        "group": "banjir-utara",
        "similar": [],
        "partial": False,
    }
    assert '<mark class="hl term0">banjir</mark>' in first["snippet"]
    assert first["title_html"] == (
        '<mark class="hl term0">Banjir</mark> Rendam <mark class="hl term1">Jakarta</mark> Utara'
    )
    assert first["score"] > data["hits"][1]["score"] > 0


def test_paging_parameters(client):
    data = client.get("/api/search?q=banjir&page=2&per_page=3").get_json()
    assert (data["total"], data["page"], data["per_page"]) == (4, 2, 3)
    assert [h["id"] for h in data["hits"]] == ["uji-html"]


def test_no_match_is_an_empty_list(client):
    data = client.get("/api/search?q=xyzzy").get_json()
    assert (data["total"], data["hits"]) == (0, [])


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "'q' is required and must not be empty"),
        ("?q=", "'q' is required and must not be empty"),
        ("?q=+++", "'q' is required and must not be empty"),
        ("?q=banjir&page=0", "'page' must be a positive integer"),
        ("?q=banjir&page=-1", "'page' must be a positive integer"),
        ("?q=banjir&page=abc", "'page' must be a positive integer"),
        ("?q=banjir&page=1.5", "'page' must be a positive integer"),
        ("?q=banjir&per_page=0", "'per_page' must be a positive integer"),
        ("?q=banjir&per_page=101", "'per_page' must be between 1 and 100"),
        ("?q=banjir&page=1001&per_page=10", "'page' × 'per_page' must not exceed 10000"),
    ],
)
def test_bad_requests_are_400_with_a_json_error(client, query, message):
    response = client.get("/api/search" + query)
    assert response.status_code == 400
    assert response.get_json() == {"error": {"code": "bad_parameter", "message": message}}


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_a_json_405(client):
    response = client.post("/api/search?q=banjir")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_missing_index_is_a_503(tmp_path):
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    response = client.get("/api/search?q=banjir")
    assert response.status_code == 503
    assert response.get_json() == {
        "error": {"code": "index_unavailable", "message": "the search index is not available"}
    }


def test_engine_is_opened_once_and_reused(app, client):
    engine = app.extensions["telusur.engine"]
    client.get("/api/search?q=banjir")
    searcher = engine.searcher()
    client.get("/api/search?q=jakarta")
    assert engine.searcher() is searcher
