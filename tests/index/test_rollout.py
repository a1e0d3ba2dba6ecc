"""``python -m index rollout``: without replicas to reach, a clear message and exit status;
against stand-ins for replicas' endpoints (real HTTP servers on 127.0.0.1), every replica
prepared at once, and one failing to prepare switching none."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.proxy import free_port
from index.cli import main
from index.fleet import FLEET
from index.rollout import RolloutFailed, rollout
from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES


def test_a_bad_replica_address_is_a_usage_error(tmp_path, capsys):
    assert main(["rollout", "--index-dir", str(tmp_path), "--replicas", "127.0.0.1:8001"]) == 2
    assert capsys.readouterr().err == (
        "error: --replicas: '127.0.0.1:8001' is not an http(s)://host:port address\n"
    )


def test_no_index_to_roll_out(tmp_path, capsys):
    url = f"http://127.0.0.1:{free_port()}"
    assert main(["rollout", "--index-dir", str(tmp_path), "--replicas", url]) == 1
    assert capsys.readouterr().err == f"error: no index in {tmp_path}: build one first\n"


def test_no_replica_reachable_switches_nothing(tmp_path, capsys):
    build([ARTICLES], IndexStore(tmp_path))
    urls = ",".join(f"http://127.0.0.1:{free_port()}" for _ in range(2))
    assert main(["rollout", "--index-dir", str(tmp_path), "--replicas", urls]) == 1
    captured = capsys.readouterr()
    assert captured.err == "error: no replica could be reached: nothing was switched\n"
    assert captured.out.count("skipped, not reachable") == 2
    assert not (tmp_path / FLEET).exists()


class StandIn:
    """A replica's rollout endpoints on 127.0.0.1: each prepare waits at ``barrier`` until
    every stand-in has received its own, then answers 200 (or ``prepare_status``)."""

    def __init__(self, barrier: threading.Barrier, prepare_status: int = 200) -> None:
        self.paths: list[str] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                stand_in.paths.append(self.path.split("?")[0])
                status, body = 200, {"warm_seconds": 0.5, "prepared_by": {"1": 0.5, "2": 0.4}}
                if self.path.startswith("/_replica/prepare"):
                    try:
                        barrier.wait()
                    except threading.BrokenBarrierError:
                        status, body = 500, {"error": {"message": "prepared one at a time"}}
                    if prepare_status != 200:
                        status, body = prepare_status, {"error": {"message": "no such thing"}}
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_every_replica_prepares_at_once(tmp_path):
    # Each prepare answers only once all three have arrived: prepared one after the other,
    # the first would wait in vain (and answer 500).
    barrier = threading.Barrier(3, timeout=20)
    replicas = [StandIn(barrier) for _ in range(3)]
    said: list[str] = []
    try:
        done = rollout("gen-000002-x", [r.url for r in replicas], say=said.append)
    finally:
        for replica in replicas:
            replica.close()
    assert done.switched == [r.url for r in replicas] and done.skipped == []
    assert said == [
        f"rollout: {r.url} prepared gen-000002-x in 0.5 s (2 workers)" for r in replicas
    ] + [f"rollout: {r.url} serves gen-000002-x" for r in replicas]
    assert [r.paths for r in replicas] == [["/_replica/prepare", "/_replica/switch"]] * 3


def test_one_replica_failing_to_prepare_switches_none(tmp_path):
    barrier = threading.Barrier(3, timeout=20)
    replicas = [StandIn(barrier), StandIn(barrier, prepare_status=404), StandIn(barrier)]
    unreachable = f"http://127.0.0.1:{free_port()}"
    urls = [replicas[0].url, unreachable, replicas[1].url, replicas[2].url]
    said: list[str] = []
    try:
        with pytest.raises(RolloutFailed) as failed:
            rollout("gen-000002-x", urls, say=said.append)
    finally:
        for replica in replicas:
            replica.close()
    why = f"{replicas[1].url}/_replica/prepare?generation=gen-000002-x: HTTP 404: no such thing"
    assert str(failed.value) == (
        f"1 of 4 replicas could not prepare gen-000002-x: {why}; nothing was switched"
    )
    assert said[2] == f"rollout: {why}"
    assert said[1].startswith(f"rollout: {unreachable} skipped, not reachable")
    assert [r.paths for r in replicas] == [["/_replica/prepare"]] * 3
