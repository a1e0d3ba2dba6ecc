"""The application's search engine: one per app, opened lazily, shared by requests."""

from __future__ import annotations

from flask import Flask, current_app

from search.engine import SearchEngine

KEY = "telusur.engine"


def init_engine(app: Flask) -> None:
    app.extensions[KEY] = SearchEngine(
        app.config["INDEX_DIR"],
        cache_size=app.config["RESULT_CACHE_SIZE"],
        postings_cache_bytes=app.config["POSTINGS_CACHE_MB"] * 1024 * 1024,
    )


def engine() -> SearchEngine:
    return current_app.extensions[KEY]
