"""From what a person types to a Whoosh query over title and body."""

from __future__ import annotations

from whoosh import qparser
from whoosh.fields import Schema
from whoosh.query import Query

SEARCH_FIELDS = ("title", "body")
FIELD_BOOSTS = {"title": 2.0, "body": 1.0}
MAX_QUERY_CHARS = 500

# Syntax that is costly or surprising for a news reader: wildcards expand to
# thousands of terms, ranges and boosts are not part of our query language yet.
_REMOVED_PLUGINS = (qparser.WildcardPlugin, qparser.RangePlugin, qparser.BoostPlugin)


def make_parser(schema: Schema) -> qparser.QueryParser:
    """A parser where every word is required and matches title or body."""
    parser = qparser.MultifieldParser(
        list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS, group=qparser.AndGroup
    )
    for plugin in _REMOVED_PLUGINS:
        parser.remove_plugin_class(plugin)
    return parser


def parse(parser: qparser.QueryParser, text: str) -> Query:
    """The query for ``text``; Whoosh's parser never raises on odd syntax."""
    return parser.parse(text[:MAX_QUERY_CHARS])
