"""An update on Dask workers (``update --dask``) leaves an index that searches exactly
like a local update's, and a lost worker leaves the live index as it was."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import shutil

import dask
import distributed
import pytest
from whoosh import index as whoosh_index

from index import dask_build
from index.cli import main
from index.dask_build import DaskOptions
from index.store import IndexStore
from index.writer import build, delete, update
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
QUERIES = ["banjir", "banjir jakarta", "gempa bandung", "harga beras", "tsunami", "tsunami aceh"]
DELETED = ["a60", "a61", "a62"]
# Written by the update: 40 new, a60 again, a340 twice, a10-a19 changed, a30 changed
# twice, a40 changed and then as it was.
WRITTEN = 40 + 1 + 2 + 10 + 2 + 2


def article(rng: random.Random, n: int, extra: str = "") -> dict:
    words = rng.choices(WORDS, k=rng.randint(8, 60))
    return {
        "id": f"a{n}",
        "title": " ".join(rng.choices(WORDS, k=4)).capitalize(),
        "body": " ".join(words) + extra + ".",
        "url": f"https://example.com/{n}",
        "source": SOURCES[n % 3],
        "published": f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
    }


def write(path, records: list[dict]):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The live index's 300 articles (a7 read twice), and an update batch of new,
    changed, unchanged, re-added, repeated and duplicate records."""
    rng = random.Random(24)
    base = [article(rng, n) for n in range(300)]
    base.append({**base[7], "body": "banjir besar di jakarta, koreksi."})
    batch = [article(rng, n, " tsunami") for n in range(300, 340)]
    batch += [{**base[n], "body": f"tsunami di aceh, koreksi {n}."} for n in range(10, 20)]
    batch += base[20:25]  # unchanged
    batch.append(article(rng, 60, " tsunami aceh"))  # deleted before the update, back
    batch += [{**base[30], "body": "tsunami pertama."}, {**base[30], "body": "tsunami kedua."}]
    batch += [article(rng, 340, " tsunami"), article(rng, 340, " tsunami aceh")]
    batch += [{**base[40], "body": "tsunami sebentar."}, base[40]]  # changed, then as it was
    batch.append({**article(rng, 341, " tsunami"), "url": base[50]["url"]})  # same URL as a50
    folder = tmp_path_factory.mktemp("dask-update")
    return write(folder / "base.jsonl", base), write(folder / "batch.jsonl", batch)


