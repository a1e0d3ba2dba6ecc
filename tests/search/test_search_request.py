"""SearchRequest: order, filters and facets over the fixture corpus, exact ids and counts."""

from datetime import date

import pytest

from search.engine import SearchEngine
from search.language.request import SearchRequest


@pytest.fixture(scope="module")
def engine(index_dir):
    return SearchEngine(index_dir)


def ids(engine, q, **kw):
    return [hit.id for hit in engine.search(SearchRequest(q, **kw)).hits]


def test_relevance_is_the_default_order():
    assert SearchRequest("x").sort == "relevance"


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("relevance", ["banjir-utara", "bekasi-kebanjiran", "musim-hujan", "uji-html"]),
        ("newest", ["musim-hujan", "bekasi-kebanjiran", "uji-html", "banjir-utara"]),
        ("oldest", ["banjir-utara", "uji-html", "bekasi-kebanjiran", "musim-hujan"]),
    ],
)
def test_sorts(engine, sort, expected):
    assert ids(engine, "banjir", sort=sort) == expected


def test_sorted_hits_keep_their_relevance_score(engine):
    by_score = {h.id: h.score for h in engine.search(SearchRequest("banjir")).hits}
    by_date = {h.id: h.score for h in engine.search(SearchRequest("banjir", sort="newest")).hits}
    assert by_date == by_score


def test_source_filter_any_of_its_values(engine):
    assert ids(engine, "banjir", sources=("kompas.com",)) == ["banjir-utara", "bekasi-kebanjiran"]
    assert ids(engine, "banjir", sources=("Kompas.com", "wowkeren.com")) == [
        "banjir-utara",
        "bekasi-kebanjiran",
        "uji-html",
    ]


def test_category_filter_ignores_case_and_counts_right(engine):
    result = engine.search(SearchRequest("jakarta", categories=("nasional", "METRO")))
    assert [h.id for h in result.hits] == ["macet-jakarta", "banjir-utara"]
    assert result.total == 2


def test_filters_combine(engine):
    assert ids(engine, "banjir", sources=("kompas.com",), categories=("News",)) == []


def test_dates_are_wib_calendar_days(engine):
    # macet-jakarta: 12 Aug 2019 07:00 WIB, which is 00:00 UTC.
    assert ids(engine, "jakarta", date_from=date(2019, 8, 12), date_to=date(2019, 8, 12)) == [
        "macet-jakarta"
    ]
    assert ids(engine, "jakarta", date_to=date(2019, 8, 11)) == ["banjir-utara"]
    # uji-html: 1 Aug 2019 10:00 WIB; banjir-utara 31 Jul 15:57 WIB.
    assert ids(engine, "banjir", date_from=date(2019, 8, 1), date_to=date(2019, 9, 16)) == [
        "bekasi-kebanjiran",
        "uji-html",
    ]


def test_facets_only_when_asked(engine):
    assert engine.search(SearchRequest("banjir")).facets == {}
    result = engine.search(SearchRequest("banjir", facets=("category",)))
    assert list(result.to_dict()["facets"]) == ["category"]


def test_facet_counts(engine):
    facets = engine.search(SearchRequest("banjir", facets=("source", "category", "month")))
    assert facets.to_dict()["facets"] == {
        "source": [
            {"value": "kompas.com", "count": 2},
            {"value": "okezone.com", "count": 1},
            {"value": "wowkeren.com", "count": 1},
        ],
        "category": [
            {"value": "Nasional", "count": 2},
            {"value": "News", "count": 1},
            {"value": "TV", "count": 1},
        ],
        "month": [
            {"value": "2019-07", "count": 1},
            {"value": "2019-08", "count": 1},
            {"value": "2019-09", "count": 1},
            {"value": "2019-10", "count": 1},
        ],
    }


def test_a_filtered_facet_still_counts_its_other_values(engine):
    request = SearchRequest("banjir", sources=("kompas.com",), facets=("source", "category"))
    result = engine.search(request).to_dict()
    assert result["total"] == 2
    assert result["facets"] == {
        "source": [
            {"value": "kompas.com", "count": 2},
            {"value": "okezone.com", "count": 1},
            {"value": "wowkeren.com", "count": 1},
        ],
        "category": [{"value": "Nasional", "count": 2}],
    }


def test_month_is_the_wib_month(engine):
    # banjir-utara: 31 Jul 15:57 WIB; gempa-maluku 13 Sep 06:05 WIB (12 Sep 23:05 UTC).
    result = engine.search(SearchRequest("maluku OR utara", facets=("month",)))
    assert result.to_dict()["facets"]["month"] == [
        {"value": "2019-07", "count": 1},
        {"value": "2019-09", "count": 1},
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sort": "best"}, "sort must be one of relevance, newest, oldest"),
        ({"facets": ("year",)}, "unknown facets: year"),
        ({"page": 0}, "page and per_page must be 1 or more"),
    ],
)
def test_bad_requests_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        SearchRequest("banjir", **kwargs)


def test_dates_at_the_edges_of_the_calendar(engine):
    everything = ids(engine, "banjir")
    assert ids(engine, "banjir", date_from=date.min, date_to=date.max) == everything
    assert ids(engine, "banjir", date_to=date(9999, 12, 31)) == everything
    assert ids(engine, "banjir tanggal:9999") == []
    assert ids(engine, "banjir tanggal:0001..2019-07-31") == ["banjir-utara"]


def test_filters_that_exclude_everything_with_facets(engine):
    request = SearchRequest(
        "banjir", sources=("kompas.com",), categories=("News",), facets=("source", "category")
    )
    result = engine.search(request).to_dict()
    assert (result["total"], result["hits"]) == (0, [])
    assert result["facets"] == {
        "source": [{"value": "okezone.com", "count": 1}],
        "category": [{"value": "Nasional", "count": 2}],
    }


@pytest.mark.parametrize("facets", [(), ("source",)])
def test_a_filter_that_matches_nothing_counts_nothing(engine, facets):
    for request in (
        SearchRequest("banjir", sources=("nope.com",), facets=facets),
        SearchRequest("jakarta", sources=("kompas.com",), categories=("News",), facets=facets),
    ):
        result = engine.search(request)
        assert (result.total, result.hits) == (0, [])


def test_facets_follow_an_update_of_the_live_index(tmp_path):
    from datetime import datetime

    from whoosh import index as whoosh_index

    from index.store import IndexStore
    from index.writer import build
    from tests.conftest import ARTICLES

    store = IndexStore(tmp_path)
    build([ARTICLES], store)
    engine = SearchEngine(tmp_path)
    request = SearchRequest("banjir", facets=("source", "month"))
    before = engine.search(request).to_dict()["facets"]["source"]
    assert before[0] == {"value": "kompas.com", "count": 2}
    writer = whoosh_index.open_dir(str(store.current())).writer()
    writer.add_document(
        id="banjir-baru",
        title="Banjir Lagi",
        body="Banjir datang lagi.",
        source="kompas.com",
        category="Nasional",
        published=datetime(2019, 11, 1, 3, 0),
    )
    writer.commit()
    after = engine.search(request).to_dict()["facets"]
    assert after["source"][0] == {"value": "kompas.com", "count": 3}
    assert after["month"][-1] == {"value": "2019-11", "count": 1}
