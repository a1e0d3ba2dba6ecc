"""The field table (``index/fields.py``) is what the schema, ingest, the writer, the query
syntax, facets, weights, result shapes and the OpenAPI document hold: a field declared there
and missing in one of them fails here, by name."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from whoosh.fields import DATETIME, ID, NUMERIC, TEXT

from index import fields
from index.fields import FIELDS, SCHEMA_VERSION
from index.ids import url_key
from index.ingest import Article, article_from_record
from index.schema import JOINED, layout, news_schema
from index.supersede import COMPARED
from index.writer import document
from search.evaluation.facets import TERM_FACETS
from search.evaluation.ranking import DEFAULT_RANKING
from search.language import syntax
from search.language.query import FIELD_BOOSTS
from search.language.request import FACETS
from search.language.syntax import parse_query
from search.presentation.results import Article as ResultArticle
from search.presentation.results import Hit, Similar
from web.openapi_schemas import schemas

KINDS = {
    fields.ID: ID,
    fields.TEXT: TEXT,
    fields.SURFACE: TEXT,
    fields.DATETIME: DATETIME,
    fields.HASH: NUMERIC,
}
# The layout of SCHEMA_VERSION: (name, Whoosh type, stored, unique, sortable, positions, indexed).
# A change to the table that changes this list must raise SCHEMA_VERSION by one.
LAYOUT = {
    1: (
        ("body", "TEXT", True, False, False, False, True),
        ("category", "ID", True, False, True, False, True),
        ("exact", "TEXT", False, False, False, False, True),
        ("group", "ID", True, False, False, False, True),
        ("id", "ID", True, True, False, False, True),
        ("phrase", "TEXT", False, False, False, True, True),
        ("published", "DATETIME", True, False, True, False, True),
        ("source", "ID", True, False, True, False, True),
        ("title", "TEXT", True, False, False, False, True),
        ("url", "ID", True, False, False, False, True),
    ),
    2: (
        ("author", "TEXT", True, False, False, False, True),
        ("body", "TEXT", True, False, False, False, True),
        ("category", "ID", True, False, True, False, True),
        ("exact", "TEXT", False, False, False, False, True),
        ("group", "ID", True, False, False, False, True),
        ("id", "ID", True, True, False, False, True),
        ("phrase", "TEXT", False, False, False, True, True),
        ("published", "DATETIME", True, False, True, False, True),
        ("source", "ID", True, False, True, False, True),
        ("title", "TEXT", True, False, False, False, True),
        ("url", "ID", True, False, False, False, True),
    ),
    3: (
        ("author", "TEXT", True, False, False, False, True),
        ("body", "TEXT", True, False, False, False, True),
        ("category", "ID", True, False, True, False, True),
        ("exact", "TEXT", False, False, False, False, True),
        ("group", "ID", True, False, False, False, False),
        ("id", "ID", True, True, False, False, True),
        ("phrase", "TEXT", False, False, False, True, True),
        ("published", "DATETIME", True, False, True, False, False),
        ("source", "ID", True, False, True, False, True),
        ("title", "TEXT", True, False, False, False, True),
        ("url", "ID", True, False, False, False, False),
        ("url_key", "NUMERIC", False, False, True, False, False),
    ),
}


def test_the_schema_is_the_table():
    schema = news_schema()
    assert schema.names() == sorted(f.name for f in FIELDS)
    for field in FIELDS:
        made = schema[field.name]
        assert type(made) is KINDS[field.kind], field.name
        assert (bool(made.stored), bool(made.unique)) == (field.stored, field.unique), field.name
        assert (made.column_type is not None) == field.sortable, field.name
        assert made.format.supports("positions") == field.positions, field.name
        assert bool(made.indexed) == field.indexed, field.name
    assert JOINED == {"exact": ("title", "body"), "phrase": ("title", "body")}


def test_the_layout_changes_only_with_the_schema_version():
    assert layout(news_schema()) == LAYOUT[SCHEMA_VERSION], (
        "the schema's layout changed: raise SCHEMA_VERSION in index/fields.py and add the "
        "new layout here"
    )


def test_ingest_articles_hold_the_input_fields():
    compared = [f.name for f in dataclasses.fields(Article) if f.compare]
    assert compared == list(fields.INPUT)
    assert fields.INPUT == (
        "id",
        "title",
        "body",
        "url",
        "source",
        "category",
        "author",
        "published",
    )


def test_ingest_reads_each_field_under_its_aliases():
    assert fields.ALIASES == {
        "body": ("body", "content", "text"),
        "published": ("published", "date"),
    }
    for alias in ("content", "text"):
        record = {"id": "a", "title": "Judul", alias: "Isi berita.", "date": "2019-07-31"}
        article = article_from_record(record)
        assert (article.body, article.published.isoformat()) == (
            "Isi berita.",
            "2019-07-31T00:00:00+07:00",
        )


def test_the_writer_adds_every_field_of_the_table_but_the_groups():
    article = Article(
        "a",
        "Judul",
        "Isi.",
        "https://x.id/a",
        "x.id",
        "Nasional",
        published=datetime(2019, 7, 31, tzinfo=UTC),
    )
    made = document(article)
    assert list(made) == [f.name for f in FIELDS if f.from_input and not f.joins] + [
        "url_key",
        "exact",
        "phrase",
    ]
    assert made["published"] == datetime(2019, 7, 31)
    assert made["url_key"] == url_key("https://x.id/a")
    assert made["exact"] == made["phrase"] == "Judul\nIsi."
    assert [f.name for f in FIELDS if not f.from_input] == ["group", "url_key"]
    assert "url_key" not in document(dataclasses.replace(article, url=""))


def test_an_update_compares_the_table_s_compared_fields():
    assert COMPARED == ("title", "body", "url", "source", "category", "author", "published")


def test_the_query_syntax_names_the_table_s_fields():
    for field in FIELDS:
        for name in field.query_names:
            parsed = parse_query(f"{name}:2019" if field.kind == fields.DATETIME else f"{name}:x")
            expected = (
                syntax.DateRange(date(2019, 1, 1), date(2019, 12, 31))
                if field.kind == fields.DATETIME
                else syntax.Word("x", field.name)
            )
            assert parsed == syntax.Parsed(syntax.And((expected,))), name
    assert fields.QUERY_NAMES == {
        "title": "title",
        "judul": "title",
        "source": "source",
        "sumber": "source",
        "category": "category",
        "kategori": "category",
        "author": "author",
        "penulis": "author",
    }
    assert fields.DATE_NAMES == {
        "tanggal": "range",
        "date": "range",
        "dari": "from",
        "from": "from",
        "sampai": "to",
        "to": "to",
    }


def test_facets_filters_and_weights_are_the_table_s():
    assert FACETS == ("source", "category", "month", "week")
    assert TERM_FACETS == ("source", "category")
    assert fields.named("filter") == ("source", "category", "published")
    assert DEFAULT_RANKING.field_boosts == FIELD_BOOSTS == {"title": 3.0, "body": 1.0, "exact": 1.0}


def test_results_carry_the_table_s_fields():
    # In the dataclasses' own order, which their JSON keeps.
    hit = {f.name for f in dataclasses.fields(Hit)}
    assert hit - {"snippet", "title_html", "score", "similar", "partial"} == set(fields.HIT)
    assert {f.name for f in dataclasses.fields(Similar)} == set(fields.SIMILAR)
    assert {f.name for f in dataclasses.fields(ResultArticle)} == set(fields.ARTICLE)
    stored = {"id": "a", "title": "T", "body": "B", "url": "ftp://x", "published": None}
    assert Hit.from_stored(stored, "s", 1.0) == Hit(
        "a", "T", "", "", "", "", None, "s", "T", 1.0, None
    )
    assert ResultArticle.from_stored(stored) == ResultArticle("a", "T", "", "", "", "", None, "B")


def test_the_openapi_hit_and_article_are_the_result_shapes():
    components = schemas()
    assert components["Hit"]["required"] == [f.name for f in dataclasses.fields(Hit)]
    article = [f.name for f in dataclasses.fields(ResultArticle)]
    assert components["Article"]["required"] == article
    similar = components["Hit"]["properties"]["similar"]["items"]
    assert similar["required"] == list(fields.SIMILAR)
    assert components["Hit"]["properties"]["group"] == {
        "type": ["string", "null"],
        "description": "the story's group: the id of its first indexed article "
        "(null in an index built before groups)",
    }
