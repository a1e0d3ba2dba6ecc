"""A second real collection: a FacQA slice (undated), built in parallel, searched by API."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from whoosh import index as whoosh_index

from index.store import IndexStore
from index.writer import build
from tests.conftest import FIXTURES
from web import create_app

FACQA = FIXTURES / "facqa"
# Questions whose judged passage is today's first hit (by far: the next one scores under
# a third of it).
FIRST = [
    "facqa-train-00035",
    "facqa-train-00041",
    "facqa-train-00037",
    "facqa-train-00086",
    "facqa-train-00061",
]


def questions() -> dict[str, str]:
    lines = (FACQA / "queries.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines)


def judged() -> dict[str, str]:
    lines = (FACQA / "qrels.txt").read_text(encoding="utf-8").splitlines()
    return {qid: passage for qid, _, passage, _ in (line.split() for line in lines)}


@pytest.fixture(scope="module")
def facqa(tmp_path_factory):
    """The slice built once with the parallel build (two processes, two segments)."""
    root = tmp_path_factory.mktemp("facqa")
    report = build([FACQA / "passages.jsonl"], IndexStore(root), procs=2)
    return root, report


@pytest.fixture(scope="module")
def facqa_client(facqa):
    return create_app({"TESTING": True, "INDEX_DIR": str(facqa[0])}).test_client()


def test_the_slice_is_built_in_two_segments_with_its_one_repeated_passage_left_out(facqa):
    _, report = facqa
    assert (report.added, report.rejects) == (299, [])
    assert [(d.article.id, d.first_id) for d in report.duplicates] == [
        ("facqa-p00106", "facqa-p00067")
    ]
    ix = whoosh_index.open_dir(str(report.generation))
    assert [s.doc_count() for s in ix._segments()] == [250, 49]
    ix.close()


@pytest.mark.parametrize("qid", FIRST)
def test_the_judged_passage_is_the_first_hit(facqa_client, qid):
    response = facqa_client.get(f"/api/search?q={quote(questions()[qid])}&facets=")
    assert response.status_code == 200
    hits = response.get_json()["hits"]
    assert hits[0]["id"] == judged()[qid]
    assert (hits[0]["title"], hits[0]["published"], hits[0]["source"]) == ("", None, "")


def test_an_undated_collection_searches_with_its_facets(facqa_client):
    response = facqa_client.get(f"/api/search?q={quote(questions()[FIRST[0]])}")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    found = response.get_json()
    assert found["hits"][0]["id"] == judged()[FIRST[0]]
    assert found["facets"]["month"] == []
