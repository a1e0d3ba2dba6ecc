"""Very common words are indexed and count: optional and light, never dropped.

A tiny corpus where each expression has a decoy holding its words apart
(``tests/fixtures/common-words.jsonl``): the article with the very expression
must come first, and quoted phrases match their exact words, stop words included.
"""

import pytest

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("common-words-index")
    build([FIXTURES / "common-words.jsonl"], IndexStore(root), procs=1)
    return SearchEngine(root)


def ids(engine, text):
    return [hit.id for hit in engine.search(SearchRequest(text)).hits]


def full_then_partial(engine, text):
    """The ids of the articles with every required word, then of the partial matches."""
    hits = engine.search(SearchRequest(text)).hits
    full = [hit.id for hit in hits if not hit.partial]
    assert [hit.id for hit in hits[: len(full)]] == full  # the full matches come first
    return full, [hit.id for hit in hits if hit.partial]


@pytest.mark.parametrize(
    ("text", "full", "partial"),
    [
        # Two full matches: fewer than ten, so the articles with one of the words follow.
        ("tahun baru", ["tahun-baru", "tahun-lalu"], ["kota-baru-ibu", "ibu-kota-baru"]),
        ("masa depan", ["masa-depan", "masa-jabatan"], ["tahun-lalu"]),
        ("tanya jawab", ["tanya-jawab", "bertanya-menjawab"], []),
        ("ibu negara", ["ibu-negara", "kepala-negara"], []),
        ("dalam negeri", ["dalam-negeri", "luar-negeri"], []),
        ("luar negeri", ["luar-negeri", "dalam-negeri"], []),
        ("produk dalam negeri", ["dalam-negeri", "luar-negeri"], []),
    ],
)
def test_the_article_holding_the_expression_comes_first(engine, text, full, partial):
    assert full_then_partial(engine, text) == (full, partial)


def test_a_quoted_phrase_matches_its_very_words_stop_words_included(engine):
    assert ids(engine, '"ibu kota baru"') == ["ibu-kota-baru"]
    assert ids(engine, '"tahun baru"') == ["tahun-baru"]
    assert ids(engine, '"luar negeri"') == ["luar-negeri"]


def test_a_common_word_beside_others_is_optional_and_marked_with_its_neighbour(engine):
    # "ibu" is optional: "negara" alone finds both, and the expression ranks first.
    assert ids(engine, "negara") == ["kepala-negara", "ibu-negara"]
    found = engine.search(SearchRequest("ibu negara"))
    assert found.relaxed is False
    marked = (
        '<mark class="hl term1">Ibu</mark> <mark class="hl term1">Negara</mark> Iriana'
        " meninjau posyandu dan menyapa para balita"
    )
    assert found.hits[0].snippet == marked


def test_a_query_of_common_words_only_requires_them(engine):
    # Both words required for a full match; those with one follow, below it.
    assert full_then_partial(engine, "tahun depan") == (
        ["tahun-lalu"],
        ["tahun-baru", "masa-depan", "masa-jabatan"],
    )
    assert ids(engine, "yang") == []
