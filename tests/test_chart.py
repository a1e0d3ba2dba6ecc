"""The chart of matches over time: periods across the corpus's span, and bar geometry."""

from datetime import date

from search.engine import SearchEngine
from search.timeline import Period, corpus_span, monthly, months_between
from web.chart import HEIGHT, LABEL_SPACE, WIDTH, bar_chart


def test_corpus_span_is_the_first_and_last_day_in_wib(index_dir):
    assert corpus_span(SearchEngine(index_dir).searcher()) == (date(2019, 7, 5), date(2019, 10, 1))


def test_months_between_crosses_years():
    assert months_between(date(2019, 11, 30), date(2020, 2, 1)) == [
        "2019-11",
        "2019-12",
        "2020-01",
        "2020-02",
    ]


def test_monthly_fills_the_span_with_zeros():
    periods = monthly({"2019-08": 3}, (date(2019, 7, 5), date(2019, 9, 1)))
    assert periods == [
        Period("2019-07", "Juli 2019", 0),
        Period("2019-08", "Agustus 2019", 3),
        Period("2019-09", "September 2019", 0),
    ]


def test_bars_scale_to_the_largest_count():
    chart = bar_chart(
        [Period("2019-07", "Juli 2019", 2), Period("2019-08", "Agustus 2019", 0),
         Period("2019-09", "September 2019", 4), Period("2019-10", "Oktober 2019", 1)]
    )  # fmt: skip
    plot = HEIGHT - LABEL_SPACE
    assert [bar.bar_height for bar in chart.bars] == [plot / 2, 1.0, plot, plot / 4]
    assert [bar.y + bar.bar_height for bar in chart.bars] == [plot] * 4
    assert [bar.x for bar in chart.bars] == [
        0.5,
        WIDTH / 4 + 0.5,
        WIDTH / 2 + 0.5,
        WIDTH * 3 / 4 + 0.5,
    ]
    assert [bar.tick for bar in chart.bars] == ["Jul 19", "Agu 19", "Sep 19", "Okt 19"]
    assert (chart.first_label, chart.last_label) == ("Juli 2019", "Oktober 2019")


def test_no_chart_without_any_match():
    assert bar_chart([Period("2019-07", "Juli 2019", 0)]) is None
    assert bar_chart([]) is None


def test_the_page_draws_the_chart_with_an_accessible_table(client):
    page = client.get("/?q=banjir").get_data(as_text=True)
    chart = page[page.index('<figure class="timeline">') : page.index("</figure>")]
    assert chart.count('<rect class="bar"') == 4  # July to October 2019, one match each
    # A bar is a shortcut to its month's filter for a pointer; keyboards use the Bulan facet.
    assert '<a href="/?q=banjir&amp;from=2019-08-01&amp;to=2019-08-31" tabindex="-1">' in chart
    assert "Artikel yang cocok per bulan, Juli 2019 – Oktober 2019" in chart
    assert '<tr><th scope="row">Agustus 2019</th><td>1</td></tr>' in chart
