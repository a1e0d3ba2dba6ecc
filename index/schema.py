"""The index schema: what is searched, what is stored, what filters and sorts."""

from __future__ import annotations

from whoosh.analysis import Analyzer
from whoosh.fields import DATETIME, ID, TEXT, Schema

from index.analysis import indonesian_analyzer, surface_analyzer

EXACT_FIELD = "exact"
PHRASE_FIELD = "phrase"
# Fields indexed from other fields' text, joined by a line break.
JOINED = {EXACT_FIELD: ("title", "body"), PHRASE_FIELD: ("title", "body")}


def news_schema(analyzer: Analyzer | None = None) -> Schema:
    """One document per article, ``title`` and ``body`` analysed by ``analyzer``.

    The product's analyzer is the default; the relevance harness passes others.

    ``exact`` holds title and body again as written, unstemmed and not stored:
    an exact word can rank above a match by stem alone. ``phrase`` holds title
    and body analysed like them, with positions, searched only to check that
    several words stand in order (a quoted phrase, a two-word synonym); it is
    never scored.

    The scored fields keep term frequencies but no positions. Whoosh stores a
    posting's positions as a separate Python object that costs about a
    microsecond to unpickle each time a block is read, which made reading a
    common word's posting list ten times slower than the list itself.

    ``published`` holds UTC without a zone (Whoosh's DATETIME cannot store one);
    the search side gives it back as an aware datetime. ``source`` and
    ``category`` are single terms, for exact filters and facets. ``group`` names the
    article's story among near-copies from other outlets (:mod:`index.groups`).
    """
    analyzer = analyzer or indonesian_analyzer()
    return Schema(
        id=ID(unique=True, stored=True),
        title=TEXT(analyzer=analyzer, stored=True, phrase=False),
        body=TEXT(analyzer=analyzer, stored=True, phrase=False),
        exact=TEXT(analyzer=surface_analyzer(), phrase=False),
        phrase=TEXT(analyzer=analyzer),
        url=ID(stored=True),
        source=ID(stored=True, sortable=True),
        category=ID(stored=True, sortable=True),
        published=DATETIME(stored=True, sortable=True),
        group=ID(stored=True),
    )
