"""A build leaves a core to a live server: the server marks the index folder as served, and a
build that was given no process count uses one fewer (at least one)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from bench.http import free_port
from index import cli, parallel
from index.serving import SERVING_FILE, hold_serving, served
from index.settings import SettingError
from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES
from tests.system.test_live import get

ROOT = Path(__file__).resolve().parents[2]
HOLDER = (
    "import sys\n"
    "from index.serving import hold_serving\n"
    "held = hold_serving(sys.argv[1])\n"
    "print('held' if held else 'none', flush=True)\n"
    "sys.stdin.read()\n"
)


def segments(generation) -> int:
    ix = whoosh_index.open_dir(str(generation))
    count = len(ix._segments())
    ix.close()
    return count


@pytest.fixture
def three_cores(monkeypatch):
    """Three cores, whatever this machine has, and batches of two articles, so that every
    worker process gets articles of the fixture corpus and writes one segment."""
    monkeypatch.setattr(parallel, "cores", lambda: 3)
    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)
    monkeypatch.delenv("TELUSUR_INDEX_PROCS", raising=False)
    monkeypatch.setattr(cli, "lower_priority", lambda nice: nice)


def test_a_folder_is_served_while_a_server_process_lives_and_not_after_it_dies(tmp_path):
    root = tmp_path / "index"
    assert served(root) is False  # no folder at all
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as holder:
        try:
            assert holder.stdout.readline() == "held\n"
            assert served(root) is True
            assert served(root) is True  # looking does not take the mark away
        finally:
            holder.send_signal(signal.SIGKILL)
            holder.wait(10)
    assert (root / SERVING_FILE).is_file()
    assert served(root) is False  # the kernel dropped the lock with the process


def test_closing_the_mark_ends_it(tmp_path):
    mark = hold_serving(tmp_path)
    assert mark is not None and served(tmp_path) is True
    mark.close()
    assert served(tmp_path) is False


def test_an_unwritable_folder_gives_no_mark(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert hold_serving(blocked / "index") is None
    assert served(blocked / "index") is False


def test_the_process_count_is_one_per_core_and_one_fewer_while_served(tmp_path, three_cores):
    assert parallel.default_procs(tmp_path, {}) == 3
    mark = hold_serving(tmp_path)
    try:
        assert parallel.default_procs(tmp_path, {}) == 2
        assert parallel.default_procs(tmp_path, {"TELUSUR_INDEX_PROCS": "0"}) == 2
        assert parallel.default_procs(tmp_path, {"TELUSUR_INDEX_PROCS": "3"}) == 3
        assert parallel.default_procs(None, {}) == 3
    finally:
        mark.close()


def test_one_core_served_still_builds_with_one_process(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    mark = hold_serving(tmp_path)
    try:
        assert parallel.default_procs(tmp_path, {}) == 1
    finally:
        mark.close()


@pytest.mark.parametrize("raw", ["abc", "-1", "257", ""])
def test_a_process_count_setting_out_of_range_is_refused(tmp_path, raw):
    with pytest.raises(SettingError) as refused:
        parallel.default_procs(tmp_path, {"TELUSUR_INDEX_PROCS": raw})
    assert str(refused.value) == (
        f"TELUSUR_INDEX_PROCS must be a whole number from 0 to 256, not {raw!r} (segment writer"
        " processes of `python -m index build` (0: one per core, one fewer while a server serves"
        " the index folder); `--procs` overrides it)"
    )


def test_a_build_while_served_writes_one_segment_fewer(tmp_path, three_cores):
    store = IndexStore(tmp_path / "index")
    assert segments(build([ARTICLES], store).generation) == 3
    mark = hold_serving(store.root)
    try:
        assert segments(build([ARTICLES], store).generation) == 2
        assert segments(build([ARTICLES], store, procs=3).generation) == 3
    finally:
        mark.close()


def test_the_command_line_says_why_it_uses_fewer_processes(tmp_path, three_cores, capsys):
    root = tmp_path / "index"
    mark = hold_serving(root)
    try:
        assert cli.main(["build", "--index-dir", str(root), str(ARTICLES)]) == 3
        first = capsys.readouterr().out.splitlines()[0]
        assert first == (
            f"build: a server is serving {root}: 2 writer processes, not 3, leaving it a core"
            " (--procs N or TELUSUR_INDEX_PROCS to choose)"
        )
        assert segments(IndexStore(root).current()) == 2
        assert cli.main(["build", "--procs", "3", "--index-dir", str(root), str(ARTICLES)]) == 3
        assert capsys.readouterr().out.startswith("build: 13 added, 3 rejected in ")
        assert segments(IndexStore(root).current()) == 3
    finally:
        mark.close()


def test_the_setting_chooses_as_the_flag_does(tmp_path, three_cores, monkeypatch, capsys):
    root = tmp_path / "index"
    monkeypatch.setenv("TELUSUR_INDEX_PROCS", "1")
    mark = hold_serving(root)
    try:
        assert cli.main(["build", "--index-dir", str(root), str(ARTICLES)]) == 3
        assert capsys.readouterr().out.startswith("build: 13 added, 3 rejected in ")
        assert segments(IndexStore(root).current()) == 1
    finally:
        mark.close()


def test_a_bad_process_count_is_a_usage_error(tmp_path, three_cores, monkeypatch, capsys):
    root = str(tmp_path / "index")
    with pytest.raises(SystemExit) as exited:
        cli.main(["build", "--procs", "0", "--index-dir", root, str(ARTICLES)])
    assert exited.value.code == 2
    assert "argument --procs: expected a whole number above 0, got '0'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        cli.main(["build", "--procs", "2", "--dask", "local", "--index-dir", root])
    assert exited.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: --procs is for a build on this machine; --dask uses the cluster's workers\n"
    )
    monkeypatch.setenv("TELUSUR_INDEX_PROCS", "many")
    assert cli.main(["build", "--index-dir", root, str(ARTICLES)]) == 2
    assert capsys.readouterr().err.startswith(
        "error: TELUSUR_INDEX_PROCS must be a whole number from 0 to 256, not 'many' ("
    )
    assert not (tmp_path / "index").exists()


@pytest.mark.slow
def test_python_m_web_marks_its_index_folder_while_it_serves(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store, procs=1)
    port = free_port()
    command = [sys.executable, "-m", "web", "--index-dir", str(store.root), "--port", str(port)]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as server:
        try:
            deadline = time.monotonic() + 120
            while not answers(f"http://127.0.0.1:{port}/healthz"):
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
            assert served(store.root) is True
        finally:
            server.terminate()
            server.wait(30)
    assert served(store.root) is False


def answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False
