"""``/healthz``: whether the server can search, how much, and since when.

``{"status": "ok", "articles": N, "last_change": ISO 8601, "generation": NAME,
"schema_version": N}`` with 200; when the index is missing or searching it fails
``{"status": "unavailable", "reason": ...}`` with 503, so a load balancer or
monitor needs only the status code. An index built by an older schema still
searches, so it is healthy, with a ``warning`` saying it needs a build (an
``index update`` refuses it).

Opening the index is not enough: an index can open and still fail every
search (a damaged column file). The check runs what the search page runs,
over every article for one hit: the per-version tables that searches share
(columns, facets, the corpus's time span) are built or reused, and the answer
is cached like any search, so a healthy index answers from memory.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from index.schema import schema_problem
from search.engine import IndexUnavailable
from search.language.request import DEFAULT_FACETS, SearchRequest
from web.chart import bar_chart, interval_for
from web.engine import engine

bp = Blueprint("health", __name__)

PROBE = SearchRequest(q="", per_page=1, facets=DEFAULT_FACETS)


def search_like_the_page() -> None:
    """One search with the page's facets and chart; raises whatever searching raises."""
    searching = engine()
    searching.search(PROBE)
    interval = interval_for(searching.span())
    bar_chart(searching.histogram(PROBE, interval), interval)


def unavailable(reason: str):
    response = jsonify(status="unavailable", reason=reason)
    response.status_code = 503
    return response


@bp.get("/healthz")
def healthz():
    try:
        status = engine().status()
        search_like_the_page()
    except IndexUnavailable as err:
        response = unavailable(str(err))
    except Exception as err:  # whatever a search would answer with a 500
        current_app.logger.exception("health check: searching fails")
        response = unavailable(f"searching fails: {type(err).__name__}: {err}")
    else:
        health = {
            "status": "ok",
            "articles": status.articles,
            "last_change": status.last_change,
            "generation": status.generation,
            "schema_version": status.schema_version,
        }
        problem = schema_problem(status.schema_version)
        if problem is not None:
            health["warning"] = problem
        response = jsonify(health)
    response.headers["Cache-Control"] = "no-store"
    return response
