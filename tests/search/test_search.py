"""Queries over the fixture corpus with their exact expected rankings."""

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from search.engine import IndexUnavailable, SearchEngine
from search.evaluation.ranking import DEFAULT_RANKING
from search.language.request import SearchRequest

WIB = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def engine(index_dir):
    return SearchEngine(index_dir)


def search(engine, text, **kw):
    return engine.search(SearchRequest(text, **kw))


FLOOD = ["bekasi-kebanjiran", "banjir-utara", "musim-hujan", "uji-html"]


def ids(engine, text, **kw):
    return [hit.id for hit in search(engine, text, **kw).hits]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("banjir", "banjir-utara"),
        ("kebanjiran", "bekasi-kebanjiran"),
        ("membanjiri", "bekasi-kebanjiran"),
    ],
)
def test_stemming_finds_every_form_the_exact_word_first(engine, text, first):
    # Every form finds all four; the article with the very word typed comes first.
    found = ids(engine, text)
    assert found[0] == first
    assert found == [first, *[i for i in FLOOD if i != first]]


def test_the_articles_with_every_word_come_first(engine):
    # Two articles have both words; fewer than ten, so those with one follow, said so.
    result = search(engine, "banjir jakarta")
    assert [(hit.id, hit.partial) for hit in result.hits] == [
        ("banjir-utara", False),
        ("musim-hujan", False),
        ("macet-jakarta", True),
        ("bekasi-kebanjiran", True),
        ("uji-html", True),
    ]
    assert (result.total, result.full, result.relaxed) == (5, 2, True)
    assert max(h.score for h in result.hits[2:]) < min(h.score for h in result.hits[:2])


def test_a_full_page_of_articles_with_every_word_is_not_filled(index_dir):
    # As many full matches as ``fill`` asks for (ten by default; two here): only they.
    filled = SearchEngine(index_dir, ranking=replace(DEFAULT_RANKING, fill=2))
    result = filled.search(SearchRequest("banjir jakarta"))
    assert [(hit.id, hit.partial) for hit in result.hits] == [
        ("banjir-utara", False),
        ("musim-hujan", False),
    ]
    assert (result.total, result.full, result.relaxed) == (2, 2, False)


def test_inflection_in_query(engine):
    assert ids(engine, "pembahasan anggaran") == ["menteri-anggaran"]


def test_reduplication_and_decimal_numbers(engine):
    assert ids(engine, "kupu-kupu") == ["taman-kupu"]
    assert ids(engine, "1,5 meter") == ["bekasi-kebanjiran"]


def test_a_query_of_stop_words_only_requires_them_all(engine):
    # Stop words are indexed; with nothing else in the query they are the query.
    result = search(engine, "yang dan di")
    assert result.total == 10
    assert [hit.id for hit in result.hits[:3]] == [
        "txt-2a800dad914dff1d",
        "musim-hujan",
        "bekasi-kebanjiran",
    ]


def test_paging(engine):
    first = search(engine, "banjir", page=1, per_page=3)
    second = search(engine, "banjir", page=2, per_page=3)
    assert (first.total, second.total) == (4, 4)
    assert [h.id for h in first.hits] == ["banjir-utara", "bekasi-kebanjiran", "musim-hujan"]
    assert [h.id for h in second.hits] == ["uji-html"]
    assert search(engine, "banjir", page=3, per_page=3).hits == []


@pytest.mark.parametrize(
    ("sort", "pages"),
    [
        ("relevance", [["banjir-utara", "musim-hujan"], ["macet-jakarta", "bekasi-kebanjiran"]]),
        # By date within each part: bekasi-kebanjiran (16 Sept) is newer than banjir-utara
        # (31 July) but lacks "jakarta", so it comes after both full matches.
        ("newest", [["musim-hujan", "banjir-utara"], ["bekasi-kebanjiran", "macet-jakarta"]]),
        ("oldest", [["banjir-utara", "musim-hujan"], ["uji-html", "macet-jakarta"]]),
    ],
)
def test_pages_continue_one_order_full_matches_first(engine, sort, pages):
    results = [search(engine, "banjir jakarta", page=n, per_page=2, sort=sort) for n in (1, 2, 3)]
    assert [r.total for r in results] == [5, 5, 5]
    assert [r.full for r in results] == [2, 2, 2]
    assert [[h.id for h in r.hits] for r in results[:2]] == pages
    shown = [h.id for r in results for h in r.hits]
    assert sorted(shown) == sorted(
        ["banjir-utara", "musim-hujan", "macet-jakarta", "bekasi-kebanjiran", "uji-html"]
    )
    assert [h.partial for r in results for h in r.hits] == [False, False, True, True, True]


def test_hit_shape(engine):
    (hit,) = search(engine, "gempa maluku").hits
    data = hit.to_dict()
    assert list(data) == [
        "id",
        "title",
        "url",
        "source",
        "category",
        "author",
        "published",
        "snippet",
        "title_html",
        "score",
        "group",
        "similar",
        "partial",
    ]
    assert (data["id"], data["partial"]) == ("gempa-maluku", False)
    assert data["published"] == "2019-09-13T06:05:00+07:00"  # 08:05 WIT
    assert hit.published == datetime(2019, 9, 13, 6, 5, tzinfo=WIB)
    assert data["title_html"] == (
        '<mark class="hl term0">Gempa</mark> Magnitudo 5,2 Guncang '
        '<mark class="hl term1">Maluku</mark>'
    )
    assert data["snippet"] == (
        '<mark class="hl term0">Gempa</mark> berkekuatan magnitudo 5,2 mengguncang '
        '<mark class="hl term1">Maluku</mark> pada Kamis pagi. Tidak ada laporan kerusakan'
    )


def test_snippet_highlights_stemmed_matches(engine):
    hit, *partial = search(engine, "kebanjiran bekasi").hits
    assert (hit.id, [h.id for h in partial]) == (
        "bekasi-kebanjiran",
        ["banjir-utara", "musim-hujan", "uji-html"],
    )
    assert '<mark class="hl term0">membanjiri</mark>' in hit.snippet.replace("term1", "term0")


def test_snippet_escapes_article_html(engine):
    (hit,) = search(engine, "desa").hits
    assert hit.id == "uji-html"
    assert hit.snippet == (
        'img src=x onerror=alert(2)&gt; tentang banjir di <mark class="hl term0">desa</mark>'
    )


def test_kalahkan_meets_mengalahkan(engine):
    # meN- before k drops the k: plain Snowball made "mengalahkan" "alah", never "kalah".
    (hit,) = search(engine, "kalahkan").hits
    assert hit.id == "timnas-menang"
    assert hit.snippet == (
        'Timnas Indonesia <mark class="hl term0">mengalahkan</mark> Malaysia dengan skor 3-2 '
        "di Stadion Utama Gelora"
    )


def test_lead_is_escaped_and_cut_at_a_word(engine):
    hit, partial = search(engine, "uji judul").hits
    assert [(h.id, h.partial) for h in (hit, partial)] == [
        ("uji-html", False),
        ("tanpa-judul", True),
    ]
    assert hit.snippet == (
        "Isi berita dengan &lt;b&gt;tag&lt;/b&gt; &amp; &lt;img src=x onerror=alert(2)&gt; "
        "tentang banjir di desa."
    )


def test_missing_index_is_reported(tmp_path):
    with pytest.raises(IndexUnavailable):
        SearchEngine(tmp_path / "nothing").search(SearchRequest("banjir"))
