"""Read replicas of several gunicorn workers, for real: a prepare reaches one worker process,
and answers only once every worker of the replica holds the new generation (a worker
replaced meanwhile too), so that no worker meets a reader's pinned page, or the switch,
without it. And ``python -m index rollout`` prepares every replica at once, switching
none when one of them fails."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest

from bench.proxy import ROOT
from bench.replicas import Replica
from index.fleet import read_pin
from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES
from tests.generations import publish_new

pytestmark = pytest.mark.slow


def post(url: str) -> tuple[int, dict]:
    try:
        with urlopen(Request(url, data=b"", method="POST"), timeout=120) as answer:
            return answer.status, json.loads(answer.read())
    except HTTPError as err:
        with err:
            return err.code, json.loads(err.read())


def each_worker_state(replica: Replica, pids: list[int]) -> dict[int, dict]:
    """``GET /_replica`` as each worker process answers it about itself: asked from several
    connections at once (each a new one) until every worker of ``pids`` has answered."""
    found: dict[int, dict] = {}
    with ThreadPoolExecutor(8) as pool:
        for _ in range(60):
            for _, _, state in pool.map(lambda _: replica.get("/_replica"), range(16)):
                found.setdefault(state["pid"], state)
            if set(found) >= set(pids):
                return {pid: found[pid] for pid in pids}
    raise AssertionError(f"workers {sorted(set(pids) - set(found))} never answered")


def generations(replica: Replica, query: str, count: int = 40) -> set[tuple]:
    """(generation, generation unavailable, total) of ``count`` searches sent at once."""

    def one(_: int) -> tuple:
        status, headers, data = replica.get(f"/api/search?{query}")
        assert status == 200 and headers["X-Telusur-Generation"] == data["generation"]
        return data["generation"], headers.get("X-Telusur-Generation-Unavailable"), data["total"]

    with ThreadPoolExecutor(8) as pool:
        return set(pool.map(one, range(count)))


def replaced(replica: Replica, killed: int, count: int, timeout: float = 120) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = replica.workers()
        if len(pids) == count and killed not in pids:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"worker {killed} was not replaced within {timeout} s")


def until_held(replica: Replica, expected: dict, timeout: float = 120) -> bool:
    """Whether the replica's folder says ``expected`` within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if held(replica.get("/_replica")[2]) == expected:
            return True
        time.sleep(0.1)
    return False


def held(state: dict) -> dict[str, tuple[list[str], dict]]:
    return {pid: (h["prepared"], h["failed"]) for pid, h in state["workers"].items()}


def test_every_worker_of_a_replica_holds_the_prepared_generation(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store)
    first = store.current().name
    replica = Replica("r1", store.root, tmp_path / "run", threads=1, workers=2)
    try:
        replica.start()
        second = publish_new(store, tmp_path)
        pids = replica.workers()
        assert len(pids) == 2

        status, state = post(f"{replica.url}/_replica/prepare?generation={second}")
        assert status == 200, state
        assert sorted(state["prepared_by"]) == sorted(str(pid) for pid in pids)
        assert held(state) == {str(pid): ([second], {}) for pid in pids}
        for pid, own in each_worker_state(replica, pids).items():
            assert (own["serving"], own["prepared"], second in own["open"]) == (
                first,
                [second],
                True,
            ), pid
        # Whichever worker answers: a page pinned to the prepared generation comes from it,
        # and a reader who asks for none still gets the generation served.
        assert generations(replica, f"q=banjir&gen={second}") == {(second, None, 5)}
        assert generations(replica, "q=banjir") == {(first, None, 4)}

        # A worker killed now is replaced; the new one prepares the generation before it
        # accepts a request, and the replica's folder counts it, not the dead one.
        os.kill(pids[0], signal.SIGKILL)
        now = replaced(replica, pids[0], 2)
        # It registers at once, then prepares before it accepts (the other worker answers).
        assert until_held(replica, {str(pid): ([second], {}) for pid in now})
        assert generations(replica, f"q=banjir&gen={second}") == {(second, None, 5)}

        status, state = post(f"{replica.url}/_replica/switch?generation={second}")
        assert (status, state["serving"]) == (200, second)
        assert read_pin(store.root).names == (second, first)
        assert generations(replica, "q=banjir") == {(second, None, 5)}
        assert generations(replica, f"q=banjir&gen={first}") == {(first, None, 4)}
    finally:
        replica.stop()


def rollout(index_dir, *replicas: Replica, generation: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "index", "rollout", "--index-dir", str(index_dir)]
    command += ["--replicas", ",".join(r.url for r in replicas), "--generation", generation]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_a_replica_that_fails_to_prepare_stops_the_rollout_before_any_switch(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store)
    first = store.current().name
    other = IndexStore(tmp_path / "other")  # a store of its own, without the new generation
    build([ARTICLES], other)
    good = Replica("r1", store.root, tmp_path / "run", threads=1, workers=2)
    bad = Replica("r2", other.root, tmp_path / "run", threads=1, workers=1)
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(Replica.start, (good, bad)))
        second = publish_new(store, tmp_path)

        refused = rollout(store.root, good, bad, generation=second)
        assert refused.returncode == 1
        known = other.current().name
        why = (
            f"{bad.url}/_replica/prepare?generation={second}: HTTP 404: "
            f"{second} is not a published generation ({known})"
        )
        assert refused.stderr == (
            f"error: 1 of 2 replicas could not prepare {second}: {why}; nothing was switched\n"
        )
        lines = refused.stdout.splitlines()
        assert re.fullmatch(
            rf"rollout: {re.escape(good.url)} prepared {second} in \d+\.\d s \(2 workers\)",
            lines[0],
        )
        assert lines[1:] == [f"rollout: {why}"]
        assert read_pin(store.root).names == (first,)
        assert generations(good, "q=banjir") == {(first, None, 4)}

        done = rollout(store.root, good, generation=second)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[1:] == [
            f"rollout: {good.url} serves {second}",
            f"rollout: 1 replicas serve {second}",
        ]
        assert generations(good, "q=banjir") == {(second, None, 5)}
    finally:
        good.stop()
        bad.stop()
