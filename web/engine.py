"""The application's search engine: one per app, opened lazily, shared by requests."""

from __future__ import annotations

from flask import Flask, current_app

from search.engine import IndexUnavailable, SearchEngine
from search.state.warming import Warmed

KEY = "telusur.engine"


def init_engine(app: Flask) -> None:
    app.extensions[KEY] = SearchEngine(
        app.config["INDEX_DIR"],
        cache_size=app.config["RESULT_CACHE_SIZE"],
        postings_cache_bytes=app.config["POSTINGS_CACHE_MB"] * 1024 * 1024,
        max_query_chars=app.config["MAX_QUERY_CHARS"],
    )


def engine() -> SearchEngine:
    return current_app.extensions[KEY]


def warm_engine(app: Flask) -> Warmed | None:
    """Warm ``app``'s engine (``WARM_MB``, ``WARM_ARTICLES_MB``), then close its files,
    so that worker processes forked afterwards share what was made and open their own files.

    None when it could not: no index yet, or one that fails to read. Warming only
    saves time, so a failure is logged and the server starts all the same (the
    requests then get the index's own error).
    """
    found = app.extensions[KEY]
    try:
        return found.warm(
            app.config["WARM_MB"] * 1024 * 1024, app.config["WARM_ARTICLES_MB"] * 1024 * 1024
        )
    except IndexUnavailable as err:
        app.logger.warning("no warm-up: %s", err)
    except Exception:  # a broken index can fail in many ways; serving must still start
        app.logger.exception("warm-up failed; serving without it")
    finally:
        found.close()
    return None


def version_name(key: tuple[str, int] | None) -> str:
    """An index version as the logs name it: ``gen-000002-…#1``, or ``nothing``."""
    return "nothing" if key is None else f"{key[0]}#{key[1]}"


def warm_worker(app: Flask) -> tuple[str, str, Warmed | None]:
    """In a worker just forked: warm the live index version unless the arbiter's
    warm-up (inherited by the fork) was of that version already.

    A worker replaced after an update or a rebuild is forked from an arbiter that
    warmed the version live when it started; without this, its first requests
    decode what the change made new and stall every connection it accepted.
    Segments the arbiter decoded are carried over (``search/state/carryover.py``),
    so after an update only the new segment is decoded. Returns the live version,
    the arbiter's, and what was warmed here (None when nothing needed it or the
    index cannot be read: the requests then get the index's own error).
    """
    found = app.extensions[KEY]
    arbiter = version_name(found.warmed)
    try:
        live = found.live_version()
    except IndexUnavailable:
        found.close()
        return "nothing", arbiter, None
    if live == found.warmed:
        found.close()
        return version_name(live), arbiter, None
    return version_name(live), arbiter, warm_engine(app)
