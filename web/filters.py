"""Template filters: Indonesian dates, numbers and category names."""

from __future__ import annotations

from datetime import date

from flask import Flask

from search.language.categories import shown_category
from search.presentation.formatting import format_count, format_date, format_day, format_month


def iso_day(text: str) -> str:
    """``2019-07-01`` → ``1 Juli 2019``; anything else as it was written."""
    try:
        return format_day(date.fromisoformat(text))
    except ValueError:
        return text


def register_filters(app: Flask) -> None:
    app.add_template_filter(format_date, "tanggal")
    app.add_template_filter(iso_day, "tanggal_iso")
    app.add_template_filter(format_day, "hari")
    app.add_template_filter(format_month, "bulan")
    app.add_template_filter(format_count, "angka")
    app.add_template_filter(shown_category, "kategori")
    app.add_template_filter(lambda ms: f"{ms / 1000:.2f}".replace(".", ","), "detik")
