"""Generated collections indexed by the build's writer and by Whoosh's own read back the same.

The byte-for-byte tests (tests/index/test_segment_writer.py) cover one fixture corpus; here
Hypothesis makes the collections: fields absent or empty, empty texts, odd Unicode,
one article or many, several segments, deletions. Each is written segment by segment
once by :class:`index.codec.segment.ArraySegmentWriter` and once by Whoosh's
``SegmentWriter``; every segment's postings, stored fields, columns and field
lengths must be equal, and so must the engine's results for words of the texts.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from index.analysis import surface_words
from index.codec.segment import ArraySegmentWriter
from index.schema import news_schema
from index.store import IndexStore
from index.writer import with_joined
from search.engine import SearchEngine
from search.language.request import SearchRequest
from tests.index.test_segment_writer import reader_postings

VOCABULARY = [
    "banjir",
    "Banjir",
    "jakarta",
    "menteri",
    "mengalahkan",
    "rumahnya",
    "anak-anak",
    "17,5",
    "1.000.000",
    "COVID-19",
    "yang",
    "dan",
    "di",
    "İstanbul",
    "ﬁnal",
    "ＡＢＣ",
    "e\u0301",
    "\u200b",
    "😀",
    "كتاب",
    "co_op",
    "\n",
    "(",
    "…",
]
WORDS = st.one_of(
    st.sampled_from(VOCABULARY),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6),
)
TEXTS = st.lists(WORDS, max_size=25).map(" ".join)
OPTIONAL_TEXT = st.one_of(st.none(), st.just(""), TEXTS)
LABELS = st.one_of(st.none(), st.just(""), st.sampled_from(["kompas.com", "tempo.co", "Détik"]))
DATES = st.one_of(
    st.none(), st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1))
)


@st.composite
def documents(draw, number: int) -> dict:
    """One article's document as the build writes it; None fields left out."""
    doc = {
        "id": f"d{number}",
        "title": draw(OPTIONAL_TEXT) or "",
        "body": draw(st.one_of(st.just(""), TEXTS)),
        "url": draw(st.one_of(st.none(), st.just(f"https://contoh.example/{number}"))),
        "source": draw(LABELS),
        "category": draw(LABELS),
        "published": draw(DATES),
    }
    return with_joined({k: v for k, v in doc.items() if v is not None})


@st.composite
def collections(draw) -> tuple[list[list[dict]], list[str]]:
    """Documents cut into 1-4 segments, and the ids to delete afterwards."""
    count = draw(st.integers(1, 40))
    docs = [draw(documents(n)) for n in range(count)]
    cuts = sorted(draw(st.lists(st.integers(1, count), max_size=3, unique=True)))
    bounds = [0, *[c for c in cuts if c < count], count]
    segments = [docs[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
    deleted = draw(st.lists(st.sampled_from([d["id"] for d in docs]), max_size=5, unique=True))
    return segments, deleted


def index_with(root: Path, writer_class, segments: list[list[dict]], deleted: list[str]) -> Path:
    """A published generation of ``root`` written segment by segment by ``writer_class``."""
    store = IndexStore(root)
    generation = store.new_generation()
    ix = whoosh_index.create_in(generation, news_schema())
    for docs in segments:
        writer = writer_class(ix, compound=False)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit(merge=False)
    if deleted:
        writer = ix.writer()
        for article_id in deleted:
            writer.delete_by_term("id", article_id)
        writer.commit(merge=False)
    ix.close()
    store.publish(generation)
    return generation


COLUMNS = ("source", "category", "published")
LENGTHS = ("title", "body", "exact", "phrase")


def read_back(generation: Path) -> list[dict]:
    """Per segment: postings, stored fields, columns and field lengths, as Whoosh reads them."""
    ix = whoosh_index.open_dir(str(generation))
    found = []
    with ix.reader() as reader:
        for segment, _ in reader.leaf_readers():
            postings = reader_postings(segment)
            postings.pop("compressions")
            docs = range(segment.doc_count_all())
            found.append(
                {
                    "postings": postings,
                    "live": [d for d in docs if not segment.is_deleted(d)],
                    "stored": [segment.stored_fields(d) for d in docs],
                    "columns": {
                        name: list(segment.column_reader(name, translate=False))
                        for name in COLUMNS
                        if segment.has_column(name)
                    },
                    "lengths": {
                        name: [segment.doc_field_length(d, name) for d in docs] for name in LENGTHS
                    },
                    "totals": {name: segment.field_length(name) for name in LENGTHS},
                }
            )
    ix.close()
    return found


def results(root: Path, queries: list[str]) -> dict[str, list[tuple[str, float]]]:
    engine = SearchEngine(root, cache_size=0)
    try:
        return {
            q: [
                (h.id, round(h.score, 4)) for h in engine.search(SearchRequest(q, per_page=50)).hits
            ]
            for q in queries
        }
    finally:
        engine.close()


def queries_of(segments: list[list[dict]]) -> list[str]:
    words = sorted({w for docs in segments for d in docs for w in surface_words(d["exact"])})
    return ["banjir", *words[:6], " ".join(words[:2])]


@pytest.mark.slow
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(collections())
def test_a_generated_collection_reads_back_as_whooshs_writer_wrote_it(collection):
    segments, deleted = collection
    with tempfile.TemporaryDirectory() as tmp:
        ours = index_with(Path(tmp, "arrays"), ArraySegmentWriter, segments, deleted)
        theirs = index_with(Path(tmp, "whoosh"), SegmentWriter, segments, deleted)
        assert read_back(ours) == read_back(theirs)
        queries = queries_of(segments)
        assert results(Path(tmp, "arrays"), queries) == results(Path(tmp, "whoosh"), queries)
