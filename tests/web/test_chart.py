"""The chart of matches over time: weekly or monthly, labels and bar geometry."""

import re
from datetime import date

from search.presentation.results import FacetValue
from web.chart import (
    EMPTY_BAR,
    HEIGHT,
    LABEL_SPACE,
    MIN_BAR,
    TOP_SPACE,
    WIDTH,
    bar_chart,
    interval_for,
    percent,
    period,
)


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
    baseline = HEIGHT - LABEL_SPACE
    plot = baseline - TOP_SPACE
    assert [bar.bar_height for bar in chart.bars] == [plot / 2, EMPTY_BAR, plot, plot / 4]
    assert [bar.y + bar.bar_height for bar in chart.bars] == [baseline] * 4
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
    assert (chart.mode, chart.scale_label) == ("count", "4 artikel")


def test_a_period_with_one_match_is_never_drawn_emptier_than_an_empty_one():
    chart = bar_chart([FacetValue("2019-07", 1), FacetValue("2019-08", 0),
                       FacetValue("2019-09", 5000)])  # fmt: skip
    assert [bar.bar_height for bar in chart.bars] == [MIN_BAR, EMPTY_BAR, 76.0]
    assert MIN_BAR > EMPTY_BAR


def test_bars_by_share_of_their_periods_articles():
    values = [FacetValue("2019-07", 2), FacetValue("2019-08", 0), FacetValue("2019-09", 30)]
    totals = [FacetValue("2019-07", 4), FacetValue("2019-08", 3), FacetValue("2019-09", 600)]
    shares = bar_chart(values, "month", totals, "share")
    plot = HEIGHT - LABEL_SPACE - TOP_SPACE
    # July's 2 of 4 outweigh September's 30 of 600: by share the spike is July.
    assert [bar.bar_height for bar in shares.bars] == [plot, EMPTY_BAR, round(plot / 10, 1)]
    assert [bar.share_label for bar in shares.bars] == ["50%", "0%", "5%"]
    assert (shares.mode, shares.scale_label) == ("share", "50%")
    assert [bar.said("bulan") for bar in shares.bars] == [
        "Juli 2019: 2 artikel, 50% dari 4 artikel bulan itu",
        "Agustus 2019: 0 artikel, 0% dari 3 artikel bulan itu",
        "September 2019: 30 artikel, 5% dari 600 artikel bulan itu",
    ]
    counts = bar_chart(values, "month", totals)
    assert [bar.bar_height for bar in counts.bars] == [round(plot * 2 / 30, 1), EMPTY_BAR, plot]
    assert counts.scale_label == "30 artikel"


def test_shares_are_written_the_indonesian_way():
    assert [percent(x) for x in (0.0, 0.025, 0.0833, 0.5, 1.0, 0.001)] == [
        "0%", "2,5%", "8,3%", "50%", "100%", "0,1%"
    ]  # fmt: skip


def test_no_chart_without_any_match():
    assert bar_chart([FacetValue("2019-07", 0)]) is None
    assert bar_chart([]) is None


def test_the_page_draws_weeks_over_the_corpus_span_with_an_accessible_table(client):
    page = client.get("/?q=banjir").get_data(as_text=True)
    chart = page[page.index('<figure class="timeline"') : page.index("</figure>")]
    # The fixture corpus runs from 5 July to 1 October 2019: the 14 weeks from Monday 1 July.
    assert chart.count('<rect class="bar') == 14
    assert chart.count('<rect class="bar"') == 3  # weeks with a match
    assert "Artikel yang cocok per minggu, 1 Juli 2019 – 6 Oktober 2019" in chart
    assert (
        '<text class="scale" x="240" y="12" text-anchor="end" aria-hidden="true">2 artikel</text>'
        in chart
    )
    rows = '<tr><th scope="row">29 Juli 2019 – 4 Agustus 2019</th><td>2</td><td>67%</td></tr>'
    assert rows in chart
    # Each bar with a match is a link a keyboard reaches, named by what it shows.
    links = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)">', chart)
    assert links == [
        (
            "/?q=banjir&amp;from=2019-07-29&amp;to=2019-08-04#filters",
            "29 Juli 2019 – 4 Agustus 2019: 2 artikel, 67% dari 3 artikel minggu itu; "
            "saring ke minggu ini",
        ),
        (
            "/?q=banjir&amp;from=2019-09-16&amp;to=2019-09-22#filters",
            "16 September 2019 – 22 September 2019: 1 artikel, 100% dari 1 artikel minggu itu; "
            "saring ke minggu ini",
        ),
        (
            "/?q=banjir&amp;from=2019-09-30&amp;to=2019-10-06#filters",
            "30 September 2019 – 6 Oktober 2019: 1 artikel, 100% dari 1 artikel minggu itu; "
            "saring ke minggu ini",
        ),
    ]
    assert "tabindex" not in chart and 'aria-hidden="true" focusable' not in chart
    modes = re.findall(
        r'<nav class="chart-mode" aria-label="Tampilan grafik">(.*?)</nav>', chart, re.S
    )
    assert re.findall(
        r'<a href="([^"]+)"( aria-current="true" class="on")?>(\w+)</a>', modes[0]
    ) == [
        ("/?q=banjir#filters", ' aria-current="true" class="on"', "Jumlah"),
        ("/?q=banjir&amp;chart=share#filters", "", "Persentase"),
    ]


def test_the_share_view_is_a_link_that_keeps_the_search(client):
    page = client.get("/?q=banjir&source=kompas.com&chart=share&page=1").get_data(as_text=True)
    chart = page[page.index('<figure class="timeline"') : page.index("</figure>")]
    assert "Bagian artikel yang cocok per minggu" in chart
    assert "Garis atas: 100% dari artikel minggu itu." in chart
    # Sorting or filtering keeps the view.
    assert '<a href="/?q=banjir&amp;source=kompas.com&amp;sort=newest&amp;chart=share"' in page
    assert client.get("/?q=banjir&chart=pie").status_code == 400


def test_a_typo_searched_corrected_is_charted_as_searched(client):
    def table(q: str) -> list[str]:
        page = client.get("/", query_string={"q": q}).get_data(as_text=True)
        assert '<figure class="timeline"' in page
        return re.findall(r"<tr><th scope=\"row\">.*?</tr>", page)

    corrected = table("banjr")
    assert corrected == table("banjir")
    assert any("<td>0</td>" not in row for row in corrected)
