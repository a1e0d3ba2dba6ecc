"""Far-off dates in the index (9999, 1000, year 1), as an older import let through:
search, the chart, the histogram and ``index stats`` keep answering, the chart's
axis spans the live, plausibly dated articles, and no axis has too many periods."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from index.stats import index_stats
from index.store import IndexStore
from index.writer import build, delete
from search.evaluation.timeline import MAX_BUCKETS, fitting_interval, period_days, timeline
from search.presentation.results import FacetValue
from tests.conftest import ARTICLES
from web import create_app
from web.chart import interval_for, period

# What the fixture corpus's "banjir" gives per month over its span (5 July to 1 October 2019).
FIXTURE_HISTOGRAM = {
    "query": "banjir",
    "interval": "month",
    "first": "2019-07-05",
    "last": "2019-10-01",
    "buckets": [
        {"value": "2019-07", "count": 1},
        {"value": "2019-08", "count": 1},
        {"value": "2019-09", "count": 1},
        {"value": "2019-10", "count": 1},
    ],
}
FAR = {
    "far": datetime(9999, 12, 30, 3),  # 30 December 9999, 10:00 WIB
    "edge": datetime(9999, 12, 31, 20),  # 1 January 10000 in WIB: past any date
    "old": datetime(1000, 1, 1, 3),
    "zero": datetime(1, 1, 1),  # the first instant a datetime holds: raw value 0
}


def add_with_whoosh(store: IndexStore, dates: dict[str, datetime]) -> None:
    """Articles written into the live index by Whoosh's own writer, with no check of their date."""
    ix = whoosh_index.open_dir(str(store.current()))
    writer = ix.writer()
    for name, when in dates.items():
        writer.add_document(
            id=name,
            title=f"Banjir {name}",
            body=f"Banjir pada kalender {name}",
            published=when,
            source="jauh.com",
            category="Aneh",
        )
    writer.commit()
    ix.close()


def store_with(tmp_path: Path, names: list[str]) -> IndexStore:
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store)
    add_with_whoosh(store, {name: FAR[name] for name in names})
    return store


def client_of(store: IndexStore):
    return create_app({"TESTING": True, "INDEX_DIR": str(store.root)}).test_client()


def chart_of(page: str) -> str:
    return page[page.index('<figure class="timeline"') : page.index("</figure>")]


@pytest.mark.parametrize("names", [["far"], ["edge"], ["old"], ["zero"], list(FAR)])
def test_far_off_dates_leave_the_page_and_the_histogram_on_the_corpus_span(tmp_path, names):
    client = client_of(store_with(tmp_path, names))
    histogram = client.get("/api/histogram?q=banjir")
    assert histogram.status_code == 200
    assert histogram.get_json() == FIXTURE_HISTOGRAM
    page = client.get("/?q=banjir")
    assert page.status_code == 200
    chart = chart_of(page.get_data(as_text=True))
    # The fixture corpus's 14 weeks from Monday 1 July 2019, whatever else the index holds.
    assert chart.count('<rect class="bar') == 14
    assert "Artikel yang cocok per minggu, 1 Juli 2019 – 6 Oktober 2019" in chart
    assert client.get("/healthz").status_code == 200


def test_far_off_articles_are_still_found_sorted_and_counted(tmp_path):
    client = client_of(store_with(tmp_path, list(FAR)))
    response = client.get("/api/search?q=kalender&sort=newest&facets=month,week")
    assert response.status_code == 200
    data = response.get_json()
    assert [(hit["id"], hit["published"]) for hit in data["hits"]] == [
        ("edge", "9999-12-31T23:59:59.999999+07:00"),
        ("far", "9999-12-30T10:00:00+07:00"),
        ("old", "1000-01-01T10:00:00+07:00"),
        ("zero", "0001-01-01T07:00:00+07:00"),
    ]
    assert data["facets"] == {
        "month": [
            {"value": "0001-01", "count": 1},
            {"value": "1000-01", "count": 1},
            {"value": "9999-12", "count": 2},
        ],
        "week": [
            {"value": "0001-01-01", "count": 1},
            {"value": "0999-12-30", "count": 1},  # the Monday before 1 January 1000
            {"value": "9999-12-27", "count": 2},
        ],
    }
    page = client.get("/?q=kalender&sort=newest")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "31 Desember 9999" in text
    assert '<figure class="timeline"' not in text  # no match within the corpus's span
    dated = client.get("/api/search?q=kalender&from=9999-12-01&to=9999-12-31&sort=newest&facets=")
    assert [hit["id"] for hit in dated.get_json()["hits"]] == ["edge", "far"]
    feed = client.get("/feed?q=kalender")
    assert feed.status_code == 200
    assert "<published>9999-12-31T23:59:59.999999+07:00</published>" in feed.get_data(as_text=True)
    article = client.get("/articles/edge")
    assert article.status_code == 200
    assert "31 Desember 9999" in article.get_data(as_text=True)


