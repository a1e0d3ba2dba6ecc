"""The home page's view of the archive: its size and span, the latest articles, the outlets.

All of it comes from the live index, and is worked out once per index version (an update
or a new generation makes it again on the next visit), so the home page costs a look-up.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app

from index.dates import WIB
from search.engine import IndexUnavailable
from search.language.request import SearchRequest
from search.presentation.results import FacetValue, Hit
from web.engine import engine

LATEST = 6
KEY = "telusur.home"
_lock = threading.Lock()


@dataclass(frozen=True)
class Archive:
    """What the home page says of the archive."""

    articles: int
    latest: list[Hit] = field(default_factory=list)
    outlets: list[FacetValue] = field(default_factory=list)


def _archive() -> Archive:
    found = engine()
    # Up to tomorrow (WIB), as the span: an article dated years ahead is not the latest news.
    tomorrow = datetime.now(WIB).date() + timedelta(days=1)
    newest = found.search(
        SearchRequest(q="", sort="newest", per_page=LATEST, date_to=tomorrow, facets=())
    )
    everything = found.search(SearchRequest(q="", per_page=1, facets=("source",)))
    return Archive(
        articles=found.searcher().doc_count(),
        latest=newest.hits,
        outlets=everything.facets.get("source", []),
    )


def archive() -> Archive | None:
    """The live index's :class:`Archive`, kept until the index changes; None without one."""
    try:
        status = engine().status()
    except IndexUnavailable:
        return None
    version = (status.generation, status.last_change)
    kept = current_app.extensions.get(KEY)
    if kept is None or kept[0] != version:
        with _lock:
            kept = current_app.extensions.get(KEY)
            if kept is None or kept[0] != version:
                kept = (version, _archive())
                current_app.extensions[KEY] = kept
    return kept[1]


def archive_span() -> tuple[date | None, date | None]:
    """The first and last day of the archive: the engine's, which it keeps per index version
    (and makes again aside after an update, answering with the previous span meanwhile)."""
    try:
        return engine().span()
    except IndexUnavailable:
        return None, None
