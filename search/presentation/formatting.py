"""Indonesian renderings shared by the page and the CLI."""

from __future__ import annotations

from datetime import date, datetime

from index.dates import MONTH_NAMES_ID, WIB


def format_date(moment: datetime | None, with_time: bool = True) -> str:
    """``31 Juli 2019, 12.38 WIB``: the Indonesian way, in Western Indonesia Time."""
    if moment is None:
        return ""
    local = moment.astimezone(WIB)
    text = f"{local.day} {MONTH_NAMES_ID[local.month - 1]} {local.year}"
    if with_time and (local.hour or local.minute):
        text += f", {local.hour:02d}.{local.minute:02d} WIB"
    return text


def format_count(n: int) -> str:
    """``21.965``: thousands separated by a dot."""
    return f"{n:,}".replace(",", ".")


def format_day(day: date) -> str:
    """``21 Oktober 2022``."""
    return f"{day.day} {MONTH_NAMES_ID[day.month - 1]} {day.year}"


def format_month(value: str) -> str:
    """``2019-07`` → ``Juli 2019``; anything else as it was written."""
    year, _, month = value.partition("-")
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return value
    return f"{MONTH_NAMES_ID[int(month) - 1]} {year}"
