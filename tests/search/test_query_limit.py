"""One limit on a query's length, applied once, before the result cache's key is made."""

import subprocess
import sys
from pathlib import Path

import pytest

from search.engine import SearchEngine
from search.language.request import MAX_QUERY_CHARS, QueryTooLong, SearchRequest
from web import create_app
from web.engine import engine

ROOT = Path(__file__).resolve().parents[2]
GAP = " " * 600


@pytest.fixture
def long_client(index_dir):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "MAX_QUERY_CHARS": 1000})
    return app, app.test_client()


def ids(client, q: str) -> list[str]:
    response = client.get("/api/search", query_string={"q": q, "facets": ""})
    assert response.status_code == 200, response.get_json()
    return [hit["id"] for hit in response.get_json()["hits"]]


def test_a_long_query_is_searched_whole_and_its_answer_is_not_served_to_a_short_one(long_client):
    _, client = long_client
    assert ids(client, "banjir" + GAP + "-banjir") == []
    assert ids(client, "banjir -banjir") == []
    assert ids(client, "banjir") == ["banjir-utara", "bekasi-kebanjiran", "musim-hujan", "uji-html"]


def test_two_long_queries_alike_in_their_first_500_characters_never_share_an_entry(long_client):
    app, client = long_client
    with_word = "banjir" + GAP + "jakarta"
    without_word = "banjir" + GAP + "-jakarta"
    assert with_word[:MAX_QUERY_CHARS] == without_word[:MAX_QUERY_CHARS]
    # Both words: two full matches, then the three with one of them.
    assert ids(client, with_word) == [
        "banjir-utara",
        "musim-hujan",
        "macet-jakarta",
        "bekasi-kebanjiran",
        "uji-html",
    ]
    assert ids(client, without_word) == ["bekasi-kebanjiran", "uji-html"]
    with app.app_context():
        assert len(engine().results) == 2


def test_the_engine_refuses_a_query_over_its_limit(index_dir):
    searching = SearchEngine(index_dir, max_query_chars=20)
    with pytest.raises(QueryTooLong, match="^the query is longer than 20 characters$"):
        searching.search(SearchRequest("banjir " * 3))
    assert len(searching.results) == 0
    found = searching.search(SearchRequest("banjir jakarta"))
    assert (found.total, found.full) == (5, 2)


def test_the_web_setting_is_the_engines_limit(index_dir):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "MAX_QUERY_CHARS": 30})
    with app.app_context():
        assert engine().max_query_chars == 30
    response = app.test_client().get("/api/search", query_string={"q": "a" * 31})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "'q' must not be longer than 30 characters"


def test_the_cli_refuses_a_query_over_the_same_default(index_dir):
    done = subprocess.run(
        [sys.executable, "-m", "search", "banjir" + " " * 500 + "-banjir"]
        + ["--index-dir", str(index_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"error: the query is longer than {MAX_QUERY_CHARS} characters\n"
