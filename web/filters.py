"""Template filters: Indonesian dates and numbers."""

from __future__ import annotations

from flask import Flask

from search.formatting import format_count, format_date


def register_filters(app: Flask) -> None:
    app.add_template_filter(format_date, "tanggal")
    app.add_template_filter(format_count, "angka")
    app.add_template_filter(lambda ms: f"{ms / 1000:.2f}".replace(".", ","), "detik")
