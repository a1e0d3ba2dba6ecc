"""Highlights tell the truth: what matched is marked, and only where it matched.

A phrase (quoted, or a multi-word synonym) is marked where its words stand
together, not word by word all over the text; two neighbouring words of which
one is common are marked together where they stand together, the common word
alone never. Exact HTML.
"""

import json

import pytest

from index.analysis import indonesian_analyzer
from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.matching import Bound, neighbours
from search.language.request import SearchRequest
from search.language.syntax import Word
from search.presentation.snippets import WordTerms, highlight, matched_marks

WORDS = WordTerms(indonesian_analyzer())


def test_a_phrase_is_matched_only_where_its_words_stand_together():
    terms = ["menteri", "tahan", "bicara", "menteri", "tahan", "tahan"]
    assert matched_marks(terms, [("menteri", "tahan")]) == [
        ("menteri", "tahan"),
        ("menteri", "tahan"),
        None,
        ("menteri", "tahan"),
        ("menteri", "tahan"),
        None,
    ]
    # A term of its own is marked everywhere; inside a phrase matched, as the phrase.
    assert matched_marks(["ibu", "negara", "negara"], ["negara", ("ibu", "negara")]) == [
        ("ibu", "negara"),
        ("ibu", "negara"),
        "negara",
    ]


def test_highlight_marks_a_phrase_in_one_class():
    text = "Menteri Pertahanan menjenguk warga yang ditahan polisi."
    assert highlight(text, WORDS, ["jenguk", ("menteri", "tahan")]) == (
        '<mark class="hl term1">Menteri</mark> <mark class="hl term1">Pertahanan</mark> '
        '<mark class="hl term0">menjenguk</mark> warga yang ditahan polisi'
    )


ARTICLES = [
    (
        "menhan",
        "Menhan Tinjau Perbatasan",
        "Menteri Pertahanan meninjau pos perbatasan. Dua penyelundup ditahan petugas.",
    ),
    (
        "polri",
        "Polri Amankan Pelabuhan",
        "Kepolisian Negara Republik Indonesia menjaga pelabuhan terbesar di Indonesia.",
    ),
    ("ibu-negara", "Ibu Negara ke Posyandu", "Ibu Negara menyapa para ibu dan balita."),
    ("timnas", "Timnas Berlatih", "Tim nasional berlatih pagi. Tim lawan datang sore."),
    (
        "ibu-kota",
        "Ibu Kota Baru Disiapkan",
        "Kota lama sepi. Ibu kota baru ramai, gedung baru dibuka.",
    ),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("highlights")
    source = folder / "articles.jsonl"
    lines = [json.dumps({"id": i, "title": t, "body": b}) for i, t, b in ARTICLES]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build([source], IndexStore(folder / "index"), procs=1)
    return SearchEngine(folder / "index")


def snippets(engine, text):
    return {hit.id: hit.snippet for hit in engine.search(SearchRequest(text)).hits}


def test_an_expansion_is_marked_where_the_whole_expression_stands(engine):
    assert snippets(engine, "menhan") == {
        "menhan": '<mark class="hl term1">Menteri</mark> <mark class="hl term1">Pertahanan</mark>'
        " meninjau pos perbatasan. Dua penyelundup ditahan"
    }
    found = snippets(engine, "polri")["polri"]
    assert found == (
        # The second of polri's expressions (term2) matched; "Indonesia" alone is not marked.
        '<mark class="hl term2">Kepolisian</mark> <mark class="hl term2">Negara</mark> '
        '<mark class="hl term2">Republik</mark> <mark class="hl term2">Indonesia</mark> '
        "menjaga pelabuhan terbesar di Indonesia"
    )
    assert snippets(engine, "timnas")["timnas"] == (
        '<mark class="hl term1">Tim</mark> <mark class="hl term1">nasional</mark> berlatih pagi.'
        " Tim lawan datang sore"
    )


def test_a_common_word_is_marked_only_with_its_neighbour(engine):
    assert snippets(engine, "ibu negara") == {
        "ibu-negara": '<mark class="hl term1">Ibu</mark> <mark class="hl term1">Negara</mark>'
        " menyapa para ibu dan balita",
        "polri": 'Kepolisian <mark class="hl term0">Negara</mark> Republik Indonesia'
        " menjaga pelabuhan terbesar di Indonesia",
    }
    # A word alone is marked everywhere, each time it stands alone.
    assert snippets(engine, "tim")["timnas"] == (
        '<mark class="hl term0">Tim</mark> nasional berlatih pagi.'
        ' <mark class="hl term0">Tim</mark> lawan datang sore'
    )


def test_a_quoted_phrase_is_marked_where_it_stands(engine):
    assert snippets(engine, '"ibu negara"')["ibu-negara"] == (
        '<mark class="hl term0">Ibu</mark> <mark class="hl term0">Negara</mark>'
        " menyapa para ibu dan balita"
    )


def titles(engine, text):
    return {hit.id: hit.title_html for hit in engine.search(SearchRequest(text)).hits}


def test_titles_are_marked_as_truthfully_as_snippets(engine):
    assert titles(engine, "polri") == {
        "polri": '<mark class="hl term0">Polri</mark> Amankan Pelabuhan'
    }
    assert titles(engine, "ibu negara") == {
        "ibu-negara": '<mark class="hl term1">Ibu</mark> <mark class="hl term1">Negara</mark>'
        " ke Posyandu",
        "polri": "Polri Amankan Pelabuhan",
    }
    assert titles(engine, "tinjau perbatasan") == {
        "menhan": 'Menhan <mark class="hl term0">Tinjau</mark> '
        '<mark class="hl term1">Perbatasan</mark>'
    }


def test_a_common_word_beside_an_expression_is_marked_with_the_expressions_edge(engine):
    # `ibu kota` is an expression (a synonym of `ibukota`); `baru` pairs with its edge,
    # `kota`, and is marked where `kota baru` stands, not alone ("gedung baru").
    assert snippets(engine, "ibu kota baru") == {
        "ibu-kota": '<mark class="hl term1">Kota</mark> lama sepi.'
        ' <mark class="hl term0">Ibu</mark> <mark class="hl term3">kota</mark>'
        ' <mark class="hl term3">baru</mark> ramai, gedung baru dibuka'
    }
    assert titles(engine, "ibu kota baru") == {
        "ibu-kota": '<mark class="hl term0">Ibu</mark> <mark class="hl term3">Kota</mark>'
        ' <mark class="hl term3">Baru</mark> Disiapkan'
    }


def test_an_expressions_edges_pair_only_with_a_common_word_beside_them():
    ibu, kota = Bound(Word("ibu")), Bound(Word("kota"))
    # `pemindahan` is not common: no pair with the expression's `ibu`; `baru` is.
    assert neighbours([Word("pemindahan"), ibu, None, kota, Word("baru")]) == [("kota", "baru")]
    assert neighbours([Word("di"), ibu, None, kota]) == [("di", "ibu")]
    assert neighbours([ibu, None, kota], every=True) == []
