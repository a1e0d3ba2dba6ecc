"""A parallel build killed with SIGKILL leaves no worker behind (none holds its output, so
``… | tee`` ends), and the next writer that takes the lock, even one that fails, removes
the half-written generation it left."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES

ROOT = Path(__file__).resolve().parents[2]
# A batch for a worker is sent as a length, then the pickled batch: killing the build at its
# second send leaves a worker that has read the length waiting for the rest, for ever unless
# it dies with its parent.
AFTER_THE_LENGTH = ("multiprocessing.connection:Connection._send", "2")
HANG_GUARD_SECONDS = 60  # only bounds the test when a worker never exits; not a timing check


def session_processes(session: int) -> list[str]:
    """The living processes of ``session`` (zombies aside), as ``pid state command``."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        command, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :]
        fields = rest.split()
        if int(fields[3]) == session and fields[0] != "Z":
            found.append(f"{stat.parent.name} {fields[0]} {command}")
    return found


def processes_left(session: int) -> list[str]:
    """What of ``session`` still lives once its workers had time to take their parent's death
    signal, which the kernel delivers after the parent is gone (so not at once)."""
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while (left := session_processes(session)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "many.jsonl"
    words = "banjir melanda kota jakarta setelah hujan deras semalaman warga mengungsi "
    with path.open("w", encoding="utf-8") as f:
        for n in range(600):
            record = {"id": f"a{n}", "title": f"Berita {n}", "body": words * 8 + str(n)}
            f.write(json.dumps(record) + "\n")
    return path


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_parallel_build_leaves_no_worker_and_no_leftover(tmp_path, corpus):
    store = IndexStore(tmp_path / "ix")
    live = build([ARTICLES], store, procs=1).generation
    killed = subprocess.Popen(
        [sys.executable, "-m", "tests.killpoint", *AFTER_THE_LENGTH, "--"]
        + ["index", "build", str(corpus), "--index-dir", str(store.root)],
        cwd=ROOT,
        env={**os.environ, "TELUSUR_INDEX_PROCS": "2"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = killed.communicate(timeout=HANG_GUARD_SECONDS)  # the end of every copy of
    except subprocess.TimeoutExpired:  # the output: the build's and its workers'
        left = session_processes(killed.pid)
        os.killpg(killed.pid, signal.SIGKILL)
        killed.communicate()
        pytest.fail(f"a worker outlived the killed build and held its output: {left}")
    assert killed.returncode == -signal.SIGKILL, err
    assert processes_left(killed.pid) == []
    (leftover,) = [g for g in store.generations() if g != live]
    assert store.current() == live and not store.meta(leftover)

    missing = tmp_path / "missing.jsonl"
    failed = subprocess.run(
        [sys.executable, "-m", "index", "build", str(missing), "--index-dir", str(store.root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1, failed.stderr
    assert failed.stderr.splitlines()[-1] == (
        "error: no article could be indexed; the live index was left as it was"
    )
    assert store.generations() == [live]
    assert store.current() == live
