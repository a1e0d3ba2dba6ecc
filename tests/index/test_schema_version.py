"""The index records its schema version; an index of an older schema refuses ``index update``
(with the command that mends it), still searches, and ``/healthz`` says it needs a build.

The older index is built for real, with the schema the first release wrote (no ``exact``,
``phrase`` or ``group`` field, positions in the scored fields), by Whoosh's own writer.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.fields import DATETIME, ID, TEXT, Schema

from index.analysis import indonesian_analyzer
from index.ingest import Article, read_sources
from index.schema import SCHEMA_KEY, SCHEMA_VERSION, news_schema, schema_version
from index.store import IndexStore
from index.writer import build, delete, document, update
from tests.conftest import ARTICLES
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
OLDER = "the index was built by an older schema: run `index build`"


def first_schema() -> Schema:
    """The schema of the first release (git c8bdef6)."""
    analyzer = indonesian_analyzer()
    return Schema(
        id=ID(unique=True, stored=True),
        title=TEXT(analyzer=analyzer, stored=True),
        body=TEXT(analyzer=analyzer, stored=True),
        url=ID(stored=True),
        source=ID(stored=True, sortable=True),
        category=ID(stored=True, sortable=True),
        published=DATETIME(stored=True, sortable=True),
    )


def old_index(root: Path, meta: dict | None = None) -> Path:
    """A published generation of the fixture corpus in the first release's schema,
    its ``telusur.json`` as that release wrote it (no schema version)."""
    store = IndexStore(root)
    generation = store.new_generation()
    schema = first_schema()
    ix = whoosh_index.create_in(generation, schema)
    with ix.writer() as writer:
        for article in read_sources([ARTICLES]):
            if isinstance(article, Article):
                doc = document(article, joined=False)
                writer.add_document(**{name: doc[name] for name in doc if name in schema})
    ix.close()
    store.publish(generation, meta or {"command": "build", "parent": None, "articles": 13})
    return generation


def index_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "index", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def news(folder: Path) -> Path:
    path = folder / "baru.jsonl"
    record = {"id": "kilang-minyak", "title": "Kilang Minyak Baru", "body": "Kilang minyak dibuka."}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def health(root: Path) -> tuple[int, dict]:
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    response = client.get("/healthz")
    return response.status_code, response.get_json()


def test_update_of_an_older_schema_exits_1_with_the_command_that_mends_it(tmp_path):
    root = tmp_path / "ix"
    live = old_index(root)
    done = index_cli("update", str(news(tmp_path)), "--index-dir", str(root))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"error: {OLDER}; nothing was changed\n"
    store = IndexStore(root)
    assert store.current() == live
    assert store.generations() == [live]  # the refused update's generation is gone


def test_healthz_on_an_older_schema_is_healthy_and_says_it_needs_a_build(tmp_path):
    live = old_index(tmp_path)
    status, body = health(tmp_path)
    assert status == 200
    assert body == {
        "status": "ok",
        "articles": 13,
        "last_change": IndexStore(tmp_path).meta(live)["published"],
        "generation": live.name,
        "schema_version": 0,
        "warning": OLDER,
    }
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    found = client.get("/api/search", query_string={"q": "banjir bekasi"}).get_json()
    # The one article with both words, then those with "banjir" alone.
    assert [(hit["id"], hit["partial"]) for hit in found["hits"]] == [
        ("bekasi-kebanjiran", False),
        ("banjir-utara", True),
        ("musim-hujan", True),
        ("uji-html", True),
    ]


def test_a_build_over_an_older_schema_makes_it_current_and_updatable(tmp_path):
    root = tmp_path / "ix"
    old_index(root)
    done = index_cli("build", str(ARTICLES), "--index-dir", str(root))
    assert done.returncode == 3, done.stderr  # the fixture corpus has 3 rejects
    store = IndexStore(root)
    assert store.meta(store.current())[SCHEMA_KEY] == SCHEMA_VERSION
    status, body = health(root)
    assert (status, body["schema_version"], "warning" in body) == (200, SCHEMA_VERSION, False)
    done = index_cli("update", str(news(tmp_path)), "--index-dir", str(root))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("update: 1 added in ")
    assert store.meta(store.current())[SCHEMA_KEY] == SCHEMA_VERSION


def test_a_delete_keeps_the_older_version_recorded(tmp_path):
    store = IndexStore(tmp_path)
    old_index(tmp_path)
    assert delete(["banjir-utara"], store).deleted == 1
    assert store.meta(store.current())[SCHEMA_KEY] == 0
    assert health(tmp_path)[1]["warning"] == OLDER


def test_an_index_of_a_newer_schema_is_refused_too(tmp_path):
    store = IndexStore(tmp_path)
    build([ARTICLES], store)
    live = store.current()
    meta = store.meta(live) | {SCHEMA_KEY: SCHEMA_VERSION + 1}
    (live / "telusur.json").write_text(json.dumps(meta), encoding="utf-8")
    done = index_cli("update", str(news(tmp_path)), "--index-dir", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr == (
        "error: the index was built by a newer schema than this code knows: run `index build`;"
        " nothing was changed\n"
    )
    assert health(tmp_path)[1]["schema_version"] == SCHEMA_VERSION + 1


def test_an_index_from_before_versions_is_current_when_its_layout_is(tmp_path):
    store = IndexStore(tmp_path)
    generation = store.new_generation()
    whoosh_index.create_in(generation, news_schema()).close()
    store.publish(generation, {"command": "build"})
    assert schema_version(store.meta(generation), news_schema()) == SCHEMA_VERSION
    assert schema_version({}, first_schema()) == 0
    report = update([news(tmp_path)], store)
    assert report.added == 1
    assert store.meta(store.current())[SCHEMA_KEY] == SCHEMA_VERSION


@pytest.mark.parametrize("recorded", [0, SCHEMA_VERSION])
def test_a_recorded_version_wins_over_the_layout(recorded):
    assert schema_version({SCHEMA_KEY: recorded}, news_schema()) == recorded
    assert schema_version({SCHEMA_KEY: recorded}, first_schema()) == recorded
