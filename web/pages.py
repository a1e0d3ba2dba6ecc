"""The HTML pages."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from search.request import SearchRequest
from web.engine import engine
from web.params import search_params

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    config = current_app.config
    per_page = config["PER_PAGE"]
    params = search_params(
        request.args, per_page, per_page, config["MAX_RESULT_WINDOW"], config["MAX_QUERY_CHARS"]
    )
    wanted = SearchRequest(params.q, page=params.page, per_page=per_page)
    result = engine().search(wanted) if params.q else None
    return render_template("search.html", q=params.q, result=result)
