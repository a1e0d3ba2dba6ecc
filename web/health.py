"""``/healthz``: whether the server can search, how much, and since when.

``{"status": "ok", "articles": N, "last_change": ISO 8601, "generation": NAME}``
with 200; without a usable index ``{"status": "unavailable", "reason": ...}``
with 503, so a load balancer or monitor needs only the status code.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from search.engine import IndexUnavailable
from web.engine import engine

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        status = engine().status()
    except IndexUnavailable as err:
        response = jsonify(status="unavailable", reason=str(err))
        response.status_code = 503
    else:
        response = jsonify(
            status="ok",
            articles=status.articles,
            last_change=status.last_change,
            generation=status.generation,
        )
    response.headers["Cache-Control"] = "no-store"
    return response
