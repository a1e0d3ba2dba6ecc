"""A build on Dask workers (``--dask``) indexes and ranks exactly as a local build does."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random

import dask
import distributed
import pytest
from whoosh import index as whoosh_index

from index import dask_build
from index.cli import main
from index.dask_build import DaskOptions
from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest

WORDS = [
    "banjir",
    "jakarta",
    "gempa",
    "presiden",
    "sungai",
    "warga",
    "rumah",
    "hujan",
    "deras",
    "pemerintah",
    "kota",
    "menteri",
    "anggaran",
    "harga",
    "beras",
    "pasar",
    "sekolah",
    "jalan",
    "tol",
    "kereta",
    "bandung",
    "pemilu",
    "partai",
    "hutan",
    "kebakaran",
]
SOURCES = ("kompas.com", "tempo.co", "detik.com")
QUERIES = ["banjir", "banjir jakarta", "gempa bandung", "harga beras", "kebakaran hutan", "tol"]
ARTICLES = 300


@pytest.fixture(scope="module")
def collection(tmp_path_factory):
    """A few hundred generated articles, with one id read twice (the later record wins)."""
    rng = random.Random(24)
    lines = []
    for n in range(ARTICLES):
        words = rng.choices(WORDS, k=rng.randint(8, 60))
        lines.append(
            {
                "id": f"a{n}",
                "title": " ".join(rng.choices(WORDS, k=4)).capitalize(),
                "body": " ".join(words) + ".",
                "url": f"https://example.com/{n}",
                "source": SOURCES[n % 3],
                "published": f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
            }
        )
    lines.append({**lines[7], "body": "banjir besar di jakarta, koreksi."})
    path = tmp_path_factory.mktemp("dask") / "articles.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster():
    """Two in-process workers: light, and a test's monkeypatch reaches their tasks."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as c:
        yield c


def searched(root) -> tuple:
    engine = SearchEngine(root, cache_size=0)
    found = {
        q: [(h.id, round(h.score, 6)) for h in engine.search(SearchRequest(q)).hits]
        for q in QUERIES
    }
    searcher = engine.searcher()
    stored = sorted(
        (dict(fields) for fields in searcher.all_stored_fields()), key=lambda d: d["id"]
    )
    total = searcher.doc_count()
    engine.close()
    return found, stored, total


def segments(report) -> int:
    ix = whoosh_index.open_dir(str(report.generation))
    try:
        return len(ix._segments())
    finally:
        ix.close()


@pytest.mark.parametrize("storage", ["shipped", "shared"])
def test_a_dask_build_searches_exactly_like_a_local_build(tmp_path, collection, cluster, storage):
    local = build([collection], IndexStore(tmp_path / "local"), procs=1)
    on_dask = DaskOptions(cluster.scheduler_address, storage, batch=70)
    distributed_build = build([collection], IndexStore(tmp_path / "dask"), dask=on_dask)
    assert distributed_build.indexed == local.indexed == ARTICLES
    assert [str(s) for s in distributed_build.superseded] == [str(s) for s in local.superseded]
    assert segments(distributed_build) == 5
    found, stored, total = searched(tmp_path / "dask")
    assert (found, stored, total) == searched(tmp_path / "local")
    assert total == ARTICLES
    assert all(found[q] for q in QUERIES)
    assert next(d for d in stored if d["id"] == "a7")["body"] == "banjir besar di jakarta, koreksi."


@pytest.mark.slow
def test_the_cli_builds_on_a_local_cluster(tmp_path, collection, monkeypatch, capsys):
    monkeypatch.setenv("TELUSUR_INDEX_PROCS", "2")
    build([collection], IndexStore(tmp_path / "local"), procs=2)
    argv = ["build", "--index-dir", str(tmp_path / "dask"), "--dask", "local", str(collection)]
    assert main([*argv, "--dask-batch", "100", "--nice", "0"]) == 0
    assert f"the index now holds {ARTICLES} articles" in capsys.readouterr().out
    assert searched(tmp_path / "dask") == searched(tmp_path / "local")


