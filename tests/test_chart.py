"""The chart of matches over time: weekly or monthly, labels and bar geometry."""

from datetime import date

from search.presentation.results import FacetValue
from web.chart import HEIGHT, LABEL_SPACE, WIDTH, bar_chart, interval_for, period


def test_a_span_up_to_a_year_is_charted_per_week():
    assert interval_for((date(2019, 3, 21), date(2019, 12, 9))) == "week"
    assert interval_for((date(2019, 3, 21), date(2020, 3, 22))) == "month"
    assert interval_for((None, None)) == "month"


def test_periods_are_labelled_in_indonesian():
    assert period("2019-07-29", "week") == (
        date(2019, 7, 29),
        date(2019, 8, 4),
        "29 Juli 2019 – 4 Agustus 2019",
        "29 Jul",
    )
    assert period("2020-02", "month") == (
        date(2020, 2, 1),
        date(2020, 2, 29),
        "Februari 2020",
        "Feb 20",
    )


def test_bars_scale_to_the_largest_count():
    chart = bar_chart(
        [FacetValue("2019-07", 2), FacetValue("2019-08", 0),
         FacetValue("2019-09", 4), FacetValue("2019-10", 1)]
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
    assert (chart.unit_label, chart.first_label, chart.last_label) == (
        "bulan",
        "Juli 2019",
        "Oktober 2019",
    )


def test_no_chart_without_any_match():
    assert bar_chart([FacetValue("2019-07", 0)]) is None
    assert bar_chart([]) is None


def test_the_page_draws_weeks_over_the_corpus_span_with_an_accessible_table(client):
    page = client.get("/?q=banjir").get_data(as_text=True)
    chart = page[page.index('<figure class="timeline">') : page.index("</figure>")]
    # The fixture corpus runs from 5 July to 1 October 2019: the 14 weeks from Monday 1 July.
    assert chart.count('<rect class="bar') == 14
    assert chart.count('<rect class="bar"') == 3  # weeks with a match
    assert "Artikel yang cocok per minggu, 1 Juli 2019 – 6 Oktober 2019" in chart
    rows = '<tr><th scope="row">29 Juli 2019 – 4 Agustus 2019</th><td>2</td></tr>'
    assert rows in chart
    # A bar is a shortcut to its week's filter for a pointer; keyboards use the facets and dates.
    assert '<a href="/?q=banjir&amp;from=2019-07-29&amp;to=2019-08-04" tabindex="-1">' in chart
