"""Indexes whose segments do not all have the same columns: an undated collection built
in several segments, an update of undated articles merged among dated ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from index.store import IndexStore
from index.writer import build
from web import create_app

ROOT = Path(__file__).resolve().parent.parent
GEMPA = [7, 107, 207, 307, 407, 507]  # in both processes' batches of the parallel build
GEMPA_IDS = ["p507", "p407", "p307", "p207", "p107", "p007"]  # by relevance: most mentions first


def jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def segment_columns(generation: Path) -> list[bool]:
    """For each segment, in order, whether it has a ``published`` column."""
    ix = whoosh_index.open_dir(str(generation))
    try:
        with ix.reader() as reader:
            return [segment.has_column("published") for segment, _ in reader.leaf_readers()]
    finally:
        ix.close()


def passages() -> list[dict]:
    """Passages with only an id and a body, like a question-answering collection."""
    records = []
    for n in range(600):
        words = "gempa " * (GEMPA.index(n) + 1) if n in GEMPA else ""
        body = f"Warga desa nomor {n} bercerita {words}hari ini"
        records.append({"id": f"p{n:03d}", "body": body})
    return records


@pytest.fixture(scope="module")
def undated(tmp_path_factory) -> Path:
    """600 undated passages built by two processes: two segments, neither with a date column."""
    root = tmp_path_factory.mktemp("undated")
    source = jsonl(root / "passages.jsonl", passages())
    report = build([source], IndexStore(root / "index"), procs=2)
    assert segment_columns(report.generation) == [False, False]
    return root / "index"


def test_an_undated_collection_in_several_segments_is_searched_with_its_facets(undated):
    client = create_app({"TESTING": True, "INDEX_DIR": str(undated)}).test_client()
    response = client.get("/api/search?q=gempa&facets=source,category,month,week")
    assert response.status_code == 200
    data = response.get_json()
    assert data["total"] == 6
    assert [hit["id"] for hit in data["hits"]] == GEMPA_IDS
    assert [hit["published"] for hit in data["hits"]] == [None] * 6
    assert data["facets"] == {"source": [], "category": [], "month": [], "week": []}
    newest = client.get("/api/search?q=gempa&sort=newest&facets=")
    assert newest.status_code == 200
    assert newest.get_json()["total"] == 6
    histogram = client.get("/api/histogram?q=gempa")
    assert histogram.status_code == 200
    assert histogram.get_json() == {
        "query": "gempa",
        "interval": "month",
        "first": None,
        "last": None,
        "buckets": [],
    }
    page = client.get("/?q=gempa")
    assert page.status_code == 200
    assert 'href="/articles/p507"' in page.get_data(as_text=True)


def test_the_command_line_searches_an_undated_collection_in_several_segments(undated):
    done = subprocess.run(
        [sys.executable, "-m", "search", "gempa", "--json", "--index-dir", str(undated)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    printed = json.loads(done.stdout)
    assert [hit["id"] for hit in printed["hits"]] == GEMPA_IDS
    assert printed["facets"] == {"source": [], "category": [], "month": []}