def test_a_failed_task_fails_the_build_and_leaves_the_live_index(
    tmp_path, collection, cluster, monkeypatch, capsys
):
    store = IndexStore(tmp_path)
    live = build([collection], store, procs=1).generation
    before = searched(tmp_path)
    written = dask_build.write_segment

    def failing(ix, batches, options):
        batches = list(batches)
        if batches[0][0]["id"] == "a140":
            raise RuntimeError("injected failure")
        return written(ix, batches, options)

    monkeypatch.setattr(dask_build, "write_segment", failing)
    argv = ["build", "--index-dir", str(tmp_path), "--dask", cluster.scheduler_address]
    status = main([*argv, "--dask-batch", "70", "--nice", "0", str(collection)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err == (
        "error: a Dask task failed: RuntimeError: injected failure; "
        "the live index was left as it was\n"
    )
    assert "Traceback" not in out + err
    assert store.current() == live
    assert store.generations() == [live]
    assert searched(tmp_path) == before


def test_an_unreachable_scheduler_is_a_clear_failure(tmp_path, collection, monkeypatch, capsys):
    monkeypatch.setattr(dask_build, "CONNECT_SECONDS", 1.0)
    argv = ["build", "--index-dir", str(tmp_path), "--dask", "tcp://127.0.0.1:9"]
    assert main([*argv, "--nice", "0", str(collection)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot use the Dask scheduler at tcp://127.0.0.1:9: ")
    assert err.endswith("; the live index was left as it was\n")
    assert IndexStore(tmp_path).current() is None


class KillWorker(distributed.WorkerPlugin):
    """In each worker process: the task holding article a140 ends its worker abruptly,
    every time, or (``once``) only the first time, remembered in the file ``marker``."""

    def __init__(self, marker: str, once: bool) -> None:
        self.marker, self.once = marker, once

    def setup(self, worker) -> None:
        written = dask_build.write_segment

        def dying(ix, batches, options):
            batches = list(batches)
            if batches[0][0]["id"] == "a140" and not os.path.exists(self.marker):
                if self.once:
                    open(self.marker, "w").close()
                os._exit(1)
            return written(ix, batches, options)

        dask_build.write_segment = dying


@contextlib.contextmanager
def process_cluster(allowed_failures: int):
    """One worker process, which a test's task may kill; Dask's nanny starts it again, and
    the scheduler runs a task again after that many lost workers."""
    retries = dask.config.set({"distributed.scheduler.allowed-failures": allowed_failures})
    with (
        retries,
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.CRITICAL
        ) as c,
    ):
        yield c


@pytest.mark.slow
def test_a_task_whose_worker_dies_is_run_again_and_the_build_completes(tmp_path, collection):
    local = build([collection], IndexStore(tmp_path / "local"), procs=1)
    with process_cluster(1) as cluster:
        with distributed.Client(cluster) as client:
            client.register_plugin(KillWorker(str(tmp_path / "killed"), once=True))
        on_dask = DaskOptions(cluster.scheduler_address, batch=70)
        report = build([collection], IndexStore(tmp_path / "dask"), dask=on_dask)
    assert (tmp_path / "killed").exists()
    assert report.indexed == local.indexed == ARTICLES
    assert searched(tmp_path / "dask") == searched(tmp_path / "local")


@pytest.mark.slow
def test_a_lost_worker_past_the_retries_fails_the_build_cleanly(tmp_path, collection, capsys):
    store = IndexStore(tmp_path)
    live = build([collection], store, procs=1).generation
    before = searched(tmp_path)
    with process_cluster(0) as cluster:
        with distributed.Client(cluster) as client:
            client.register_plugin(KillWorker(str(tmp_path / "never"), once=False))
        argv = ["build", "--index-dir", str(tmp_path), "--dask", cluster.scheduler_address]
        status = main([*argv, "--dask-batch", "70", "--nice", "0", str(collection)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err.startswith("error: a Dask task failed: KilledWorker: ")
    assert err.endswith("; the live index was left as it was\n")
    assert "Traceback" not in out + err
    assert store.current() == live
    assert store.generations() == [live]
    assert searched(tmp_path) == before
