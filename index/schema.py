"""The index schema: what is searched, what is stored, what filters and sorts."""

from __future__ import annotations

from whoosh.analysis import Analyzer
from whoosh.fields import DATETIME, ID, TEXT, Schema

from index.analysis import indonesian_analyzer, surface_analyzer


def news_schema(analyzer: Analyzer | None = None) -> Schema:
    """One document per article, ``title`` and ``body`` analysed by ``analyzer``.

    The product's analyzer is the default; the relevance harness passes others.

    ``exact`` holds title and body again as written, unstemmed and not stored:
    an exact word can rank above a match by stem alone, and a quoted phrase
    can ask for the very words.

    ``published`` holds UTC without a zone (Whoosh's DATETIME cannot store one);
    the search side gives it back as an aware datetime. ``source`` and
    ``category`` are single terms, for exact filters and facets.
    """
    analyzer = analyzer or indonesian_analyzer()
    return Schema(
        id=ID(unique=True, stored=True),
        title=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer, stored=True),
        exact=TEXT(analyzer=surface_analyzer()),
        url=ID(stored=True),
        source=ID(stored=True, sortable=True),
        category=ID(stored=True, sortable=True),
        published=DATETIME(stored=True, sortable=True),
    )
