"""Suggestions, articles, histogram, CORS, the OpenSearch description and the Atom feed."""

from xml.etree import ElementTree as ET

import feedparser
import pytest


def test_suggest(client):
    response = client.get("/api/suggest?q=banjir+jak")
    assert response.status_code == 200
    assert response.get_json() == {
        "query": "banjir jak",
        "suggestions": [
            {"text": "banjir jakarta", "kind": "word"},
            {"text": "Banjir Rendam Jakarta Utara", "kind": "title", "id": "banjir-utara"},
        ],
    }
    assert client.get("/api/suggest?q=ba&limit=1").get_json()["suggestions"] == [
        {"text": "banjir", "kind": "word"}
    ]
    assert client.get("/api/suggest?q=").get_json() == {"query": "", "suggestions": []}


def test_opensearch_suggestions_format(client):
    response = client.get("/api/suggest/opensearch?q=gemp")
    assert response.status_code == 200
    assert response.mimetype == "application/x-suggestions+json"
    assert response.get_json(force=True) == [
        "gemp",
        ["gempa", "Gempa Magnitudo 5,2 Guncang Maluku"],
    ]


def test_article_json(client):
    response = client.get("/api/articles/banjir-utara")
    assert response.status_code == 200
    data = response.get_json()
    assert list(data) == [
        "id",
        "title",
        "url",
        "source",
        "category",
        "author",
        "published",
        "body",
    ]
    assert (data["title"], data["published"]) == (
        "Banjir Rendam Jakarta Utara",
        "2019-07-31T15:57:00+07:00",
    )


@pytest.mark.parametrize(
    "path", ["/api/articles/tidak-ada", "/api/articles/tidak-ada/related", "/api/articles/a/b"]
)
def test_unknown_article_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_an_id_with_slashes(client):
    article_id = "https://contoh.id/berita/ekonomi-tumbuh"
    for path in (
        f"/api/articles/{article_id}",
        "/api/articles/https%3A%2F%2Fcontoh.id%2Fberita%2Fekonomi-tumbuh",
    ):
        assert client.get(path).get_json()["id"] == article_id
    related = client.get(f"/api/articles/{article_id}/related").get_json()
    assert related == {"id": article_id, "related": related["related"]}
    assert [h["id"] for h in related["related"]] == ["bekasi-kebanjiran"]


def test_related_json(client):
    data = client.get("/api/articles/banjir-utara/related?limit=3").get_json()
    assert data["id"] == "banjir-utara"
    assert [h["id"] for h in data["related"]] == [
        "musim-hujan",
        "macet-jakarta",
        "bekasi-kebanjiran",
    ]
    assert data["related"][0]["snippet"].startswith("BMKG memperingatkan potensi banjir")


def test_histogram(client):
    assert client.get("/api/histogram?q=jakarta").get_json() == {
        "query": "jakarta",
        "interval": "month",
        "first": "2019-07-05",
        "last": "2019-10-01",
        "buckets": [
            {"value": "2019-07", "count": 1},
            {"value": "2019-08", "count": 1},
            {"value": "2019-09", "count": 0},
            {"value": "2019-10", "count": 1},
        ],
    }
    weeks = client.get("/api/histogram?q=jakarta&interval=week&source=tempo.co").get_json()
    assert [b for b in weeks["buckets"] if b["count"]] == [{"value": "2019-08-12", "count": 1}]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/histogram?q=banjir&interval=day", "'interval' must be one of month, week, year"),
        ("/api/histogram", "'q' is required and must not be empty"),
        ("/api/suggest?q=ba&limit=0", "'limit' must be a positive integer"),
        ("/api/suggest?q=ba&limit=21", "'limit' must be between 1 and 20"),
        ("/api/suggest?q=" + "a" * 501, "'q' must not be longer than 500 characters"),
        ("/api/articles/banjir-utara/related?limit=x", "'limit' must be a positive integer"),
    ],
)
def test_bad_values_are_400(client, path, message):
    response = client.get(path)
    assert response.status_code == 400
    assert response.get_json() == {"error": {"code": "bad_parameter", "message": message}}


def test_search_by_filters_alone(client):
    data = client.get("/api/search?source=tempo.co&sort=newest").get_json()
    assert (data["query"], data["total"]) == ("", 2)
    assert [h["id"] for h in data["hits"]] == ["menteri-anggaran", "macet-jakarta"]


def test_cors_on_the_api_only(client):
    response = client.get("/api/search?q=banjir", headers={"Origin": "https://contoh.id"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/nothing").headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/?q=banjir").headers
    preflight = client.options(
        "/api/search",
        headers={
            "Origin": "https://contoh.id",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert preflight.headers["Access-Control-Allow-Headers"] == "accept"
    assert "Access-Control-Allow-Origin" not in client.post("/api/search").headers


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    ns = {"os": "http://a9.com/-/spec/opensearch/1.1/"}
    root = ET.fromstring(response.data)
    assert root.find("os:ShortName", ns).text == "Telusur"
    urls = {u.get("type"): u.get("template") for u in root.findall("os:Url", ns)}
    assert urls == {
        "text/html": "http://localhost/?q={searchTerms}",
        "application/x-suggestions+json": "http://localhost/api/suggest/opensearch?q={searchTerms}",
        "application/atom+xml": "http://localhost/feed?q={searchTerms}",
        "application/opensearchdescription+xml": "http://localhost/opensearch.xml",
    }


def test_atom_feed_newest_first(client):
    response = client.get("/feed?q=banjir")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.data)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Telusur: banjir"
    assert feed.feed.updated == "2019-10-01T09:15:00+07:00"
    assert [e.title for e in feed.entries] == [
        "Musim Hujan Segera Tiba",
        "Warga Bekasi Kebanjiran Lagi",
        "Uji <script>alert(1)</script> Judul",
        "Banjir Rendam Jakarta Utara",
    ]
    first = feed.entries[0]
    assert first.link == "https://contoh.okezone.com/hujan"
    assert first.id == "http://localhost/api/articles/musim-hujan"
    assert first.published == "2019-10-01T09:15:00+07:00"
    assert first.author == "okezone.com"
    assert first.tags[0].term == "News"
    assert first.summary == (
        "BMKG memperingatkan potensi banjir di Jakarta dan sekitarnya saat musim hujan tiba"
    )
    assert b'<summary type="html">BMKG memperingatkan potensi &lt;mark' in response.data


def test_a_feed_holds_the_full_matches_alone_unless_there_are_none(client):
    both = feedparser.parse(client.get("/feed?q=banjir+jakarta").data)
    assert [e.id for e in both.entries] == [
        "http://localhost/api/articles/musim-hujan",
        "http://localhost/api/articles/banjir-utara",
    ]
    partial = feedparser.parse(client.get("/feed?q=gempa+jakarta").data)
    assert [e.id for e in partial.entries] == [
        "http://localhost/api/articles/musim-hujan",
        "http://localhost/api/articles/gempa-maluku",
        "http://localhost/api/articles/macet-jakarta",
        "http://localhost/api/articles/banjir-utara",
    ]


def test_feed_of_the_newest_articles_and_its_limits(client):
    feed = feedparser.parse(client.get("/feed?source=tempo.co&per_page=1").data)
    assert feed.feed.title == "Telusur: berita terbaru"
    assert [e.link for e in feed.entries] == ["https://contoh.tempo.co/anggaran"]
    assert client.get("/feed?q=banjir&sort=oops").status_code == 400
