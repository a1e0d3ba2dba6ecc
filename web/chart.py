"""The small bar chart of matches over time: labels and geometry, drawn as SVG by the template.

The counts come from the engine's histogram (every week, month or year of the corpus's span).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from index.dates import MONTH_NAMES_ID
from search.evaluation.timeline import period_count, period_days
from search.presentation.formatting import format_day, format_month
from search.presentation.results import FacetValue

WIDTH = 240
HEIGHT = 80
LABEL_SPACE = 12
GAP = 1
# Spans up to this long are charted per week; up to MONTHLY_UP_TO months per month
# (at most 120 bars, two pixels each), longer ones per year.
WEEKLY_UP_TO = timedelta(days=366)
MONTHLY_UP_TO = 120
UNIT_LABELS = {"week": "minggu", "month": "bulan", "year": "tahun"}


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
    x: float
    y: float
    width: float
    bar_height: float
    tick: str  # a short label under some bars, else ""


@dataclass(frozen=True)
class Chart:
    unit_label: str
    first_label: str
    last_label: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def baseline(self) -> int:
        return self.height - LABEL_SPACE


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


def bar_chart(values: list[FacetValue], interval: str = "month") -> Chart | None:
    """Bars scaled to the largest count; a tick label under every few bars. None when empty."""
    if not values or not any(v.count for v in values):
        return None
    top = max(v.count for v in values)
    slot = WIDTH / len(values)
    plot = HEIGHT - LABEL_SPACE
    every = max(1, round(len(values) / 4))
    bars = []
    for i, value in enumerate(values):
        start, end, label, tick = period(value.value, interval)
        height = round(plot * value.count / top, 1) if value.count else 1.0
        bars.append(
            Bar(
                start=start,
                end=end,
                label=label,
                count=value.count,
                x=round(i * slot + GAP / 2, 2),
                y=round(plot - height, 1),
                width=round(max(slot - GAP, 0.5), 2),
                bar_height=height,
                tick=tick if i % every == 0 else "",
            )
        )
    if interval == "week":
        first, last = format_day(bars[0].start), format_day(bars[-1].end)
    else:
        first, last = bars[0].label, bars[-1].label
    return Chart(UNIT_LABELS[interval], first, last, bars)
