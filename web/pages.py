"""The HTML pages."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request

from web.engine import engine
from web.params import search_params

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    config = current_app.config
    per_page = config["PER_PAGE"]
    params = search_params(request.args, per_page, per_page, config["MAX_RESULT_WINDOW"])
    result = engine().search(params.q, params.page, per_page) if params.q else None
    return render_template("search.html", q=params.q, result=result)
