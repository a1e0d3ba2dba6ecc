"""Indexes whose segments do not all have the same columns: an undated collection built
in several segments, an update of undated articles merged among dated ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from index.stats import index_stats
from index.store import IndexStore
from index.writer import build, update
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
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
    assert 'href="/articles/p507?q=gempa"' in page.get_data(as_text=True)


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


def dated(n: int, word: str, day: str, source: str) -> dict:
    return {
        "id": f"{word}-{n:03d}",
        "title": f"Berita {word} nomor {n}",
        "body": f"Warga kota membaca berita {word} ke-{n} hari ini",
        "published": f"{day}T10:00:00+07:00",
        "source": source,
        "category": "News",
    }


@pytest.fixture(scope="module")
def updated(tmp_path_factory) -> IndexStore:
    """100 dated articles, an update of 50 undated ones, six small updates of dated ones:
    Whoosh's merge puts the segment without a date column first."""
    root = tmp_path_factory.mktemp("updated")
    store = IndexStore(root / "index")
    days = [f"2019-07-{1 + n % 28:02d}" for n in range(100)]
    build(
        [jsonl(root / "dated.jsonl", [dated(n, "banjir", days[n], "a.com") for n in range(100)])],
        store,
    )
    undated = [{"id": f"u{n:02d}", "body": f"Banjir tanpa tanggal di desa {n}"} for n in range(50)]
    update([jsonl(root / "undated.jsonl", undated)], store)
    for k in range(6):
        gempa = [dated(3 * k + n, "gempa", f"2019-08-0{k + 1}", "b.com") for n in range(3)]
        update([jsonl(root / f"gempa-{k}.jsonl", gempa)], store)
    assert segment_columns(store.current()) == [False, True, True]
    return store


def test_after_updates_with_undated_articles_faceted_searches_still_answer(updated):
    client = create_app({"TESTING": True, "INDEX_DIR": str(updated.root)}).test_client()
    response = client.get("/api/search?q=gempa&sort=oldest&per_page=3")
    assert response.status_code == 200
    data = response.get_json()
    assert data["total"] == 18
    assert [hit["id"] for hit in data["hits"]] == ["gempa-000", "gempa-001", "gempa-002"]
    assert data["facets"] == {
        "source": [{"value": "b.com", "count": 18}],
        "category": [{"value": "News", "count": 18}],
        "month": [{"value": "2019-08", "count": 18}],
    }
    banjir = client.get("/api/search?q=banjir&facets=source,month").get_json()
    assert banjir["total"] == 150
    assert banjir["facets"] == {
        "source": [{"value": "a.com", "count": 100}],
        "month": [{"value": "2019-07", "count": 100}],
    }
    histogram = client.get("/api/histogram?q=gempa")
    assert histogram.status_code == 200
    assert histogram.get_json() == {
        "query": "gempa",
        "interval": "month",
        "first": "2019-07-01",
        "last": "2019-08-06",
        "buckets": [{"value": "2019-07", "count": 0}, {"value": "2019-08", "count": 18}],
    }
    page = client.get("/?q=gempa")
    assert page.status_code == 200
    assert 'href="/articles/gempa-017?q=gempa"' in page.get_data(as_text=True)
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["status"] == "ok"


def test_index_stats_after_updates_with_undated_articles(updated):
    stats = index_stats(updated).to_dict()
    assert {key: stats[key] for key in ("articles", "outlets", "undated")} == {
        "articles": 168,
        "outlets": [
            {"value": "a.com", "count": 100},
            {"value": "", "count": 50},
            {"value": "b.com", "count": 18},
        ],
        "undated": 50,
    }
    assert (stats["first_published"], stats["last_published"]) == (
        "2019-07-01T10:00:00+07:00",
        "2019-08-06T10:00:00+07:00",
    )


def damage_source_columns(generation: Path) -> None:
    """Cut each segment's ``source`` column file short: the index still opens."""
    for path in generation.glob("*.source.col"):
        path.write_bytes(path.read_bytes()[:5])


def test_healthz_fails_when_searching_fails_and_recovers(tmp_path):
    store = IndexStore(tmp_path / "index")
    records = [dated(n, "banjir", "2019-07-01", "a.com") for n in range(3)]
    source = jsonl(tmp_path / "a.jsonl", records)
    build([source], store)
    damage_source_columns(store.current())
    client = create_app({"TESTING": True, "INDEX_DIR": str(store.root)}).test_client()
    assert client.get("/api/search?q=banjir&facets=").status_code == 200  # it opens
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "reason": "searching fails: error: bad char in struct format",
    }
    assert response.headers["Cache-Control"] == "no-store"
    build([source], store)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["articles"] == 3
