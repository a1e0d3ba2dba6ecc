"""After an update, what the unchanged segments hold is reused, not decoded or read again."""

from __future__ import annotations

import json

import numpy as np
import pytest
from whoosh.reading import MultiReader

from index.codec import postings
from index.store import IndexStore
from index.writer import build, update
from search.engine import SearchEngine
from search.evaluation import facet_segments
from search.evaluation.facets import FacetTable
from search.language.request import SearchRequest

ARTICLES = [
    {
        "id": f"a{n}",
        "title": f"Banjir ke-{n}",
        "body": f"banjir melanda kampung nomor {n} di jakarta",
        "date": "2019-09-01",
    }
    for n in range(40)
]


def write(path, articles) -> None:
    path.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")


@pytest.fixture
def store(tmp_path):
    write(tmp_path / "articles.jsonl", ARTICLES)
    store = IndexStore(tmp_path / "index")
    build([tmp_path / "articles.jsonl"], store)
    return store


def segment_ids(engine: SearchEngine) -> list[str]:
    return [r.segment().segment_id() for r, _ in engine.searcher().reader().leaf_readers()]


def test_an_update_decodes_and_reads_only_its_new_segment(store, tmp_path, monkeypatch):
    engine = SearchEngine(store.root, cache_size=0)
    before = engine.search(SearchRequest("banjir", per_page=50))
    assert before.total == 40
    [old_segment] = segment_ids(engine)

    decoded: list[tuple[str, str, bytes]] = []
    real_decode = postings._segment_postings

    def recorded_decode(reader, terms, field, btext):
        decoded.append((reader.segment().segment_id(), field, btext))
        return real_decode(reader, terms, field, btext)

    read: list[int] = []
    real_read = MultiReader.stored_fields  # a searcher's, bound when it opens

    def recorded_read(self, docnum):
        read.append(docnum)
        return real_read(self, docnum)

    monkeypatch.setattr(postings, "_segment_postings", recorded_decode)
    monkeypatch.setattr(MultiReader, "stored_fields", recorded_read)
    changes = [
        {"id": "baru", "title": "Banjir Baru", "body": "banjir baru di bekasi"},
        {**ARTICLES[3], "title": "Banjir ke-3 diperbarui"},
    ]
    write(tmp_path / "changes.jsonl", changes)
    assert update([tmp_path / "changes.jsonl"], store).counts()["added"] == 1
    after = engine.search(SearchRequest("banjir", per_page=50))

    segments = segment_ids(engine)
    assert segments[0] == old_segment and len(segments) == 2
    # Every term was decoded again in the new segment only.
    assert decoded and {segment for segment, _, _ in decoded} == {segments[1]}
    # The old articles' stored fields were not read again: only the two new documents.
    assert sorted(read) == [40, 41]
    assert after.total == 41
    ids = [hit.id for hit in after.hits]
    assert sorted(ids) == sorted([a["id"] for a in ARTICLES] + ["baru"])
    assert [hit.title for hit in after.hits if hit.id == "a3"] == ["Banjir ke-3 diperbarui"]
    engine.close()


def test_the_kept_postings_are_the_same_arrays_after_an_update(store, tmp_path):
    engine = SearchEngine(store.root, cache_size=0)
    engine.search(SearchRequest("banjir"))
    kept = dict(engine.carried.postings.kept.items())
    assert len(kept) == 3  # banjir in title, body and the words as written
    decoded = engine.carried.postings.decoded
    write(tmp_path / "changes.jsonl", [{"id": "baru", "title": "Baru", "body": "banjir baru"}])
    update([tmp_path / "changes.jsonl"], store)
    engine.search(SearchRequest("banjir"))
    for key, value in kept.items():
        assert engine.carried.postings.kept.get(key) is value
    # One look-up per field and term, in the new segment alone.
    assert engine.carried.postings.decoded - decoded == len(kept)
    engine.close()


def test_an_update_reads_the_facets_of_its_new_segment_only(store, tmp_path, monkeypatch):
    engine = SearchEngine(store.root, cache_size=0)
    engine.search(SearchRequest("banjir", facets=("source", "month")))
    read: list[str] = []

    class Recorded(facet_segments.FacetTable):
        def __init__(self, reader) -> None:
            read.append(reader.segment().segment_id())
            super().__init__(reader)

    monkeypatch.setattr(facet_segments, "FacetTable", Recorded)
    changes = [
        {"id": "baru", "title": "Banjir", "body": "banjir baru", "date": "2020-01-05"},
        {**ARTICLES[3], "source": "contoh.com", "date": "2019-10-01"},
    ]
    write(tmp_path / "changes.jsonl", changes)
    update([tmp_path / "changes.jsonl"], store)
    result = engine.search(SearchRequest("banjir", facets=("source", "month")))
    assert read == [segment_ids(engine)[1]]
    whole = FacetTable(engine.searcher().reader())
    searcher = engine.searcher()
    table = engine.version(searcher).facet_table(searcher)
    assert table.labels == whole.labels
    assert all(np.array_equal(table.codes[name], whole.codes[name]) for name in whole.codes)
    assert [(v.value, v.count) for v in result.facets["month"]] == [
        ("2019-09", 39),
        ("2019-10", 1),
        ("2020-01", 1),
    ]
    assert [(v.value, v.count) for v in result.facets["source"]] == [("contoh.com", 1)]
    engine.close()
