"""The index schema, built from the field table (:mod:`index.fields`), and its version.

``title`` and ``body`` are analysed by the product's analyzer (the relevance
harness passes others). ``exact`` holds title and body again as written,
unstemmed and not stored: an exact word can rank above a match by stem alone.
``phrase`` holds title and body analysed like them, with positions, searched
only to check that several words stand in order (a quoted phrase, a two-word
synonym); it is never scored.

The scored fields keep term frequencies but no positions. Whoosh stores a
posting's positions as a separate Python object that costs about a
microsecond to unpickle each time a block is read, which made reading a
common word's posting list ten times slower than the list itself.

``published`` holds UTC without a zone (Whoosh's DATETIME cannot store one);
the search side gives it back as an aware datetime. It has no terms (Whoosh's
eight tiered terms a date cost 47 MB at 10×): date filters, sorting and the
date facets read its column (``search/evaluation/columns.py``), so a Whoosh
``DateRange`` matched by Whoosh's own searcher finds nothing. ``source`` and
``category`` are single terms, for exact filters and facets. ``group`` names the
article's story among near-copies from other outlets (:mod:`index.groups`),
stored only. ``url`` is stored only; ``url_key``, a column of a hash of it, is
what an update looks a URL up by (:func:`index.ids.url_key`): a term per article
cost 46 MB at 10×, the column 1.8.

Every generation records the schema version it was written with
(:data:`SCHEMA_KEY` in its ``telusur.json``). An index from before versions
were recorded is of this version when its layout is this version's, else older.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from whoosh import fields as whoosh_fields
from whoosh.analysis import Analyzer
from whoosh.fields import FieldType, Schema

from index.analysis import indonesian_analyzer, surface_analyzer
from index.fields import DATETIME, FIELDS, HASH, ID, JOINED, SCHEMA_VERSION, SURFACE, Field

__all__ = [
    "EXACT_FIELD",
    "JOINED",
    "PHRASE_FIELD",
    "SCHEMA_KEY",
    "SCHEMA_VERSION",
    "news_schema",
    "schema_problem",
    "schema_version",
]

EXACT_FIELD = "exact"
PHRASE_FIELD = "phrase"
# Where a generation's ``telusur.json`` records its schema version.
SCHEMA_KEY = "schema"
OLDER = "the index was built by an older schema: run `index build`"
NEWER = "the index was built by a newer schema than this code knows: run `index build`"


def whoosh_field(field: Field, analyzer: Analyzer) -> FieldType:
    """The Whoosh field type of one row of the table; one not ``indexed`` writes no
    terms (Whoosh's writers skip a field whose ``indexed`` is false) but keeps its
    stored value and its column."""
    made = _whoosh_type(field, analyzer)
    if not field.indexed:
        made.indexed = False
    return made


def _whoosh_type(field: Field, analyzer: Analyzer) -> FieldType:
    if field.kind == ID:
        return whoosh_fields.ID(stored=field.stored, unique=field.unique, sortable=field.sortable)
    if field.kind == DATETIME:
        return whoosh_fields.DATETIME(stored=field.stored, sortable=field.sortable)
    if field.kind == HASH:
        return whoosh_fields.NUMERIC(
            bits=64, signed=False, stored=field.stored, sortable=field.sortable
        )
    return whoosh_fields.TEXT(
        analyzer=surface_analyzer() if field.kind == SURFACE else analyzer,
        stored=field.stored,
        sortable=field.sortable,
        phrase=field.positions,
    )


def news_schema(analyzer: Analyzer | None = None) -> Schema:
    """One document per article, the text fields analysed by ``analyzer`` (default:
    the product's)."""
    analyzer = analyzer or indonesian_analyzer()
    return Schema(**{field.name: whoosh_field(field, analyzer) for field in FIELDS})


def layout(schema: Schema) -> tuple[tuple, ...]:
    """What tells one schema version from another: each field's name, type and options
    (stored, unique, sortable, positions, indexed)."""
    return tuple(
        (
            name,
            type(schema[name]).__name__,
            bool(schema[name].stored),
            bool(schema[name].unique),
            schema[name].column_type is not None,
            schema[name].format.supports("positions"),
            bool(schema[name].indexed),
        )
        for name in schema.names()
    )


@functools.cache
def current_layout() -> tuple[tuple, ...]:
    return layout(news_schema())


def schema_version(meta: Mapping, schema: Schema) -> int:
    """The schema version of an index: as its generation recorded it, else (from
    before versions were recorded) :data:`SCHEMA_VERSION` if its layout is this
    version's, 0 if not."""
    recorded = meta.get(SCHEMA_KEY)
    if isinstance(recorded, int) and not isinstance(recorded, bool):
        return recorded
    return SCHEMA_VERSION if layout(schema) == current_layout() else 0


def schema_problem(version: int) -> str | None:
    """Why an index of schema ``version`` cannot be updated by this code, or None."""
    if version < SCHEMA_VERSION:
        return OLDER
    if version > SCHEMA_VERSION:
        return NEWER
    return None
