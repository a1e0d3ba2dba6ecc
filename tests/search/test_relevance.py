"""A small collection with known expected rankings: what the relevance work promises."""

import pytest

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("relevance-index")
    build([FIXTURES / "relevance.jsonl"], IndexStore(root))
    return SearchEngine(root)


def ids(engine, text, **kw):
    return [hit.id for hit in engine.search(SearchRequest(text, **kw)).hits]


def shown(engine, text):
    """The ids of the full matches, then "|" and those of the partial ones, if any."""
    hits = engine.search(SearchRequest(text)).hits
    full = [hit.id for hit in hits if not hit.partial]
    partial = [hit.id for hit in hits if hit.partial]
    assert [hit.id for hit in hits] == full + partial  # the full matches come first
    return [*full, "|", *partial] if partial else full


def test_minister_is_not_an_anchovy(engine):
    # Plain Snowball makes "menteri" "teri": a search for ministers found anchovies.
    assert ids(engine, "menteri", expand=False) == [
        "menteri-beri",  # the very word typed, in the title
        "kemhan-anggaran",  # "Kementerian" twice: a minister's ministry
        "menhan-kunjungi",
    ]
    assert ids(engine, "teri") == ["ikan-teri"]
    assert ids(engine, "ikan") == ["ikan-teri"]  # "berikan" is not ber+ikan


def test_abbreviation_finds_the_full_name_and_back(engine):
    assert ids(engine, "menhan") == ["menhan-kunjungi", "kemhan-anggaran"]
    assert ids(engine, "menhan", expand=False) == ["menhan-kunjungi"]
    assert ids(engine, "kemhan") == ["kemhan-rekrut", "kemhan-anggaran", "menhan-kunjungi"]
    assert ids(engine, "AS") == ["as-china"]
    assert ids(engine, "joko widodo") == ["widodo-pidato", "jokowi-resmikan"]
    assert ids(engine, "jokowi") == ["jokowi-resmikan", "widodo-pidato"]
    assert ids(engine, "jokowi", expand=False) == ["jokowi-resmikan"]


def test_exact_word_ranks_above_a_match_by_stem_only(engine):
    # The two Cawang articles differ in one word only: "kebanjiran" or "banjir".
    # Fewer than ten articles have both words: the floods without "genangan" follow.
    others = ["|", "kebanjiran-bekasi", "banjir-baru", "banjir-lama"]
    assert shown(engine, "genangan kebanjiran") == ["cawang-kebanjiran", "cawang-banjir", *others]
    assert shown(engine, "genangan banjir") == ["cawang-banjir", "cawang-kebanjiran", *others]


def test_equal_articles_newer_first(engine):
    assert shown(engine, "banjir kampung melayu") == [
        "banjir-baru",
        "banjir-lama",
        "|",
        "kebanjiran-bekasi",
        "cawang-banjir",
        "cawang-kebanjiran",
    ]


def test_no_dead_end_when_not_every_word_matches(engine):
    # No article has both words: the best partial matches, every one said so.
    strict = engine.search(SearchRequest("nelayan gempa"))
    assert (strict.relaxed, strict.total, strict.full) == (True, 2, 0)
    assert shown(engine, "nelayan gempa") == ["|", "menteri-beri", "ikan-teri"]
    assert (strict.to_dict()["relaxed"], strict.to_dict()["full_total"]) == (True, 0)
    # One has both: it comes first, the one with "nelayan" alone follows.
    found = engine.search(SearchRequest("nelayan bantuan"))
    assert (found.relaxed, found.total, found.full) == (True, 2, 1)
    assert shown(engine, "nelayan bantuan") == ["menteri-beri", "|", "ikan-teri"]
    nothing = engine.search(SearchRequest("gempa"))
    assert (nothing.relaxed, nothing.total) == (False, 0)


def test_api_expand_parameter(tmp_path_factory):
    from web import create_app

    root = tmp_path_factory.mktemp("relevance-api")
    build([FIXTURES / "relevance.jsonl"], IndexStore(root))
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    found = client.get("/api/search?q=menhan").get_json()
    assert [h["id"] for h in found["hits"]] == ["menhan-kunjungi", "kemhan-anggaran"]
    found = client.get("/api/search?q=menhan&expand=false").get_json()
    assert [h["id"] for h in found["hits"]] == ["menhan-kunjungi"]
    wrong = client.get("/api/search?q=menhan&expand=maybe")
    assert wrong.status_code == 400
    assert wrong.get_json()["error"]["code"] == "bad_parameter"


def test_a_quoted_phrase_asks_for_the_very_words(engine):
    # Unquoted, "kebanjiran" meets "banjir" by its stem; quoted, only the word as written counts.
    assert shown(engine, "rumah warga kebanjiran") == [
        "kebanjiran-bekasi",  # "Warga perumahan kebanjiran": perumahan meets rumah
        "cawang-kebanjiran",
        "cawang-banjir",
        "|",  # some of the three words
        "banjir-baru",
        "banjir-lama",
        "bendungan-bocor",
        "bank-bunga",
    ]
    assert ids(engine, '"rumah warga kebanjiran"') == ["cawang-kebanjiran"]
    assert ids(engine, '"rumah warga banjir"') == ["cawang-banjir"]


def test_an_expansion_adds_matches_below_the_word_typed(engine):
    # "Kemhan" once in a body outranks "Kementerian Pertahanan" in a title: the
    # expansion weighs a tenth of the typed word (Ranking.expansion_weight).
    assert ids(engine, "kemhan") == ["kemhan-rekrut", "kemhan-anggaran", "menhan-kunjungi"]
    assert ids(engine, "kemhan", expand=False) == ["kemhan-rekrut"]


def test_a_headline_outweighs_a_body_that_repeats_the_word(engine):
    # Title x3: a headline naming the dam ranks above a body saying "bendungan" five times.
    assert ids(engine, "bendungan") == ["jokowi-resmikan", "petani-menunggu", "bendungan-bocor"]


def test_a_prefixed_and_suffixed_word_meets_its_root(engine):
    # per-bank-an, not perban-kan (plain Snowball: "bankan").
    assert ids(engine, "perbankan") == ["bank-bunga"]
