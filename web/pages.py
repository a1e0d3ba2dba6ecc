"""The HTML pages."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from search.request import FACETS
from web.engine import engine
from web.params import search_request

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    config = current_app.config
    per_page = config["PER_PAGE"]
    wanted = search_request(
        request.args,
        per_page,
        per_page,
        config["MAX_RESULT_WINDOW"],
        config["MAX_QUERY_CHARS"],
        facets=FACETS,
    )
    result = engine().search(wanted) if wanted.q else None
    return render_template("search.html", q=wanted.q, result=result, search_request=wanted)
