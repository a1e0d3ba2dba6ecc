"""The JSON API under ``/api``."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from search.request import SearchRequest
from web.engine import engine
from web.params import BadParameter, search_params

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    config = current_app.config
    params = search_params(
        request.args,
        10,
        config["MAX_PER_PAGE"],
        config["MAX_RESULT_WINDOW"],
        config["MAX_QUERY_CHARS"],
    )
    if not params.q:
        raise BadParameter("q", "'q' is required and must not be empty")
    wanted = SearchRequest(params.q, page=params.page, per_page=params.per_page)
    result = engine().search(wanted)
    return jsonify(result.to_dict())
