"""The schemas of ``/api/openapi.json``'s components: the shape of every JSON answer."""

from __future__ import annotations

from search.language.request import FACETS
from web.openapi_groups import ARTICLE_FIELDS, group_props

NULLABLE_STRING = {"type": ["string", "null"]}
DATE_TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def schemas() -> dict:
    """The components' schemas: what each answer of the API holds."""
    hit_props = {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "url": {"type": "string", "description": "the original article (http/https), or empty"},
        "source": {"type": "string", "description": "the outlet's domain, e.g. kompas.com"},
        "category": {"type": "string"},
        "published": {**DATE_TIME_OR_NULL, "description": "with its offset, in WIB (+07:00)"},
        "snippet": {
            "type": "string",
            "description": "HTML: the article's text escaped, matched words in <mark>",
        },
        "score": {"type": "number"},
    }
    hit_props |= group_props(hit_props)
    facet_value = {
        "type": "object",
        "required": ["value", "count"],
        "additionalProperties": False,
        "properties": {"value": {"type": "string"}, "count": {"type": "integer", "minimum": 0}},
    }
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message"],
                    "additionalProperties": False,
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                }
            },
        },
        "Hit": {
            "type": "object",
            "required": list(hit_props),
            "additionalProperties": False,
            "properties": hit_props,
        },
        "FacetValue": facet_value,
        "SearchResult": {
            "type": "object",
            "required": [
                "query",
                "total",
                "page",
                "per_page",
                "took_ms",
                "hits",
                "facets",
                "suggestion",
                "relaxed",
                "corrected",
            ],
            "additionalProperties": False,
            "properties": {
                "query": {"type": "string"},
                "total": {"type": "integer", "minimum": 0},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "took_ms": {"type": "number"},
                "hits": {"type": "array", "items": ref("Hit")},
                "facets": {
                    "type": "object",
                    "description": "counts per value for each facet asked for; source and "
                    "category largest first, month (YYYY-MM) and week (its Monday) in time order",
                    "propertyNames": {"enum": list(FACETS)},
                    "additionalProperties": {"type": "array", "items": ref("FacetValue")},
                },
                "suggestion": {
                    **NULLABLE_STRING,
                    "description": "a corrected query ('did you mean') when this one found little",
                },
                "relaxed": {
                    "type": "boolean",
                    "description": "true when fewer than all words were required (a query "
                    "of more than four words, or the fallback for one that found nothing)",
                },
                "corrected": {
                    **NULLABLE_STRING,
                    "description": "the corrected query searched instead of a typo "
                    "(gempa malku: gempa maluku); null when the query was searched as typed",
                },
            },
        },
        "Histogram": {
            "type": "object",
            "required": ["query", "interval", "first", "last", "buckets"],
            "additionalProperties": False,
            "properties": {
                "query": {"type": "string"},
                "interval": {"enum": ["month", "week", "year"]},
                "first": {**NULLABLE_STRING, "format": "date"},
                "last": {**NULLABLE_STRING, "format": "date"},
                "buckets": {"type": "array", "items": ref("FacetValue")},
            },
        },
        "Suggestion": {
            "type": "object",
            "required": ["text", "kind"],
            "additionalProperties": False,
            "properties": {
                "text": {"type": "string"},
                "kind": {"enum": ["word", "title"]},
                "id": {"type": "string", "description": "the article, for a title"},
            },
        },
        "Suggestions": {
            "type": "object",
            "required": ["query", "suggestions"],
            "additionalProperties": False,
            "properties": {
                "query": {"type": "string"},
                "suggestions": {"type": "array", "items": ref("Suggestion")},
            },
        },
        "OpenSearchSuggestions": {
            "type": "array",
            "description": "[query, [completion, ...]]: the OpenSearch suggestions format"
            " (as items of either type, not a tuple: client generators refuse ``items: false``)",
            "items": {
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
            },
            "minItems": 2,
            "maxItems": 2,
        },
        "Article": {
            "type": "object",
            "required": ["id", "title", "url", "source", "category", "published", "body"],
            "additionalProperties": False,
            "properties": {
                **{k: v for k, v in hit_props.items() if k in ARTICLE_FIELDS},
                "body": {
                    "type": "string",
                    "description": "plain text, paragraphs separated by a blank line",
                },
            },
        },
        "Related": {
            "type": "object",
            "required": ["id", "related"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string"},
                "related": {"type": "array", "items": ref("Hit")},
            },
        },
    }
