"""The geometry of the small bar chart of matches over time, drawn as SVG by the template."""

from __future__ import annotations

from dataclasses import dataclass

from search.timeline import Period, corpus_span, monthly

WIDTH = 240
HEIGHT = 80
LABEL_SPACE = 12
GAP = 1


@dataclass(frozen=True)
class Bar:
    key: str  # the period, "2019-07"
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


def bar_chart(periods: list[Period], unit_label: str = "bulan") -> Chart | None:
    """Bars scaled to the largest count; a tick label every few bars (first, then evenly)."""
    if not periods or not any(p.count for p in periods):
        return None
    top = max(p.count for p in periods)
    slot = WIDTH / len(periods)
    plot = HEIGHT - LABEL_SPACE
    every = max(1, round(len(periods) / 4))
    bars = []
    for i, period in enumerate(periods):
        height = round(plot * period.count / top, 1) if period.count else 1.0
        tick = _short(period) if i % every == 0 else ""
        bars.append(
            Bar(
                key=period.key,
                label=period.label,
                count=period.count,
                x=round(i * slot + GAP / 2, 2),
                y=round(plot - height, 1),
                width=round(max(slot - GAP, 0.5), 2),
                bar_height=height,
                tick=tick,
            )
        )
    return Chart(unit_label, periods[0].label, periods[-1].label, bars)


def _short(period: Period) -> str:
    """``Juli 2019`` → ``Jul 19``."""
    month, _, year = period.label.partition(" ")
    return f"{month[:3]} {year[-2:]}" if year else period.label


def timeline_chart(result, searcher) -> Chart | None:
    """The chart of ``result``'s matches per month across the whole corpus's span."""
    counts = {value.value: value.count for value in result.facets.get("month", ())}
    return bar_chart(monthly(counts, corpus_span(searcher)))
