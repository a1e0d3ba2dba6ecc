"""The OpenAPI description of the near-copies folded under a hit.

The shapes are ``search/presentation/results.py``'s."""

from __future__ import annotations

from index.fields import SIMILAR


def similar_prop(stored: dict) -> dict:
    """The property ``similar`` of a hit, from the descriptions of the stored fields."""
    similar = {
        "type": "object",
        "required": list(SIMILAR),
        "additionalProperties": False,
        "properties": {name: stored[name] for name in SIMILAR},
    }
    return {
        "type": "array",
        "items": similar,
        "description": "near-copies of this article among the page's matches, "
        "folded under it, best ranked first",
    }
