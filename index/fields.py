"""An article's fields, declared once: every part that names a field follows this table.

Each :class:`Field` says how the index holds it (its Whoosh type, stored,
sortable, positions), where it comes from (the input under its name or an
alias, text joined from other fields, or the story groups), how people name it
in a query (``judul:``), whether it is a facet or a filter, how much a match in
it weighs, and whether a hit, a near-copy and an article page carry it. What
derives from it: the schema (:mod:`index.schema`), ingest's aliases
(:mod:`index.ingest`), the documents the writer adds, the fields compared for
"unchanged", the query syntax's field names, the facets, the default field
weights, and the OpenAPI description of hits and articles. ``tests/index/test_fields.py``
holds the rest to it (the dataclasses of ingest and of results).

The index records the schema version it was built with (:mod:`index.schema`):
``index update`` refuses an index of an older one, and ``/healthz`` says so.

Adding a field is a change here and a rebuild. The author was added so:

1. its row below (``TEXT``: words analysed like the title's; stored; ``penulis:`` and
   ``author:`` in a query; carried by hits and articles; compared by an update);
2. ``author: str`` on the dataclasses that carry it: ``index.ingest.Article`` (read from
   the input's ``author``, like any field ingest does not clean in its own way: one line of
   text) and ``Hit`` and ``Article`` of ``search/presentation/results.py``
   (``tests/index/test_fields.py`` names a missing one; the OpenAPI document follows them);
3. :data:`SCHEMA_VERSION` one up, and its layout in ``tests/index/test_fields.py``;
4. ``python -m index build``: until then ``index update`` refuses the older index and
   ``/healthz`` warns; it still searches, its articles without an author.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of field, each one Whoosh type (index/schema.py builds them).
ID = "id"  # one term, as given: ids, URLs, outlets, categories
TEXT = "text"  # words analysed by the product's analyzer (stemmed, stop words dropped)
SURFACE = "surface"  # words as written (index.analysis.surface_analyzer)
DATETIME = "datetime"
HASH = "hash"  # a 64-bit number made by the indexer, kept only as a column (no terms)

# The layout of the schema below: one up whenever a field is added, removed or changed,
# so that an index built before says so (``index update`` refuses it).
SCHEMA_VERSION = 3


@dataclass(frozen=True)
class Field:
    """One field of an article; see the module's docstring for what follows from it."""

    name: str
    kind: str
    stored: bool = False
    indexed: bool = True  # has terms; False: read only as stored or as a column
    unique: bool = False
    sortable: bool = False
    positions: bool = False  # kept per posting (only the phrase field: word order)
    joins: tuple[str, ...] = ()  # indexed from these fields' text, joined by a line break
    from_input: bool = True  # read from the input (False: made by the indexer)
    aliases: tuple[str, ...] = ()  # other names the input may give it under
    query_names: tuple[str, ...] = ()  # ``name:`` in a query; for a date, a range
    query_from: tuple[str, ...] = ()  # a date's ``name:`` for "from this day on"
    query_to: tuple[str, ...] = ()  # a date's ``name:`` for "up to this day"
    weight: float = 0.0  # BM25F weight when a query's words search it (0: not searched)
    facets: tuple[str, ...] = ()  # the facet groups counted from it
    filter: bool = False  # a request can keep only some of its values (source=, from=)
    hit: bool = False  # a search hit carries it
    similar: bool = False  # a near-copy folded under a hit carries it
    article: bool = False  # an article's own page and /api/articles carry it
    compared: bool = False  # equal in every compared field: an update leaves it unchanged
    nullable: bool = False  # a hit may carry null (besides dates)
    description: str = ""  # for the API's clients (OpenAPI)


FIELDS: tuple[Field, ...] = (
    Field("id", ID, stored=True, unique=True, hit=True, similar=True, article=True),
    Field(
        "title",
        TEXT,
        stored=True,
        query_names=("title", "judul"),
        weight=3.0,
        hit=True,
        similar=True,
        article=True,
        compared=True,
    ),
    Field(
        "body",
        TEXT,
        stored=True,
        aliases=("content", "text"),
        weight=1.0,
        article=True,
        compared=True,
        description="plain text, paragraphs separated by a blank line",
    ),
    Field("exact", SURFACE, joins=("title", "body"), weight=1.0),
    Field("phrase", TEXT, positions=True, joins=("title", "body")),
    Field(
        "url",
        ID,
        stored=True,
        indexed=False,  # an update finds a URL by url_key's column
        hit=True,
        similar=True,
        article=True,
        compared=True,
        description="the original article (http/https), or empty",
    ),
    Field(
        "source",
        ID,
        stored=True,
        sortable=True,
        query_names=("source", "sumber"),
        facets=("source",),
        filter=True,
        hit=True,
        similar=True,
        article=True,
        compared=True,
        description="the outlet's domain, e.g. kompas.com",
    ),
    Field(
        "category",
        ID,
        stored=True,
        sortable=True,
        query_names=("category", "kategori"),
        facets=("category",),
        filter=True,
        hit=True,
        article=True,
        compared=True,
    ),
    Field(
        "author",
        TEXT,
        stored=True,
        query_names=("author", "penulis"),
        hit=True,
        article=True,
        compared=True,
        description="who wrote it, or empty",
    ),
    Field(
        "published",
        DATETIME,
        stored=True,
        indexed=False,  # dates are filtered, sorted and counted from the column
        sortable=True,
        aliases=("date",),
        query_names=("tanggal", "date"),
        query_from=("dari", "from"),
        query_to=("sampai", "to"),
        facets=("month", "week"),
        filter=True,
        hit=True,
        similar=True,
        article=True,
        compared=True,
        description="with its offset, in WIB (+07:00)",
    ),
    Field(
        "group",
        ID,
        stored=True,
        indexed=False,  # read with a hit's stored fields only
        from_input=False,
        hit=True,
        nullable=True,
        description="the story's group: the id of its first indexed article "
        "(null in an index built before groups)",
    ),
    Field(
        "url_key",
        HASH,
        indexed=False,
        sortable=True,
        from_input=False,
        description="a hash of the URL as given (index.ids.url_key), for an update's "
        "same-URL check without a term per article",
    ),
)

BY_NAME = {f.name: f for f in FIELDS}


def named(*flags: str) -> tuple[str, ...]:
    """The names of the fields with every one of ``flags`` set, in table order."""
    return tuple(f.name for f in FIELDS if all(getattr(f, flag) for flag in flags))


# What the rest of the code reads from the table.
JOINED = {f.name: f.joins for f in FIELDS if f.joins}
# The fields an article read from the input holds, in table order.
INPUT = tuple(f.name for f in FIELDS if f.from_input and not f.joins)
ALIASES = {f.name: (f.name, *f.aliases) for f in FIELDS if f.aliases}
COMPARED = named("compared")
FIELD_WEIGHTS = {f.name: f.weight for f in FIELDS if f.weight}
FACETS = tuple(facet for f in FIELDS for facet in f.facets)
HIT = named("hit")
SIMILAR = named("similar")
ARTICLE = named("article")
# ``name:`` in a query: the field it searches or selects by.
QUERY_NAMES = {name: f.name for f in FIELDS if f.kind != DATETIME for name in f.query_names}
# ``name:`` before a date: a range of days, from a day on, or up to a day.
DATE_NAMES = {
    **{name: "range" for f in FIELDS if f.kind == DATETIME for name in f.query_names},
    **{name: "from" for f in FIELDS for name in f.query_from},
    **{name: "to" for f in FIELDS for name in f.query_to},
}