@pytest.fixture(scope="module")
def cluster():
    """Two in-process workers: light, and a test's monkeypatch reaches their tasks."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as c:
        yield c


@pytest.fixture(scope="module")
def live(tmp_path_factory, inputs, cluster):
    """The live index: built in 16 segments of at most 20 articles, three articles
    deleted since (that commit merged the seven smallest: Whoosh's ``MERGE_SMALL``)."""
    root = tmp_path_factory.mktemp("live") / "index"
    store = IndexStore(root)
    build([inputs[0]], store, dask=DaskOptions(cluster.scheduler_address, batch=20))
    assert sizes(store) == [20] * 15 + [1]
    delete(DELETED, store)
    assert len(sizes(store)) == 10
    return root


def searched(root) -> tuple:
    engine = SearchEngine(root, cache_size=0)
    found = {
        q: [(h.id, round(h.score, 6)) for h in engine.search(SearchRequest(q)).hits]
        for q in QUERIES
    }
    counts = {q: engine.search(SearchRequest(q)).total for q in QUERIES}
    searcher = engine.searcher()
    stored = sorted(
        (dict(fields) for fields in searcher.all_stored_fields()), key=lambda d: d["id"]
    )
    total = searcher.doc_count()
    engine.close()
    return found, counts, stored, total


def sizes(store: IndexStore) -> list[int]:
    ix = whoosh_index.open_dir(str(store.current()))
    try:
        return [s.doc_count_all() for s in ix._segments()]
    finally:
        ix.close()


def counts(report) -> tuple:
    return (
        report.added,
        report.replaced,
        report.unchanged,
        [str(d) for d in report.duplicates],
        [str(s) for s in report.superseded],
        report.articles,
    )


def copy(live, to) -> IndexStore:
    shutil.copytree(live, to)
    return IndexStore(to)


@pytest.mark.parametrize("storage", ["shipped", "shared"])
def test_a_dask_update_searches_exactly_like_a_local_update(
    tmp_path, inputs, live, cluster, storage
):
    local, on_dask = copy(live, tmp_path / "local"), copy(live, tmp_path / "dask")
    expected = update([inputs[1]], local)
    options = DaskOptions(cluster.scheduler_address, storage, batch=20)
    report = update([inputs[1]], on_dask, dask=options)
    assert counts(report) == counts(expected)
    assert (report.added, report.replaced, report.unchanged, report.articles) == (42, 11, 6, 339)
    assert [str(d).split(": ", 1)[1] for d in report.duplicates] == [
        "same URL as 'a50' (in the index), not indexed"
    ]
    # Both commits merged the same seven segments of 20 (Whoosh's MERGE_SMALL) into the
    # writer's own; the local update wrote its 57 documents there too, the Dask
    # update in three segments of at most 20, listed before it.
    assert sizes(local) == [20, 20, 117, 140 + WRITTEN]
    assert sizes(on_dask) == [20, 20, 117, 20, 20, WRITTEN - 40, 140]
    found, hits, stored, total = searched(tmp_path / "dask")
    assert (found, hits, stored, total) == searched(tmp_path / "local")
    assert total == 339
    assert {d["id"] for d in stored} >= {"a60", "a300", "a339", "a340"}
    assert not {d["id"] for d in stored} & {"a61", "a62", "a341"}
    bodies = {d["id"]: d["body"] for d in stored}
    assert (bodies["a30"], bodies["a10"]) == ("tsunami kedua.", "tsunami di aceh, koreksi 10.")
    assert "tsunami" not in bodies["a40"]
    assert hits["tsunami"] == 40 + 1 + 1 + 10 + 1


def test_a_dask_update_with_nothing_new_publishes_nothing(tmp_path, inputs, live, cluster):
    store = copy(live, tmp_path / "index")
    before, generations = store.current(), store.generations()
    unchanged = tmp_path / "unchanged.jsonl"
    unchanged.write_text(inputs[0].read_text().splitlines()[20] + "\n")
    report = update([unchanged], store, dask=DaskOptions(cluster.scheduler_address))
    assert (report.added, report.replaced, report.unchanged) == (0, 0, 1)
    assert store.current() == before
    assert store.generations() == generations


def test_the_cli_updates_on_a_cluster(tmp_path, inputs, live, cluster, capsys):
    local = copy(live, tmp_path / "local")
    update([inputs[1]], local)
    copy(live, tmp_path / "dask")
    argv = ["update", "--index-dir", str(tmp_path / "dask"), "--dask", cluster.scheduler_address]
    assert main([*argv, "--dask-batch", "25", "--nice", "0", str(inputs[1])]) == 0
    summary = capsys.readouterr().out.splitlines()[0]
    assert summary.startswith("update: 42 added, 11 replaced, 6 unchanged, 1 duplicates, ")
    assert summary.endswith("; the index now holds 339 articles")
    assert searched(tmp_path / "dask") == searched(tmp_path / "local")


class KillWorker(distributed.WorkerPlugin):
    """In each worker process: the task whose first article is a300 ends its worker
    abruptly, every time, or (``once``) only the first time, remembered in ``marker``."""

    def __init__(self, marker: str, once: bool) -> None:
        self.marker, self.once = marker, once

    def setup(self, worker) -> None:
        written = dask_build.write_segment

        def dying(ix, batches, options):
            batches = list(batches)
            if batches[0][0]["id"] == "a300" and not os.path.exists(self.marker):
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


def killing(cluster, marker: str, once: bool) -> None:
    with distributed.Client(cluster) as client:
        client.register_plugin(KillWorker(marker, once))


@pytest.mark.slow
def test_a_worker_lost_mid_update_leaves_the_live_index_and_fails_cleanly(
    tmp_path, inputs, live, capsys
):
    store = copy(live, tmp_path / "index")
    before, generations = store.current(), store.generations()
    was = searched(tmp_path / "index")
    current = (tmp_path / "index" / "CURRENT").read_bytes()
    with process_cluster(0) as cluster:
        killing(cluster, str(tmp_path / "never"), once=False)
        argv = ["update", "--index-dir", str(tmp_path / "index"), "--dask"]
        status = main([*argv, cluster.scheduler_address, "--nice", "0", str(inputs[1])])
    out, err = capsys.readouterr()
    assert status == 1
    assert err.startswith("error: a Dask task failed: KilledWorker: ")
    assert err.endswith("; the live index was left as it was\n")
    assert "Traceback" not in out + err
    assert store.current() == before
    assert store.generations() == generations
    assert (tmp_path / "index" / "CURRENT").read_bytes() == current
    assert searched(tmp_path / "index") == was


@pytest.mark.slow
def test_a_task_whose_worker_dies_mid_update_is_run_again(tmp_path, inputs, live):
    local = copy(live, tmp_path / "local")
    update([inputs[1]], local)
    store = copy(live, tmp_path / "dask")
    with process_cluster(1) as cluster:
        killing(cluster, str(tmp_path / "killed"), once=True)
        update([inputs[1]], store, dask=DaskOptions(cluster.scheduler_address, batch=20))
    assert (tmp_path / "killed").exists()
    assert searched(tmp_path / "dask") == searched(tmp_path / "local")
