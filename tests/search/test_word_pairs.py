"""Suggestions that follow what was typed: word pairs from titles and leads, exact lists."""

from __future__ import annotations

import json

import pytest

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.state.vocabulary import Vocabulary
from search.state.word_pairs import FOLLOWERS_KEPT, WordPairs

# "masyarakat" and "memiliki" are the most used words starting with "m", "ibunya"
# and "ibadah" with "ib", "berhasil" and "badan" with "b"; what follows "sri",
# "pemindahan" and "kota" in the articles is something else.
ARTICLES = [
    {
        "id": "a1",
        "title": "Sri Mulyani Bahas Pemindahan Ibu Kota",
        "body": "Masyarakat memiliki ibadah.",
    },
    {"id": "a2", "title": "Menteri Sri Mulyani di Bandung", "body": "Masyarakat memiliki ibunya."},
    {
        "id": "a3",
        "title": "Rencana Pemindahan Ibu Kota Baru",
        "body": "Masyarakat berhasil. Badan ibadah.",
    },
    {
        "id": "a4",
        "title": "Ibu Kota Baru Dibangun",
        "body": "Masyarakat memiliki badan, berhasil ibunya.",
    },
    {
        "id": "a5",
        "title": "Ibu Kota Bandung Banjir",
        "body": "Sri Maharani berhasil. Badan ibadah.",
    },
    {
        "id": "a6",
        "title": "Warga Kota Bekasi",
        "body": "Masyarakat memiliki kota. Badan berhasil ibunya.",
    },
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pairs")
    source = folder / "articles.jsonl"
    rows = [{**a, "date": "2019-09-0" + a["id"][1]} for a in ARTICLES]
    source.write_text("\n".join(json.dumps(a) for a in rows), encoding="utf-8")
    store = IndexStore(folder / "index")
    build([source], store)
    engine = SearchEngine(store.root)
    yield engine
    engine.close()


def words(engine, text: str) -> list[str]:
    return [s.text for s in engine.suggest(text) if s.kind == "word"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sri m", ["sri mulyani", "sri masyarakat", "sri memiliki", "sri maharani", "sri menteri"]),
        # "ibu" is followed by "kota" each time: the completion goes on with it.
        (
            "ibu kota b",
            [
                "ibu kota baru",
                "ibu kota badan",
                "ibu kota berhasil",
                "ibu kota bandung",
                "ibu kota bahas",
                "ibu kota banjir",
                "ibu kota bekasi",
            ],
        ),
        # "warga kota" is seen once, too few: the most used words starting with "m".
        (
            "warga m",
            [
                "warga masyarakat",
                "warga memiliki",
                "warga mulyani",
                "warga maharani",
                "warga menteri",
            ],
        ),
        ("m", ["masyarakat", "memiliki", "mulyani", "maharani", "menteri"]),
    ],
)
def test_suggestions_follow_the_word_before(engine, text, expected):
    assert [(s.text, s.kind) for s in engine.suggest(text)] == [(w, "word") for w in expected]


def test_a_continuation_comes_first_and_titles_holding_it_after(engine):
    # Every word is indexed, "ibu" included, so the titles holding the words are found too.
    assert [(s.text, s.kind) for s in engine.suggest("pemindahan ib")] == [
        ("pemindahan ibu kota", "word"),
        ("pemindahan ibadah", "word"),
        ("pemindahan ibunya", "word"),
        ("Rencana Pemindahan Ibu Kota Baru", "title"),
        ("Sri Mulyani Bahas Pemindahan Ibu Kota", "title"),
    ]


def test_titles_still_follow_the_words(engine):
    assert [s.to_dict() for s in engine.suggest("sri mul")] == [
        {"text": "sri mulyani", "kind": "word"},
        {"text": "Menteri Sri Mulyani di Bandung", "kind": "title", "id": "a2"},
        {"text": "Sri Mulyani Bahas Pemindahan Ibu Kota", "kind": "title", "id": "a1"},
    ]


def test_pairs_stop_at_sentence_and_clause_breaks_and_keep_those_seen_twice():
    pairs = WordPairs.from_texts(
        ["Presiden Joko Widodo (Jokowi) tiba.", "Joko Widodo, Jokowi; presiden joko widodo", "a b"]
    )
    assert pairs.followers == {"presiden": [("joko", 2)], "joko": [("widodo", 3)]}
    assert pairs.totals == {"presiden": 2, "joko": 3}
    assert pairs.follow("presiden", "jo", 5) == ["joko widodo"]
    assert pairs.follow("presiden", "x", 5) == []
    assert pairs.follow("tiba", "", 5) == []


def test_followers_most_seen_first_and_bounded():
    texts = [f"awal kata{n:03d}" for n in range(FOLLOWERS_KEPT + 5) for _ in range(2 + n)]
    pairs = WordPairs.from_texts(texts)
    kept = pairs.followers["awal"]
    assert [w for w, _ in kept] == [f"kata{n:03d}" for n in range(FOLLOWERS_KEPT + 4, 4, -1)]
    assert pairs.follow("awal", "kata", 2) == [
        f"kata{FOLLOWERS_KEPT + 4:03d}",
        f"kata{FOLLOWERS_KEPT + 3:03d}",
    ]


def test_a_completion_goes_on_only_while_one_next_word_dominates():
    texts = ["pemindahan ibu kota negara"] * 2 + ["ibu kota jakarta"] * 3 + ["ibu rumah"] * 2
    pairs = WordPairs.from_texts(texts)
    # "kota" follows "ibu" 5 times in 7; after "kota", "negara" 2 in 5, "jakarta" 3 in 5.
    assert pairs.follow("pemindahan", "ib", 3) == ["ibu kota jakarta"]
    assert pairs.follow("ibu", "", 3) == ["kota jakarta", "rumah"]
    # A stop word never ends a completion it was not typed into: "baru" is one.
    assert WordPairs.from_texts(["kota baru"] * 2 + ["ibu kota"] * 2).follow("ibu", "k", 1) == [
        "kota"
    ]


def test_completion_takes_the_alphabetically_first_of_equally_used_words_at_the_cut():
    vocabulary = Vocabulary({"mc": 1, "mb": 1, "ma": 1, "md": 5, "me": 1, "n": 9})
    assert vocabulary.complete("m", 3) == ["md", "ma", "mb"]
    assert vocabulary.complete("m", 9) == ["md", "ma", "mb", "mc", "me"]
    assert vocabulary.complete("m", 3) == ["md", "ma", "mb"]  # kept, the same
