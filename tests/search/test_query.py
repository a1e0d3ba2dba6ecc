"""The query language over the fixture corpus: exact ids in exact order."""

from datetime import date

import pytest

from search.engine import SearchEngine
from search.language.request import SearchRequest


@pytest.fixture(scope="module")
def engine(index_dir):
    return SearchEngine(index_dir)


# "banjir" exactly (banjir-utara) ranks above "kebanjiran" matched by its stem.
FLOOD = ["banjir-utara", "bekasi-kebanjiran", "musim-hujan", "uji-html"]
# The articles with "banjir" or "jakarta" alone, below those with both.
PARTIAL = ["|", "macet-jakarta", "bekasi-kebanjiran", "uji-html"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"jakarta utara"', ["banjir-utara"]),
        ('"banjir jakarta"', []),  # the body says "banjir di Jakarta": exact words, "di" too
        ('"banjir di jakarta"', ["musim-hujan"]),
        ("“jakarta utara”", ["banjir-utara"]),
        ("banjir -jakarta", ["bekasi-kebanjiran", "uji-html"]),
        ("banjir TIDAK jakarta", ["bekasi-kebanjiran", "uji-html"]),
        ("banjir NOT jakarta", ["bekasi-kebanjiran", "uji-html"]),
        ("gempa OR kebakaran", ["hutan-riau", "gempa-maluku"]),
        ("gempa ATAU kebakaran", ["hutan-riau", "gempa-maluku"]),
        # Fewer than ten full matches: the partial ones follow, after "|" here.
        ("banjir DAN jakarta", ["banjir-utara", "musim-hujan", *PARTIAL]),
        (
            "banjir jakarta OR bekasi",
            ["bekasi-kebanjiran", "banjir-utara", "musim-hujan", "|", "macet-jakarta", "uji-html"],
        ),
        ("(banjir OR gempa) -sumber:kompas", ["gempa-maluku", "musim-hujan", "uji-html"]),
        ("title:banjir", ["bekasi-kebanjiran", "banjir-utara"]),
        ("judul:jakarta", ["macet-jakarta", "banjir-utara"]),
        ('title:"musim hujan"', ["musim-hujan"]),
        ("banjir source:kompas.com", ["banjir-utara", "bekasi-kebanjiran"]),
        ("banjir sumber:Kompas", ["banjir-utara", "bekasi-kebanjiran"]),
        ("jakarta source:(tempo.co OR okezone.com)", ["macet-jakarta", "musim-hujan"]),
        # The outlets still hold for the partial matches.
        (
            "banjir jakarta source:(kompas.com OR tempo.co)",
            ["banjir-utara", "|", "macet-jakarta", "bekasi-kebanjiran"],
        ),
        ("banjir category:news", ["musim-hujan"]),
        ("kategori:tv", ["uji-html"]),
        ("banjir tanggal:2019-09", ["bekasi-kebanjiran"]),
        ("banjir -tanggal:2019-09", ["banjir-utara", "musim-hujan", "uji-html"]),
        ("banjir tanggal:2019-07-31..2019-08-01", ["banjir-utara", "uji-html"]),
        ("banjir dari:2019-08-01 sampai:2019-09-30", ["bekasi-kebanjiran", "uji-html"]),
        ("tanggal:2019-08-01", ["uji-html", "tanpa-judul"]),  # 00:00 WIB is 31 July in UTC
        ('"banjir', FLOOD),
        ("banjir -", FLOOD),
        ("banjir title:", FLOOD),
        ("banjir (", FLOOD),
        ("title:", []),
        ("id:banjir-utara", []),
        ("url:banjir", []),
        ("published:2019", []),
        # Only common words: then they are the query, all required; no article has all
        # three, so those with some of them are shown, every one partial.
        (
            "dan atau tidak",
            ["|", "txt-2a800dad914dff1d", "gempa-maluku", "musim-hujan", "bekasi-kebanjiran"],
        ),
    ],
)
def test_query_language(engine, text, expected):
    result = engine.search(SearchRequest(text))
    full = [hit.id for hit in result.hits if not hit.partial]
    partial = [hit.id for hit in result.hits if hit.partial]
    assert ([*full, "|", *partial] if partial else full) == expected
    assert (result.total, result.full) == (len(result.hits), len(full))
    assert result.relaxed is bool(partial)


def test_excluding_alone_finds_the_rest(engine):
    result = engine.search(SearchRequest("-banjir -gempa", per_page=20))
    assert result.total == 8  # 13 articles (one with an id derived from its text), 5 excluded
    assert {h.id for h in result.hits}.isdisjoint(FLOOD + ["gempa-maluku"])


def test_empty_query_with_a_filter_browses(engine):
    result = engine.search(SearchRequest("", sources=("tempo.co",), sort="newest"))
    assert [h.id for h in result.hits] == ["menteri-anggaran", "macet-jakarta"]


def test_query_dates_and_request_dates_both_apply(engine):
    request = SearchRequest("banjir tanggal:2019-07..2019-08", sort="oldest")
    assert [h.id for h in engine.search(request).hits] == ["banjir-utara", "uji-html"]
    narrowed = SearchRequest("banjir tanggal:2019-07..2019-08", date_from=date(2019, 8, 1))
    assert [h.id for h in engine.search(narrowed).hits] == ["uji-html"]


def test_excluded_and_filter_words_are_not_highlighted(engine):
    (hit,) = engine.search(SearchRequest("banjir -jakarta source:wowkeren")).hits
    assert hit.snippet.count("<mark") == 1
