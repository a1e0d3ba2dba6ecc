"""Snippets from stored text: which fragments, which words marked, how escaped."""

from __future__ import annotations

import gzip
import json

import pytest

from index.analysis import indonesian_analyzer
from index.ingest import BUNDLED_CORPUS
from search.presentation import snippets
from search.presentation.snippets import (
    CHAR_LIMIT,
    FRAGMENT_CHARS,
    SURROUND,
    WordTerms,
    fragments,
    highlight,
    snippet,
    words_of,
)

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


@pytest.mark.parametrize(
    ("body", "terms", "expected"),
    [
        ("- Juventus menuai hasil imbang.", ["gempa"], "Juventus menuai hasil imbang."),
        ("-,Mengejutkan, - kata warga.", [], "Mengejutkan, - kata warga."),
        (
            "- Hujan deras membuat banjir.",
            ["banjir"],
            'Hujan deras membuat <mark class="hl term0">banjir</mark>',
        ),
        ("Harga naik - lagi.", ["gempa"], "Harga naik - lagi."),  # a dash inside stays
    ],
)
def test_no_stray_leading_dash_in_a_snippet(body, terms, expected):
    assert snippet(body, WORDS, terms) == expected


def test_a_stop_word_is_marked_only_when_the_query_asks_for_it():
    # The light part of a query (search/language/matching.py) is never among the terms marked.
    assert highlight("yang dan di", WORDS, ["banjir"]) == ""
    marked = '<mark class="hl term0">yang</mark> dan di'
    assert highlight("yang dan di", WORDS, ["yang"]) == marked


def one_word_at_a_time(text: str, terms: set[str]) -> list[tuple[int, int, list]]:
    """The fragmenter as a plain loop over every word: the model ``fragments`` must equal."""
    found, before, current, countdown, length = [], [], None, 0, 0
    for match in WORDS.pattern.finditer(text):
        start, end = match.span()
        if end > CHAR_LIMIT:
            break
        term = WORDS(match.group())
        matched, size = term in terms, end - start
        if current is None and not matched:
            before = [b for b in [*before, start] if end - b <= SURROUND]
            continue
        if current is not None and length + size > FRAGMENT_CHARS:
            countdown = 0
        elif matched:
            countdown = SURROUND
            if current is None:
                current = [before[0] if before else start, end, []]
                countdown += 0 if before else SURROUND
            current[2].append((start, end, term))
        length, countdown, current[1] = length + size, countdown - size, end
        if countdown <= 0:
            found.append(tuple(current))
            current, before, length = None, [], 0
    return found + ([tuple(current)] if current else [])


@pytest.fixture(scope="module")
def bodies() -> list[str]:
    with gzip.open(BUNDLED_CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line).get("content") or "" for line in lines][::40]


@pytest.mark.parametrize("terms", [{"presiden"}, {"indonesia", "jakarta"}, {"banjir", "warga"}])
def test_fragments_equal_the_word_by_word_model(bodies, terms):
    fast = [[(f.start, f.end, f.matches) for f in fragments(b, WORDS, terms)] for b in bodies]
    model = [[(s, e, m) for s, e, m in one_word_at_a_time(b, terms)] for b in bodies]
    assert sum(map(len, model)) > 50
    assert fast == model


@pytest.mark.parametrize("terms", [{"presiden"}, {"banjir", "warga"}])
def test_fragments_from_an_article_s_kept_words_equal_the_model(bodies, terms):
    words = WordTerms(indonesian_analyzer())
    for _ in range(2):  # the first time its words are found, the second they are kept
        kept = [fragments(b, words, terms, found=words.article(n, b)) for n, b in enumerate(bodies)]
        fast = [[(f.start, f.end, f.matches) for f in found] for found in kept]
        assert fast == [one_word_at_a_time(b, terms) for b in bodies]


def test_the_last_articles_shown_keep_their_words(monkeypatch):
    monkeypatch.setattr(snippets, "ARTICLES_KEPT", 2)
    words = WordTerms(indonesian_analyzer())
    first = words.article(1, "Banjir di Jakarta")
    assert words.article(1, "Banjir di Jakarta") is first
    assert (list(first.starts), list(first.ends), first.terms) == (
        [0, 7, 10],
        [6, 9, 17],
        ["banjir", "di", "jakarta"],
    )
    words.article(2, "Gempa")
    words.article(3, "Warga")
    assert words.article(1, "Banjir di Jakarta") is not first  # dropped, found again
    assert snippet("Banjir di Jakarta", words, ["jakarta"], 1) == (
        'Banjir di <mark class="hl term0">Jakarta</mark>'
    )


def test_a_word_cut_by_the_char_limit_is_left_out():
    text = "banjir " * 3 + "banjirnya"  # cut at the limit it would read "banjir"
    limit = len(text) - 3
    assert [f.matches for f in fragments(text, WORDS, {"banjir"}, limit)] == [
        [(0, 6, "banjir"), (7, 13, "banjir"), (14, 20, "banjir")]
    ]


def test_words_analysed_together_get_the_terms_they_get_one_by_one():
    words = ["Hujan", "di", "anak-anak", "17,5", "Kebanjiran", "YANG", "covid-19", "menteri"]
    together = WordTerms(indonesian_analyzer()).terms(words)
    one_by_one = WordTerms(indonesian_analyzer())
    expected = {
        "Hujan": "hujan",
        "di": "di",
        "anak-anak": "anak",
        "17,5": "17,5",
        "Kebanjiran": "banjir",
        "YANG": "yang",
        "covid-19": "covid-19",
        "menteri": "menteri",
    }
    assert together == {w: one_by_one(w) for w in words} == expected


def test_words_split_by_the_pattern_equal_words_matched_one_by_one(bodies):
    split, matched = WordTerms(indonesian_analyzer()), WordTerms(indonesian_analyzer())
    matched.splitter = None  # as for a tokenizer pattern with groups of its own
    for limit in (CHAR_LIMIT, 300):
        for body in bodies:
            a, b = words_of(body, split, limit), words_of(body, matched, limit)
            assert (a.starts, a.ends, a.terms) == (b.starts, b.ends, b.terms)


def test_short_texts_split_without_numpy_give_the_same_words(bodies, monkeypatch):
    texts = [body[:n] for body in bodies[:100] for n in (0, 1, 37, 120, 399, 400)]
    plain = [words_of(text, WORDS, len(text) + 1) for text in texts]
    monkeypatch.setattr(snippets, "SHORT_TEXT", -1)  # every text through numpy
    with_numpy = [words_of(text, WORDS, len(text) + 1) for text in texts]
    assert [(list(w.starts), list(w.ends), w.terms) for w in plain] == [
        (list(w.starts), list(w.ends), w.terms) for w in with_numpy
    ]
    assert sum(len(w.terms) for w in plain) > 5000
