"""A typo is searched corrected, said so, and can still be searched as typed."""

import json

import pytest

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest

ARTICLES = [
    ("gempa-maluku", "Gempa Guncang Maluku", "Gempa bermagnitudo 6,8 mengguncang Maluku pagi ini."),
    ("maluku-mengungsi", "Warga Maluku Mengungsi", "Ribuan warga Maluku mengungsi setelah gempa."),
    ("mal-gempa", "Diskon Besar di Mal", "Pengunjung mal berhamburan saat gempa kecil terasa."),
    ("mal-baru", "Mal Baru Dibuka", "Sebuah mal baru dibuka di pusat kota."),
]


@pytest.fixture(scope="module")
def index_root(tmp_path_factory):
    folder = tmp_path_factory.mktemp("correction")
    source = folder / "articles.jsonl"
    lines = [json.dumps({"id": i, "title": t, "body": b}) for i, t, b in ARTICLES]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    root = folder / "index"
    build([source], IndexStore(root), procs=1)
    return root


@pytest.fixture(scope="module")
def engine(index_root):
    return SearchEngine(index_root)


def test_a_typo_is_searched_corrected(engine):
    # "malku" is written nowhere; by its stem (mal + -ku) it finds the mall story.
    found = engine.search(SearchRequest("gempa malku"))
    assert found.corrected == "gempa maluku"
    assert [hit.id for hit in found.hits] == ["gempa-maluku", "maluku-mengungsi"]
    assert (found.query, found.suggestion) == ("gempa malku", None)
    assert found.to_dict()["corrected"] == "gempa maluku"


def test_exactly_as_typed_on_request(engine):
    found = engine.search(SearchRequest("gempa malku", correct=False))
    assert (found.corrected, [hit.id for hit in found.hits]) == (None, ["mal-gempa"])


def test_a_word_the_index_knows_is_not_corrected(engine):
    found = engine.search(SearchRequest("gempa mal"))
    assert (found.corrected, [hit.id for hit in found.hits]) == (None, ["mal-gempa"])


def test_the_page_and_the_json_say_what_was_searched(index_root):
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(index_root)}).test_client()
    data = client.get("/api/search?q=gempa+malku").get_json()
    assert (data["query"], data["corrected"]) == ("gempa malku", "gempa maluku")
    assert [hit["id"] for hit in data["hits"]] == ["gempa-maluku", "maluku-mengungsi"]
    exact = client.get("/api/search?q=gempa+malku&correct=false").get_json()
    assert (exact["corrected"], [h["id"] for h in exact["hits"]]) == (None, ["mal-gempa"])
    assert client.get("/api/search?q=gempa&correct=maybe").status_code == 400
    page = client.get("/?q=gempa+malku").get_data(as_text=True)
    assert "Menampilkan hasil untuk" in page
    assert "<em>gempa maluku</em>" in page
    assert 'href="/?q=gempa+malku&amp;correct=false"' in page
