"""The JSON API under ``/api``: search, suggestions, articles, histogram, its own description."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request

from search.evaluation.timeline import fitting_interval
from search.language.request import DEFAULT_FACETS
from search.presentation.results import Histogram, Related, Suggestions
from web.engine import engine
from web.hosts import public_base
from web.limits import (
    API_PER_PAGE,
    INTERVALS,
    MAX_RELATED_LIMIT,
    MAX_SUGGEST_LIMIT,
    RELATED_LIMIT,
    SUGGEST_LIMIT,
)
from web.messages import said
from web.openapi import openapi_document
from web.params import BadParameter, choice, no_article, positive_int, search_request, too_long

bp = Blueprint("api", __name__, url_prefix="/api")


def wanted_search(facets: tuple[str, ...]):
    """The search the query string asks for; ``q`` may be empty only beside a filter."""
    config = current_app.config
    wanted = search_request(
        request.args,
        API_PER_PAGE,
        config["MAX_PER_PAGE"],
        config["MAX_RESULT_WINDOW"],
        config["MAX_QUERY_CHARS"],
        facets=facets,
    )
    if not wanted.q and not wanted.has_filters:
        raise BadParameter(
            "q",
            said("'q' is required and must not be empty", "'q' wajib diisi dan tidak boleh kosong"),
        )
    return wanted


@bp.get("/search")
def search():
    return jsonify(engine().search(wanted_search(DEFAULT_FACETS)).to_dict())


@bp.get("/histogram")
def histogram():
    """Matches per month, week or year over the corpus's whole span, zeros included; an
    interval too short for the span gives way to a longer one (the answer says which)."""
    wanted_interval = choice(request.args, "interval", INTERVALS, INTERVALS[0])
    wanted = wanted_search(())
    first, last = engine().span()
    interval = fitting_interval((first, last), wanted_interval)
    buckets = engine().histogram(wanted, interval)
    return jsonify(Histogram(wanted.q, interval, first, last, buckets).to_dict())


def suggest_text() -> str:
    text = request.args.get("q", "")
    limit = current_app.config["MAX_QUERY_CHARS"]
    if len(text) > limit:
        raise BadParameter("q", too_long(limit))
    return text


@bp.get("/suggest")
def suggest():
    limit = positive_int(request.args, "limit", SUGGEST_LIMIT, MAX_SUGGEST_LIMIT)
    text = suggest_text()
    found = engine().suggest(text, limit) if text.strip() else []
    return jsonify(Suggestions(text, found).to_dict())


@bp.get("/suggest/opensearch")
def suggest_opensearch():
    """The OpenSearch suggestions format: ``[query, [completion, ...]]``."""
    text = suggest_text()
    found = engine().suggest(text, SUGGEST_LIMIT) if text.strip() else []
    return Response(
        current_app.json.dumps(Suggestions(text, found).to_opensearch()),
        mimetype="application/x-suggestions+json",
    )


@bp.get("/articles/<path:article_id>", merge_slashes=False)
def article(article_id: str):
    found = engine().article(article_id)
    if found is None:
        abort(404, description=no_article(article_id))
    return jsonify(found.to_dict())


@bp.get("/articles/<path:article_id>/related", merge_slashes=False)
def related(article_id: str):
    limit = positive_int(request.args, "limit", RELATED_LIMIT, MAX_RELATED_LIMIT)
    if engine().article(article_id) is None:
        abort(404, description=no_article(article_id))
    return jsonify(Related(article_id, engine().related(article_id, limit)).to_dict())


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(current_app.config, public_base()))
