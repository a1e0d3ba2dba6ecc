"""Whole answers of ``/api/search`` sent again without Flask (``web/answers.py``): the same
bytes and headers as Flask's own answer but for ``took_ms`` and ``Content-Length``; a new
index state, a condition, gzip, an error and a replica's pinned generation each as before."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES
from tests.generations import publish_new
from web import create_app
from web.answers import Answers, Kept, Shared

QUERY = "/api/search?q=banjir+jakarta&per_page=3"


@pytest.fixture
def store(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store)
    return store


def make(store, **more):
    return create_app({"TESTING": True, "INDEX_DIR": str(store.root), **more})


def answers(app) -> Answers:
    assert isinstance(app.wsgi_app, Answers)
    return app.wsgi_app


def without_took(response) -> tuple[int, list, dict]:
    data = json.loads(response.get_data())
    took = data.pop("took_ms")
    assert isinstance(took, float) and took >= 0
    headers = [(n, v) for n, v in response.headers if n != "Content-Length"]
    assert response.headers["Content-Length"] == str(len(response.get_data()))
    return response.status_code, headers, data


def test_a_search_asked_again_is_the_same_answer_sent_without_flask(store):
    app = make(store)
    client = app.test_client()
    first = client.get(QUERY)
    assert answers(app).sent_again == 0
    again = client.get(QUERY)
    assert answers(app).sent_again == 1
    assert without_took(again) == without_took(first)
    # Byte for byte as Flask's own answer, computed by an app that never kept one.
    fresh = make(store).test_client().get(QUERY)
    assert without_took(again) == without_took(fresh)
    head = again.get_data().split(b'"took_ms":')[0]
    assert head == fresh.get_data().split(b'"took_ms":')[0]
    # The two with both words, then the first with one of them (three a page).
    shown = [(h["id"], h["partial"]) for h in again.get_json()["hits"]]
    assert shown == [("banjir-utara", False), ("musim-hujan", False), ("macet-jakarta", True)]
    # Another query string, another answer.
    other = client.get("/api/search?q=banjir+jakarta&per_page=1")
    assert (answers(app).sent_again, other.get_json()["per_page"]) == (1, 1)


def test_a_new_generation_is_never_answered_from_the_one_before(store, tmp_path):
    app = make(store)
    client = app.test_client()
    first = client.get(QUERY).get_json()
    publish_new(store, tmp_path)
    after = client.get(QUERY)
    assert answers(app).sent_again == 0
    data = after.get_json()
    assert data["generation"] == store.current().name != first["generation"]
    assert after.headers["X-Telusur-Generation"] == data["generation"]
    assert "banjir-baru" in [h["id"] for h in data["hits"]]
    assert without_took(client.get(QUERY)) == without_took(after)
    assert answers(app).sent_again == 1


def test_conditions_gzip_and_errors_are_flasks(store):
    app = make(store)
    client = app.test_client()
    etag = client.get(QUERY).headers["ETag"]
    unchanged = client.get(QUERY, headers={"If-None-Match": etag})
    assert (unchanged.status_code, unchanged.get_data()) == (304, b"")
    for _ in range(2):
        zipped = client.get(QUERY, headers={"Accept-Encoding": "gzip"})
        assert (zipped.status_code, zipped.headers["Content-Encoding"]) == (200, "gzip")
    for _ in range(2):
        bad = client.get("/api/search?q=banjir&per_page=100000")
        assert (bad.status_code, bad.get_json()["error"]["code"]) == (400, "bad_parameter")
        odd = client.get(QUERY, headers={"Host": "evil.example"})
        assert odd.status_code == 400
    assert answers(app).sent_again == 0
    # A language asked for is part of the key (the ETag differs by it).
    english = client.get(QUERY, headers={"Accept-Language": "en"})
    assert english.headers["ETag"] != etag and answers(app).sent_again == 0


def test_no_result_cache_no_kept_answers(store):
    app = make(store, RESULT_CACHE_SIZE=0)
    assert not isinstance(app.wsgi_app, Answers)
    assert app.test_client().get(QUERY).status_code == 200


def test_an_index_gone_is_a_503_not_an_answer_kept(store, tmp_path):
    app = make(store)
    client = app.test_client()
    assert client.get(QUERY).status_code == 200
    (store.root / "CURRENT").unlink()
    for _ in range(2):
        assert client.get(QUERY).status_code == 503
    assert answers(app).sent_again == 0


def test_a_replica_keeps_each_generation_s_answers_apart(store, tmp_path):
    app = make(store, REPLICA="r1")
    client = app.test_client()
    first = store.current().name
    assert client.get(QUERY).get_json()["generation"] == first
    second = publish_new(store, tmp_path)
    assert client.post(f"/_replica/prepare?generation={second}").status_code == 200
    pinned = client.get(f"{QUERY}&gen={second}")
    assert (pinned.headers["X-Telusur-Generation"], answers(app).sent_again) == (second, 0)
    assert client.get(QUERY).get_json()["generation"] == first
    assert answers(app).sent_again == 1
    assert client.post(f"/_replica/switch?generation={second}").status_code == 200
    served = client.get(QUERY)
    assert served.get_json()["generation"] == second
    assert without_took(client.get(f"{QUERY}&gen={second}")) == without_took(pinned)
    assert without_took(client.get(f"{QUERY}&gen={first}"))[2]["generation"] == first
    gone = client.get(f"{QUERY}&gen=gen-000042-gone")
    assert gone.headers["X-Telusur-Generation-Unavailable"] == "gen-000042-gone"
    again = client.get(f"{QUERY}&gen=gen-000042-gone")
    assert without_took(again) == without_took(gone)


def test_workers_share_the_answers_one_of_them_computed(store, tmp_path):
    # Two apps over one folder stand for two gunicorn workers forked from one arbiter.
    one, two = make(store), make(store)
    folder = tmp_path / "shared"
    folder.mkdir()
    answers(one).shared = Shared(folder, 2048)
    answers(two).shared = Shared(folder, 2048)
    computed = one.test_client().get(QUERY)
    assert len(list(folder.iterdir())) == 1
    sent = two.test_client().get(QUERY)
    assert (answers(one).sent_again, answers(two).sent_again) == (0, 1)
    assert without_took(sent) == without_took(computed)


def test_the_shared_folder_keeps_at_most_twice_the_answers_of_a_worker(tmp_path):
    shared = Shared(tmp_path, 100)
    kept = Kept("200 OK", [("Content-Length", "12")], 0, b'{"took_ms":', b"}")
    for n in range(255):
        shared.put(("state", str(n)), kept)
    assert len(list(tmp_path.iterdir())) == 255
    shared.put(("state", "255"), kept)  # every 256 written, the older half goes past 200
    assert len(list(tmp_path.iterdir())) == 128
    shared.put(("state", "new"), kept)
    found = shared.get(("state", "new"))
    assert found is not None
    assert (found.status, found.headers, found.head, found.tail) == (
        "200 OK",
        [("Content-Length", "12")],
        b'{"took_ms":',
        b"}",
    )
    assert shared.get(("state", "nothing")) is None


def test_a_folder_whose_maker_died_is_removed_by_the_next_one(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    made = Shared.make(10)
    parent = made.folder.parent
    left = parent / f"telusur-answers-{dead.stdout.strip()}-x1-"
    left.mkdir()
    (left / "answer").write_bytes(b"old")
    mine = parent / f"telusur-answers-{os.getpid()}-x2-"
    mine.mkdir()
    try:
        again = Shared.make(10)
        assert (left.exists(), mine.exists(), made.folder.is_dir(), again.folder.is_dir()) == (
            False,
            True,
            True,
            True,
        )
    finally:
        for folder in (mine, made.folder):
            shutil.rmtree(folder, ignore_errors=True)
