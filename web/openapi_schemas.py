"""The schemas of ``/api/openapi.json``'s components: the shape of every JSON answer."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from index.fields import DATETIME, FIELDS, Field
from search.language.request import FACETS
from search.presentation.results import Article, Hit
from web.openapi_groups import similar_prop

NULLABLE_STRING = {"type": ["string", "null"]}
DATE_TIME_OR_NULL = {"type": ["string", "null"], "format": "date-time"}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def field_schema(field: Field) -> dict:
    """The JSON schema of one stored field as the results carry it."""
    base: Mapping[str, object]
    if field.kind == DATETIME:
        base = DATE_TIME_OR_NULL
    else:
        base = NULLABLE_STRING if field.nullable else {"type": "string"}
    return {**base, "description": field.description} if field.description else dict(base)


def shape(dataclass: type, props: dict) -> dict:
    """``props`` in the order of the result dataclass's fields, which ``to_dict`` keeps."""
    return {f.name: props[f.name] for f in dataclasses.fields(dataclass)}


def schemas() -> dict:
    """The components' schemas: what each answer of the API holds."""
    stored = {f.name: field_schema(f) for f in FIELDS if f.hit or f.article or f.similar}
    hit_props = shape(
        Hit,
        {
            **stored,
            "snippet": {
                "type": "string",
                "description": "HTML: the article's text escaped, matched words in <mark>",
            },
            "title_html": {
                "type": "string",
                "description": "HTML: the title escaped, matched words in <mark>",
            },
            "score": {"type": "number"},
            "similar": similar_prop(stored),
            "partial": {
                "type": "boolean",
                "description": "true when the article lacks a required word: it comes after "
                "every hit that has them all (see relaxed and full_total)",
            },
        },
    )
    article_props = shape(Article, stored)
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
                "full_total",
                "page",
                "per_page",
                "took_ms",
                "hits",
                "facets",
                "suggestion",
                "relaxed",
                "corrected",
                "generation",
            ],
            "additionalProperties": False,
            "properties": {
                "query": {"type": "string"},
                "total": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "every match the pages hold: the full matches, then the "
                    "partial ones when they are shown (relaxed); the same on every page",
                },
                "full_total": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "how many of total have every required word: they hold "
                    "ranks 1 to full_total, the partial matches (hits with partial: true) "
                    "follow; equal to total unless partial matches are shown",
                },
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
                    "description": "true when fewer than all words were required: a query "
                    "of more than four words (all up to four, then a quarter of them), or "
                    "partial matches shown after the full ones because fewer than ten "
                    "articles have every required word (none: only partial matches)",
                },
                "corrected": {
                    **NULLABLE_STRING,
                    "description": "the corrected query searched instead of a typo "
                    "(gempa malku: gempa maluku); null when the query was searched as typed",
                },
                "generation": {
                    "type": "string",
                    "description": "the index generation searched (also the X-Telusur-Generation "
                    "header); behind read replicas, pass it as gen= to get the next pages from it",
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
            "required": list(article_props),
            "additionalProperties": False,
            "properties": article_props,
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
