"""Read replicas for real: three gunicorn replicas (``TELUSUR_REPLICA``, two worker processes
each) over one store and nginx in front (``deploy/``), on 127.0.0.1. One is killed and the
others answer; a new
generation is rolled out (``python -m index rollout``) while readers page, and none gets a
page from another generation than the one it asked for; the killed replica, started
again, serves the fleet's generation. Without nginx the test is skipped, except where
``CI`` is set: there it fails."""

from __future__ import annotations

import os
import threading
from urllib.error import HTTPError

import pytest

from bench.proxy import nginx_binary
from bench.replicas import fleet
from index.fleet import read_pin
from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES
from tests.generations import publish_new


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    if nginx_binary() is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing (make nginx installs it)")
        pytest.skip("nginx is not installed (make nginx)")
    work = tmp_path_factory.mktemp("replicas")
    store = IndexStore(work / "index")
    build([ARTICLES], store)
    with fleet(store.root, work / "run", count=3, threads=2, workers=2) as started:
        yield started, store, work


def generation_and_ids(answer) -> tuple[str, str, list[str]]:
    status, headers, data = answer
    assert status == 200
    assert headers["X-Telusur-Generation"] == data["generation"]
    return (
        data["generation"],
        headers.get("X-Telusur-Generation-Unavailable"),
        [hit["id"] for hit in data["hits"]],
    )


def test_a_killed_replica_costs_no_request_and_a_rollout_keeps_pages_in_one_generation(running):
    fleet_, store, work = running
    first = store.current().name
    page_one = fleet_.get("/api/search?q=banjir&per_page=2")
    assert generation_and_ids(page_one) == (first, None, ["banjir-utara", "bekasi-kebanjiran"])
    status, _, _ = fleet_.get("/healthz")
    assert status == 200

    victim = fleet_.replicas[0]
    victim.kill()
    answers = [fleet_.get(f"/api/search?q=banjir&per_page=2&page={n % 2 + 1}") for n in range(30)]
    assert {generation_and_ids(a)[0] for a in answers} == {first}

    second = publish_new(store, work)
    # Published, not rolled out: the fleet still serves the pinned generation.
    assert generation_and_ids(fleet_.get("/api/search?q=banjir"))[0] == first

    # Readers keep paging, pinned to the generation of their first page, during the rollout.
    seen: list[tuple[str, str, str | None]] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            gen, _, _ = generation_and_ids(fleet_.get("/api/search?q=banjir&per_page=2"))
            for page in (2, 3):
                path = f"/api/search?q=banjir&per_page=2&page={page}&gen={gen}"
                answered, gone, _ = generation_and_ids(fleet_.get(path))
                seen.append((gen, answered, gone))

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    try:
        done = fleet_.rollout()
    finally:
        stop.set()
        for reader in readers:
            reader.join()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"rollout: {victim.url} skipped, not reachable")
    for line, replica in zip(lines[1:3], fleet_.replicas[1:], strict=True):
        assert line.startswith(f"rollout: {replica.url} prepared {second} in ")
        assert line.endswith(" s (2 workers)")
    assert lines[-1] == f"rollout: 2 replicas serve {second}, 1 skipped"
    assert seen and all(asked == answered and gone is None for asked, answered, gone in seen)
    assert read_pin(store.root).names == (second, first)

    for replica in fleet_.replicas[1:]:
        newest, _, ids = generation_and_ids(replica.get("/api/search?q=banjir"))
        assert (newest, "banjir-baru" in ids) == (second, True)
        # The generation before stays open for the readers still paging through it.
        assert generation_and_ids(replica.get(f"/api/search?q=banjir&gen={first}")) == (
            first,
            None,
            ["banjir-utara", "bekasi-kebanjiran", "musim-hujan", "uji-html"],
        )
    # A generation a replica does not have stops the rollout before any switch.
    refused = fleet_.rollout("gen-000099-nothing")
    assert refused.returncode == 1
    assert "HTTP 404: gen-000099-nothing is not a published generation" in refused.stderr
    assert read_pin(store.root).names == (second, first)
    gone = fleet_.get("/api/search?q=banjir&gen=gen-000099-gone")
    assert generation_and_ids(gone)[:2] == (second, "gen-000099-gone")

    victim.start()
    status, _, health = victim.get("/healthz")
    assert (status, health["generation"]) == (200, second)
    assert generation_and_ids(victim.get("/api/search?q=banjir"))[0] == second


def test_nginx_keeps_the_rollout_endpoints_from_readers(running):
    fleet_, _, _ = running
    with pytest.raises(HTTPError) as refused:
        fleet_.get("/_replica")
    refused.value.close()
    assert refused.value.code == 404
    status, _, state = fleet_.replicas[1].get("/_replica")
    assert (status, state["replica"]) == (200, "r2")
