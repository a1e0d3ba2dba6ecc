"""The HTML pages: the search page, an article, search tips."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from search.articles import find_article, related_articles
from search.request import DEFAULT_FACETS
from web.chart import timeline_chart
from web.engine import engine
from web.links import SearchLinks
from web.params import search_request

bp = Blueprint("pages", __name__)

# Numbered page links shown around the current page.
PAGE_WINDOW = 2


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
        facets=DEFAULT_FACETS,
    )
    result = engine().search(wanted) if wanted.q else None
    return render_template(
        "search.html",
        q=wanted.q,
        result=result,
        search_request=wanted,
        links=SearchLinks(request.args),
        timeline=timeline_chart(result, engine().searcher()) if result else None,
    )


@bp.get("/articles/<article_id>")
def article(article_id: str):
    searcher = engine().searcher()
    found = find_article(searcher, article_id)
    if found is None:
        abort(404, description=f"no article with id {article_id!r}")
    related = related_articles(searcher, article_id)
    return render_template("article.html", article=found, related=related)


@bp.get("/bantuan")
def help():
    return render_template("help.html")


def page_window(result) -> range:
    """The page numbers linked from the pager: a few either side of the current one."""
    first = max(1, result.page - PAGE_WINDOW)
    last = min(result.pages, result.page + PAGE_WINDOW)
    return range(first, last + 1)


@bp.app_context_processor
def helpers() -> dict:
    return {
        "page_window": page_window,
        "has_route": lambda endpoint: endpoint in current_app.view_functions,
    }
