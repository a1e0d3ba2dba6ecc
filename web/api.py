"""The JSON API under ``/api``."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from search.request import DEFAULT_FACETS
from web.engine import engine
from web.params import BadParameter, search_request

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    config = current_app.config
    wanted = search_request(
        request.args,
        10,
        config["MAX_PER_PAGE"],
        config["MAX_RESULT_WINDOW"],
        config["MAX_QUERY_CHARS"],
        facets=DEFAULT_FACETS,
    )
    if not wanted.q:
        raise BadParameter("q", "'q' is required and must not be empty")
    return jsonify(engine().search(wanted).to_dict())
