"""The production server (gunicorn, ``gunicorn.conf.py``) on 127.0.0.1: it warms the index in
its arbiter, forks its workers after that, and they still follow the index as it changes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.http import free_port
from index.serving import served
from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES
from tests.system.test_live import add_kilang, get, total, wait_for

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def start_gunicorn(tmp_path, store: IndexStore, workers: int, *options: str):
    """gunicorn with ``gunicorn.conf.py`` (``options`` override it) on a free port, once
    ``/healthz`` answers 200: the process, its address and its log."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = dict(
        os.environ,
        TELUSUR_INDEX_DIR=str(store.root),
        TELUSUR_WORKERS=str(workers),
        TELUSUR_THREADS="2",
        TELUSUR_ACCESS_LOG="/dev/null",
        PORT=str(port),
    )
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", *options, "web:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if get(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            assert process.poll() is None, log.read_text(encoding="utf-8")
            time.sleep(0.2)
    return process, base, log


def stop_gunicorn(process, store: IndexStore) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert served(store.root) is False  # the kernel dropped the arbiter's lock


@pytest.fixture
def production(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store)
    process, base, log = start_gunicorn(tmp_path, store, 2)
    yield base, store, log
    stop_gunicorn(process, store)


@pytest.mark.slow
def test_the_arbiter_warms_before_forking_and_the_workers_follow_the_index(production, tmp_path):
    base, store, log = production
    wait_for(lambda: log.read_text(encoding="utf-8").count("Booting worker") == 2, 20)
    text = log.read_text(encoding="utf-8")
    warmed = re.search(
        r"warmed: 0 words, 0 postings, 0 MB, [1-9]\d* phrases, 13 articles split in", text
    )
    assert warmed is not None, text  # the fixture's words are all in fewer than 500 articles
    warmed_at = warmed.start()
    booted = [at for at in range(len(text)) if text.startswith("Booting worker", at)]
    assert len(booted) == 2 and all(at > warmed_at for at in booted)
    assert total(base, "banjir+jakarta") == 5  # 2 with both words, then 3 with one
    assert served(store.root) is True  # a build now would leave the server a core
    add_kilang(store, tmp_path)
    # every worker (requests are spread over both) sees the new article
    wait_for(lambda: all(total(base, "kilang") == 1 for _ in range(8)))


@pytest.mark.slow
def test_a_worker_replaced_after_a_switch_warms_the_live_version_before_serving(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store)
    first = store.current().name
    # One worker, replaced after every 3 requests: a replacement comes right after the switch.
    options = ("--max-requests", "3", "--max-requests-jitter", "0")
    process, base, log = start_gunicorn(tmp_path, store, 1, *options)
    try:
        text = log.read_text(encoding="utf-8")
        booted = re.findall(r"Booting worker with pid: (\d+)", text)
        assert len(booted) == 1, text
        assert f"worker {booted[0]} serves {first}#1, warmed by the arbiter" in text
        add_kilang(store, tmp_path)
        second = store.current().name
        assert second != first
        # Every request counts towards the 3, so the worker that saw the switch leaves at once.
        wait_for(lambda: total(base, "kilang") == 1 and len(booted_pids(log)) >= 2, 30)
        text = log.read_text(encoding="utf-8")
        pid = booted_pids(log)[1]
        warmed = re.search(
            rf"worker {pid} warmed {second}#2 \(the arbiter's: {first}#1\) before accepting"
            r" requests: 0 words, 0 postings, 0 MB, [1-9]\d* phrases, 14 articles split in",
            text,
        )
        assert warmed is not None, text  # 14: the 13 articles and the one added; #2: its commit
        assert text.index(f"Booting worker with pid: {pid}") < warmed.start()
        assert "cold" not in text
        assert total(base, "kilang") == 1
    finally:
        stop_gunicorn(process, store)


def booted_pids(log: Path) -> list[str]:
    return re.findall(r"Booting worker with pid: (\d+)", log.read_text(encoding="utf-8"))
