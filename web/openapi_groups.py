"""The OpenAPI description of a hit's story group and its near-copies.

The shapes are ``search/presentation/results.py``'s."""

from __future__ import annotations

SIMILAR_FIELDS = ("id", "title", "url", "source", "published")
ARTICLE_FIELDS = ("id", "title", "url", "source", "category", "published")


def group_props(hit_props: dict) -> dict:
    """The properties ``group`` and ``similar`` of a hit, built from its others."""
    similar = {
        "type": "object",
        "required": list(SIMILAR_FIELDS),
        "additionalProperties": False,
        "properties": {name: hit_props[name] for name in SIMILAR_FIELDS},
    }
    return {
        "group": {
            "type": ["string", "null"],
            "description": "the story's group: the id of its first indexed article "
            "(null in an index built before groups)",
        },
        "similar": {
            "type": "array",
            "items": similar,
            "description": "near-copies of this article among the page's matches, "
            "folded under it, best ranked first",
        },
    }
