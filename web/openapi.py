"""The OpenAPI 3.1 description of every endpoint, served at ``/api/openapi.json``.

Limits come from the running app's settings, so the document states the
values this server enforces. The tests validate real responses against it.
"""

from __future__ import annotations

from collections.abc import Mapping

from search.language.request import SORTS
from web.limits import (
    API_PER_PAGE,
    FEED_ENTRIES,
    INTERVALS,
    MAX_FEED_ENTRIES,
    MAX_FILTER_VALUES,
    MAX_RELATED_LIMIT,
    MAX_SUGGEST_LIMIT,
    RELATED_LIMIT,
    SUGGEST_LIMIT,
)
from web.openapi_schemas import ref as _ref
from web.openapi_schemas import schemas


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


def _param(name: str, description: str, schema: dict, **extra) -> dict:
    return {"name": name, "in": "query", "description": description, "schema": schema, **extra}


def _limit(maximum: int, default: int) -> dict:
    return {"type": "integer", "minimum": 1, "maximum": maximum, "default": default}


def openapi_document(config: Mapping, server: str) -> dict:
    """The description, with this server's limits (``config``) and address."""
    max_per_page = config["MAX_PER_PAGE"]
    window = config["MAX_RESULT_WINDOW"]
    max_q = config["MAX_QUERY_CHARS"]
    q = _param(
        "q",
        "the query (syntax: README, 'Query syntax'); required unless a filter is given",
        {"type": "string", "maxLength": max_q},
    )
    filters = [
        _param(
            "sort",
            "order of the hits",
            {"enum": list(SORTS), "default": "relevance"},
        ),
        _param(
            "from",
            "first day (WIB), included",
            {"type": "string", "format": "date"},
        ),
        _param("to", "last day (WIB), included", {"type": "string", "format": "date"}),
        _param(
            "when",
            "a period counted back from now: the last 24 hours, 7 or 30 days, or this week "
            "(from Monday), month or year (WIB); with from/to, both hold",
            {"enum": ["24h", "7d", "30d", "week", "month", "year"]},
        ),
        _param(
            "month",
            "only these months, YYYY-MM (WIB; repeat for several: any of them)",
            {
                "type": "array",
                "items": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"},
                "maxItems": 20,
            },
            style="form",
            explode=True,
        ),
        _param(
            "expand",
            "apply abbreviations and synonyms (Menhan = Menteri Pertahanan); false: only the words",
            {"enum": ["true", "false"], "default": "true"},
        ),
        _param(
            "correct",
            "search a typo corrected (gempa malku: gempa maluku); false: exactly as typed",
            {"enum": ["true", "false"], "default": "true"},
        ),
        _param(
            "source",
            "only these outlets (repeat for several: any of them)",
            {"type": "array", "items": {"type": "string"}, "maxItems": MAX_FILTER_VALUES},
            style="form",
            explode=True,
        ),
        _param(
            "category",
            "only these categories, any case (repeat for several: any of them)",
            {"type": "array", "items": {"type": "string"}, "maxItems": MAX_FILTER_VALUES},
            style="form",
            explode=True,
        ),
    ]
    paging = [
        _param(
            "page",
            f"result page; page × per_page must not exceed {window}",
            {"type": "integer", "minimum": 1, "default": 1},
        ),
        _param(
            "per_page",
            "hits per page",
            {"type": "integer", "minimum": 1, "maximum": max_per_page, "default": API_PER_PAGE},
        ),
    ]
    bad = _error("a parameter has a wrong value; the message names it")
    unavailable = _error("the index is not available")
    article_id = {
        "name": "id",
        "in": "path",
        "required": True,
        "description": "the article's id (percent-encode a '/' in it)",
        "schema": {"type": "string"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Telusur API",
            "version": "1",
            "description": "Search over Indonesian news. Every GET under /api/ allows any "
            'origin (CORS). Errors are JSON: {"error": {"code", "message"}}.',
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/search": {
                "get": {
                    "operationId": "search",
                    "summary": "Search articles",
                    "parameters": [
                        q,
                        *paging,
                        *filters,
                        _param(
                            "facets",
                            "comma-separated facets to count; empty for none",
                            {"type": "string", "default": "source,category,month"},
                        ),
                        _param(
                            "gen",
                            "behind read replicas: the generation of the pages read so far"
                            " (the answer's generation); another is answered when it is gone",
                            {"type": "string"},
                        ),
                    ],
                    "responses": {
                        "200": _json(_ref("SearchResult"), "one page of hits"),
                        "400": bad,
                        "503": unavailable,
                    },
                }
            },
            "/api/histogram": {
                "get": {
                    "operationId": "histogram",
                    "summary": "Matches per month, week or year over the corpus's time span",
                    "parameters": [
                        q,
                        *filters[1:],
                        _param(
                            "interval",
                            "bucket size (a longer one when the span needs over 2,000)",
                            {"enum": list(INTERVALS), "default": INTERVALS[0]},
                        ),
                    ],
                    "responses": {
                        "200": _json(_ref("Histogram"), "every period, zeros included"),
                        "400": bad,
                        "503": unavailable,
                    },
                }
            },
            "/api/suggest": {
                "get": {
                    "operationId": "suggest",
                    "summary": "Completions of a query being typed: words, then titles",
                    "parameters": [
                        _param(
                            "q", "the text typed so far", {"type": "string", "maxLength": max_q}
                        ),
                        _param(
                            "limit",
                            "most suggestions",
                            _limit(MAX_SUGGEST_LIMIT, SUGGEST_LIMIT),
                        ),
                    ],
                    "responses": {
                        "200": _json(_ref("Suggestions"), "suggestions, best first"),
                        "400": bad,
                        "503": unavailable,
                    },
                }
            },
            "/api/suggest/opensearch": {
                "get": {
                    "operationId": "suggestOpenSearch",
                    "summary": "Completions in the OpenSearch suggestions format",
                    "parameters": [
                        _param("q", "the text typed so far", {"type": "string", "maxLength": max_q})
                    ],
                    "responses": {
                        "200": {
                            "description": "[query, [completion, ...]]",
                            "content": {
                                "application/x-suggestions+json": {
                                    "schema": _ref("OpenSearchSuggestions")
                                }
                            },
                        },
                        "400": bad,
                        "503": unavailable,
                    },
                }
            },
            "/api/articles/{id}": {
                "get": {
                    "operationId": "article",
                    "summary": "One article in full",
                    "parameters": [article_id],
                    "responses": {
                        "200": _json(_ref("Article"), "the article"),
                        "404": _error("no article has this id"),
                        "503": unavailable,
                    },
                }
            },
            "/api/articles/{id}/related": {
                "get": {
                    "operationId": "related",
                    "summary": "Articles like this one, those close in date first",
                    "parameters": [
                        article_id,
                        _param(
                            "limit",
                            "most articles",
                            _limit(MAX_RELATED_LIMIT, RELATED_LIMIT),
                        ),
                    ],
                    "responses": {
                        "200": _json(_ref("Related"), "related articles, best first"),
                        "400": bad,
                        "404": _error("no article has this id"),
                        "503": unavailable,
                    },
                }
            },
            "/api/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This description",
                    "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1")},
                }
            },
            "/feed": {
                "get": {
                    "operationId": "feed",
                    "summary": "An Atom feed of a search, newest first",
                    "parameters": [
                        {**q, "description": "the query; empty for the newest articles"},
                        _param(
                            "per_page",
                            "entries",
                            _limit(MAX_FEED_ENTRIES, FEED_ENTRIES),
                        ),
                        *filters[1:],
                    ],
                    "responses": {
                        "200": {
                            "description": "Atom 1.0",
                            "content": {"application/atom+xml": {"schema": {"type": "string"}}},
                        },
                        "400": {"description": "a parameter has a wrong value (an HTML page)"},
                    },
                }
            },
            "/opensearch.xml": {
                "get": {
                    "operationId": "opensearch",
                    "summary": "OpenSearch description: add Telusur to a browser",
                    "responses": {
                        "200": {
                            "description": "OpenSearch 1.1 description",
                            "content": {
                                "application/opensearchdescription+xml": {
                                    "schema": {"type": "string"}
                                }
                            },
                        }
                    },
                }
            },
        },
        "components": {"schemas": schemas()},
    }
