"""``python -m index rollout`` without replicas to reach: a clear message and exit status."""

from __future__ import annotations

from bench.proxy import free_port
from index.cli import main
from index.fleet import FLEET
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
