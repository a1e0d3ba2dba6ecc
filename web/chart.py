"""The small bar chart of matches over time: labels and geometry, drawn as SVG by the template.

The counts come from the engine's histogram (every week, month or year of the corpus's span);
the totals from the same histogram without the query's words, so a bar can show the query's
share of its period's articles: most of the demo corpus falls in three September weeks, and by
count alone every query's chart would show the same spike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from index.dates import MONTH_NAMES_ID
from search.evaluation.timeline import period_count, period_days
from search.presentation.formatting import format_count, format_day, format_month
from search.presentation.results import FacetValue

WIDTH = 240
HEIGHT = 110
LABEL_SPACE = 18  # under the baseline: the tick labels
TOP_SPACE = 16  # over the plot: the scale's label
GAP = 1
# A period with any match is never drawn lower than this (an empty one is a 1-unit stub),
# so a week with one article never looks emptier than a week with none.
MIN_BAR = 3.0
EMPTY_BAR = 1.0
# Spans up to this long are charted per week; up to MONTHLY_UP_TO months per month
# (at most 120 bars, two pixels each), longer ones per year.
WEEKLY_UP_TO = timedelta(days=366)
MONTHLY_UP_TO = 120
UNIT_LABELS = {"week": "minggu", "month": "bulan", "year": "tahun"}
MODES = ("count", "share")


def percent(share: float) -> str:
    """``0.025`` → ``2,5%``; whole percents above 10%."""
    value = share * 100
    text = f"{value:.0f}" if value >= 10 or value == 0 else f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def interval_for(span: tuple[date | None, date | None]) -> str:
    first, last = span
    if first is None or last is None:
        return "month"
    if last - first <= WEEKLY_UP_TO:
        return "week"
    return "month" if period_count(span, "month") <= MONTHLY_UP_TO else "year"


@dataclass(frozen=True)
class Bar:
    start: date
    end: date  # last day of the period, included
    label: str
    count: int
    total: int  # every article of the period (under the same filters, without the query)
    x: float
    y: float
    width: float
    bar_height: float
    tick: str  # a short label under some bars, else ""

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def share_label(self) -> str:
        return percent(self.share)

    def said(self, unit: str) -> str:
        """The bar in words: ``1 – 7 Juli 2019: 2 artikel, 67% dari 3 artikel minggu itu``."""
        if not self.total:
            return f"{self.label}: tidak ada artikel"
        return (
            f"{self.label}: {format_count(self.count)} artikel, {self.share_label} dari "
            f"{format_count(self.total)} artikel {unit} itu"
        )


@dataclass(frozen=True)
class Chart:
    unit_label: str
    first_label: str
    last_label: str
    bars: list[Bar]
    mode: str  # ``count``: bars by matches; ``share``: by the matches' share of the period
    scale_label: str  # what the top of the plot stands for: ``4 artikel``, ``25%``
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self) -> int:
        return self.height - LABEL_SPACE

    @property
    def top(self) -> int:
        return TOP_SPACE


def period(value: str, interval: str) -> tuple[date, date, str, str]:
    """A histogram key as (first day, last day, label, short tick label)."""
    start, end = period_days(value, interval)
    if interval == "week":
        month = MONTH_NAMES_ID[start.month - 1]
        label = f"{format_day(start)} – {format_day(end)}"
        return start, end, label, f"{start.day} {month[:3]}"
    if interval == "year":
        return start, end, value, value
    label = format_month(value)
    return start, end, label, f"{label[:3]} {str(start.year)[-2:]}"


def bar_chart(
    values: list[FacetValue],
    interval: str = "month",
    totals: list[FacetValue] | None = None,
    mode: str = "count",
) -> Chart | None:
    """Bars scaled to the largest count, or with ``mode="share"`` to the largest share of
    its period's articles (``totals``); a tick label under every few bars. None when empty."""
    if not values or not any(v.count for v in values):
        return None
    all_of = {v.value: v.count for v in totals or ()}
    shares = [v.count / all_of[v.value] if all_of.get(v.value) else 0.0 for v in values]
    measures = shares if mode == "share" and any(shares) else [float(v.count) for v in values]
    top = max(measures)
    slot = WIDTH / len(values)
    baseline = HEIGHT - LABEL_SPACE
    plot = baseline - TOP_SPACE
    every = max(1, round(len(values) / 4))
    bars = []
    for i, (value, measure) in enumerate(zip(values, measures, strict=True)):
        start, end, label, tick = period(value.value, interval)
        height = max(round(plot * measure / top, 1), MIN_BAR) if value.count else EMPTY_BAR
        bars.append(
            Bar(
                start=start,
                end=end,
                label=label,
                count=value.count,
                total=all_of.get(value.value, 0),
                x=round(i * slot + GAP / 2, 2),
                y=round(baseline - height, 1),
                width=round(max(slot - GAP, 0.5), 2),
                bar_height=height,
                tick=tick if i % every == 0 else "",
            )
        )
    if interval == "week":
        first, last = format_day(bars[0].start), format_day(bars[-1].end)
    else:
        first, last = bars[0].label, bars[-1].label
    shown = "share" if measures is shares else "count"
    scale = percent(top) if shown == "share" else f"{format_count(int(top))} artikel"
    return Chart(UNIT_LABELS[interval], first, last, bars, shown, scale)