def test_index_stats_with_far_off_dates(tmp_path):
    stats = index_stats(store_with(tmp_path, list(FAR))).to_dict()
    assert (stats["first_published"], stats["last_published"], stats["undated"]) == (
        "0001-01-01T07:00:00+07:00",
        "9999-12-31T23:59:59.999999+07:00",
        1,
    )


def test_the_span_counts_live_articles_only(tmp_path):
    store = IndexStore(tmp_path / "index")
    early = tmp_path / "early.jsonl"
    record = {"id": "awal", "body": "Banjir lama", "published": "1990-01-02T10:00:00+07:00"}
    early.write_text(json.dumps(record) + "\n", encoding="utf-8")
    build([ARTICLES, early], store)
    client = client_of(store)
    assert client.get("/api/histogram?q=banjir").get_json()["first"] == "1990-01-02"
    delete(["awal"], store)  # marked deleted in its segment, still there
    histogram = client_of(store).get("/api/histogram?q=banjir")
    assert histogram.status_code == 200
    assert histogram.get_json() == FIXTURE_HISTOGRAM


def test_a_long_span_is_charted_per_year_and_weeks_give_way_to_months(tmp_path):
    store = IndexStore(tmp_path / "index")
    early = tmp_path / "early.jsonl"
    record = {"id": "awal", "body": "Banjir lama", "published": "1950-06-01T10:00:00+07:00"}
    early.write_text(json.dumps(record) + "\n", encoding="utf-8")
    build([ARTICLES, early], store)
    client = client_of(store)
    weeks = client.get("/api/histogram?q=banjir&interval=week").get_json()
    assert (weeks["interval"], weeks["first"], weeks["last"]) == (
        "month",
        "1950-06-01",
        "2019-10-01",
    )
    assert len(weeks["buckets"]) == (2019 - 1950) * 12 + 5  # June 1950 to October 2019
    years = client.get("/api/histogram?q=banjir&interval=year").get_json()
    assert years["buckets"][0] == {"value": "1950", "count": 1}
    assert years["buckets"][-1] == {"value": "2019", "count": 4}
    assert len(years["buckets"]) == 70
    chart = chart_of(client.get("/?q=banjir").get_data(as_text=True))
    assert chart.count('<rect class="bar') == 70
    assert "Artikel yang cocok per tahun, 1950 – 2019" in chart
    assert '<tr><th scope="row">1950</th><td>1</td><td>100%</td></tr>' in chart


def test_periods_near_the_ends_of_the_calendar():
    assert timeline([], date(9999, 12, 31), date(9999, 12, 31), "week") == [
        FacetValue("9999-12-27", 0)
    ]
    assert timeline([], date(9999, 12, 1), date(9999, 12, 31), "month") == [
        FacetValue("9999-12", 0)
    ]
    assert timeline([], date(1, 1, 1), date(1, 2, 1), "month") == [
        FacetValue("0001-01", 0),
        FacetValue("0001-02", 0),
    ]
    assert period_days("9999-12-27", "week") == (date(9999, 12, 27), date(9999, 12, 31))
    assert period_days("9999-12", "month") == (date(9999, 12, 1), date(9999, 12, 31))
    assert period("9999", "year") == (date(9999, 1, 1), date(9999, 12, 31), "9999", "9999")
    assert period("9999-12", "month")[:3] == (
        date(9999, 12, 1),
        date(9999, 12, 31),
        "Desember 9999",
    )


def test_no_axis_has_more_than_the_cap():
    whole = timeline([FacetValue("9999", 3)], date(1, 1, 1), date(9999, 12, 31), "year")
    assert len(whole) == MAX_BUCKETS
    assert (whole[0], whole[-1]) == (FacetValue("8000", 0), FacetValue("9999", 3))
    span = (date(1900, 1, 1), date(2026, 12, 1))
    assert fitting_interval(span, "week") == "month"
    assert fitting_interval(span, "month") == "month"
    assert fitting_interval((date(1, 1, 1), date(9999, 12, 31)), "week") == "year"
    assert interval_for((date(2010, 1, 1), date(2019, 12, 31))) == "month"
    assert interval_for((date(2009, 12, 31), date(2019, 12, 31))) == "year"
