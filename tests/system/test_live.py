"""A real server on 127.0.0.1 follows the index: updates, deletions and a full rebuild, live."""

import json
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from index.schema import SCHEMA_VERSION
from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES
from web import create_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store)
    return store


@pytest.fixture
def server(store):
    app = create_app({"INDEX_DIR": str(store.root)})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def total(server: str, q: str) -> int:
    status, body = get(f"{server}/api/search?q={q}")
    assert status == 200, body
    return body["total"]


def index_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "index", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def add_kilang(store: IndexStore, folder: Path) -> None:
    """``python -m index update`` with one new article, "Kilang Minyak Baru"."""
    news = folder / "baru.jsonl"
    record = {"id": "kilang-minyak", "title": "Kilang Minyak Baru", "body": "Kilang minyak dibuka."}
    news.write_text(json.dumps(record) + "\n", encoding="utf-8")
    done = index_cli("update", str(news), "--index-dir", str(store.root))
    assert done.returncode == 0, done.stderr


def wait_for(check, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the server did not follow the index"
        time.sleep(0.05)


def test_healthz_reports_articles_and_last_change(server, store):
    status, body = get(f"{server}/healthz")
    assert status == 200
    assert body == {
        "status": "ok",
        "articles": 13,
        "last_change": store.meta(store.current())["published"],
        "generation": store.current().name,
        "schema_version": SCHEMA_VERSION,
    }


def test_healthz_without_an_index_is_a_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "reason": f"no index in {tmp_path / 'none'}: build one first",
    }
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.slow
def test_a_running_server_sees_an_update_and_a_delete(server, store, tmp_path):
    before = get(f"{server}/healthz")[1]
    assert total(server, "kilang") == 0
    add_kilang(store, tmp_path)
    wait_for(lambda: total(server, "kilang") == 1)
    after = get(f"{server}/healthz")[1]
    assert after["articles"] == 14
    assert after["last_change"] > before["last_change"]
    assert after["generation"] != before["generation"]
    done = index_cli("delete", "kilang-minyak", "--index-dir", str(store.root))
    assert done.returncode == 0, done.stderr
    wait_for(lambda: total(server, "kilang") == 0)
    assert get(f"{server}/healthz")[1]["articles"] == 13


@pytest.mark.slow
def test_a_rebuild_keeps_answering_and_switches_at_once(server, store, tmp_path):
    corpus = tmp_path / "besar.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        f.write(ARTICLES.read_text(encoding="utf-8"))
        for n in range(600):
            words = " ".join(f"kata{(n * 7 + k) % 997}" for k in range(30))
            body = f"Berita sintetis nomor {n} tentang {words}."
            f.write(json.dumps({"id": f"sintetis-{n}", "title": f"Sintetis {n}", "body": body}))
            f.write("\n")
    assert total(server, "sintetis") == 0
    rebuild = subprocess.Popen(
        [sys.executable, "-m", "index", "build", str(corpus), "--index-dir", str(store.root)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen_during = []
    while rebuild.poll() is None:
        seen_during.append(total(server, "sintetis"))
        assert total(server, "banjir+jakarta") == 5  # 2 with both words, 3 with one
    out, err = rebuild.communicate()
    assert rebuild.returncode == 3, err  # the fixture corpus has its rejects
    assert len(seen_during) >= 3  # it answered all through the build
    assert set(seen_during) <= {0, 600}  # the old index or the new one, nothing in between
    wait_for(lambda: total(server, "sintetis") == 600)
    assert get(f"{server}/healthz")[1]["articles"] == 613
