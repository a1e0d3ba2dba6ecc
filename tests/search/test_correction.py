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
    # Corrected, its two full matches first, then the mall story that has "gempa" alone.
    found = engine.search(SearchRequest("gempa malku"))
    assert found.corrected == "gempa maluku"
    assert [(hit.id, hit.partial) for hit in found.hits] == [
        ("gempa-maluku", False),
        ("maluku-mengungsi", False),
        ("mal-gempa", True),
    ]
    assert (found.total, found.full, found.relaxed) == (3, 2, True)
    assert (found.query, found.suggestion) == ("gempa malku", None)
    assert found.to_dict()["corrected"] == "gempa maluku"


# As typed, "gempa malku" has one full match (by the stem "mal"); the others follow.
AS_TYPED = [
    ("mal-gempa", False),
    ("mal-baru", True),  # idf coordination: "mal" (2 articles) weighs more than "gempa" (3)
    ("gempa-maluku", True),
    ("maluku-mengungsi", True),
]


def test_exactly_as_typed_on_request(engine):
    found = engine.search(SearchRequest("gempa malku", correct=False))
    assert (found.corrected, [(hit.id, hit.partial) for hit in found.hits]) == (None, AS_TYPED)
    # Suggested: the rule counts full matches (1 here, against 2 for the correction),
    # not the 4 that the partial matches make.
    assert (found.total, found.full, found.suggestion) == (4, 1, "gempa maluku")


def test_a_word_the_index_knows_is_not_corrected(engine):
    # "mal" is written as typed: searched as typed, nothing suggested, its partial
    # matches below its one full match.
    found = engine.search(SearchRequest("gempa mal"))
    assert (found.corrected, [(hit.id, hit.partial) for hit in found.hits]) == (None, AS_TYPED)
    assert (found.total, found.full, found.suggestion) == (4, 1, None)


def test_the_page_and_the_json_say_what_was_searched(index_root):
    from web import create_app

    client = create_app({"TESTING": True, "INDEX_DIR": str(index_root)}).test_client()
    data = client.get("/api/search?q=gempa+malku").get_json()
    assert (data["query"], data["corrected"]) == ("gempa malku", "gempa maluku")
    assert [(hit["id"], hit["partial"]) for hit in data["hits"]] == [
        ("gempa-maluku", False),
        ("maluku-mengungsi", False),
        ("mal-gempa", True),
    ]
    assert (data["total"], data["full_total"]) == (3, 2)
    exact = client.get("/api/search?q=gempa+malku&correct=false").get_json()
    shown = [(h["id"], h["partial"]) for h in exact["hits"]]
    assert (exact["corrected"], shown, exact["full_total"]) == (None, AS_TYPED, 1)
    assert client.get("/api/search?q=gempa&correct=maybe").status_code == 400
    page = client.get("/?q=gempa+malku").get_data(as_text=True)
    assert "Menampilkan hasil untuk" in page
    assert "<em>gempa maluku</em>" in page
    assert 'href="/?q=gempa+malku&amp;correct=false"' in page
