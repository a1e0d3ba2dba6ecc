"""Snippets from stored text: which fragments, which words marked, how escaped."""

from __future__ import annotations

from index.analysis import indonesian_analyzer
from search.snippets import WordTerms, highlight, snippet

WORDS = WordTerms(indonesian_analyzer())

TEXT = (
    "Pembukaan. "
    + "Kalimat pengisi tanpa kata dicari. " * 6
    + "Hujan deras membuat banjir di Bekasi. "
    + "Kalimat pengisi lain. " * 8
    + "Warga Bekasi kebanjiran lagi, banjir setinggi lutut."
)


def test_two_best_fragments_in_text_order_with_stemmed_matches():
    # The same fragments as Whoosh's ContextFragmenter(maxchars=120, surround=50) picks;
    # a word's class is its query term's (Whoosh numbered "kebanjiran" apart from "banjir").
    assert highlight(TEXT, WORDS, ["banjir", "bekasi"]) == (
        "pengisi tanpa kata dicari. Hujan deras membuat "
        '<mark class="hl term0">banjir</mark> di <mark class="hl term1">Bekasi</mark>. '
        "Kalimat pengisi lain. Kalimat pengisi lain. Kalimat pengisi"
        " … "
        "Kalimat pengisi lain. Kalimat pengisi lain. Warga "
        '<mark class="hl term1">Bekasi</mark> <mark class="hl term0">kebanjiran</mark> lagi, '
        '<mark class="hl term0">banjir</mark> setinggi lutut'
    )


def test_a_term_keeps_its_class_from_query_order():
    assert '<mark class="hl term1">banjir</mark>' in highlight(TEXT, WORDS, ["bekasi", "banjir"])


def test_no_match_gives_the_escaped_lead():
    assert snippet("<b>Berita</b> & lain-lain", WORDS, ["gempa"]) == (
        "&lt;b&gt;Berita&lt;/b&gt; &amp; lain-lain"
    )


def test_stop_words_are_never_marked():
    assert highlight("yang dan di", WORDS, ["yang"]) == ""
