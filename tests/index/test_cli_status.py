"""The exit status says what happened: a rejects file that would overwrite an input is
refused before anything is written; one that cannot be written, or output into a closed
pipe, never turns a change into a traceback and "nothing changed"."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from index.store import IndexStore
from tests.conftest import ARTICLES

ROOT = Path(__file__).resolve().parents[2]
LINES = [
    '{"id": "satu", "title": "Satu", "body": "Banjir di Jakarta."}',
    "not json",
    '{"id": "dua", "title": "Dua", "body": "Gempa di Maluku."}',
    '{"id": "tiga"}',
    '{"id": "empat", "title": "Empat", "body": "Hujan deras."}',
    '{"id": "lima", "title": "Lima", "body": "Kebakaran hutan."}',
    '{"id": "enam", "title": "Enam", "body": "Presiden berpidato."}',
]


def run(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, text=True
    )


def closed_pipe_run(*args: str) -> subprocess.CompletedProcess:
    """Run with standard output into a pipe that nobody reads any more (``… | head``)."""
    read, write = os.pipe()
    os.close(read)
    try:
        return run(*args, stdout=write)
    finally:
        os.close(write)


@pytest.fixture
def source(tmp_path) -> Path:
    path = tmp_path / "in" / "news.jsonl"
    path.parent.mkdir()
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


def spellings(source: Path, tmp_path: Path) -> dict[str, Path]:
    hard, soft = tmp_path / "hard.jsonl", tmp_path / "soft.jsonl"
    os.link(source, hard)
    soft.symlink_to(source)
    return {
        "itself": source,
        "another spelling": source.parent / ".." / "in" / source.name,
        "a hard link": hard,
        "a symbolic link": soft,
    }


@pytest.mark.slow
@pytest.mark.parametrize("command", ["build", "update"])
def test_rejects_onto_an_input_is_refused_before_anything_is_written(source, tmp_path, command):
    ix = tmp_path / "ix"
    for name, rejects in spellings(source, tmp_path).items():
        for given in (source, source.parent):  # the file, or the folder that holds it
            done = run(
                "index", command, str(given), "--index-dir", str(ix), "--rejects", str(rejects)
            )
            assert (done.returncode, done.stdout) == (2, ""), name
            assert done.stderr == (
                f"error: --rejects {rejects} is the input {source}: it would be overwritten; "
                "nothing was changed\n"
            ), name
            assert source.read_text(encoding="utf-8").splitlines() == LINES
            assert IndexStore(ix).generations() == []


def test_rejects_elsewhere_are_written_as_before(source, tmp_path):
    rejects = tmp_path / "rejects.jsonl"
    done = run(
        "index",
        "update",
        str(source),
        "--index-dir",
        str(tmp_path / "ix"),
        "--rejects",
        str(rejects),
    )
    assert done.returncode == 3, done.stderr
    assert len(rejects.read_text(encoding="utf-8").splitlines()) == 2
    assert source.read_text(encoding="utf-8").splitlines() == LINES


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_unwritable_rejects_file_is_status_4_after_the_change(source, tmp_path):
    ix = tmp_path / "ix"
    done = run("index", "update", str(source), "--index-dir", str(ix), "--rejects", "/dev/full")
    assert done.returncode == 4
    assert done.stdout.splitlines()[0].startswith("update: 5 added, 2 rejected in ")
    assert done.stderr == (
        "error: the rejected input could not be written to /dev/full: No space left on device; "
        "the rest was done as reported above\n"
    )
    stats = run("index", "stats", "--json", "--index-dir", str(ix))
    assert '"articles": 5' in stats.stdout


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_unwritable_rejects_file_of_a_failed_build_is_still_status_1(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    done = run(
        "index", "build", str(bad), "--index-dir", str(tmp_path / "ix"), "--rejects", "/dev/full"
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[1:] == [
        f"  rejected {bad}:1: no body",
        "error: the rejected input could not be written to /dev/full: No space left on device; "
        "nothing was changed",
        "error: no article could be indexed; the live index was left as it was",
    ]


@pytest.mark.slow
def test_a_build_into_a_closed_pipe_ends_with_its_own_status(tmp_path):
    ix = tmp_path / "ix"
    done = closed_pipe_run("index", "build", str(ARTICLES), "--index-dir", str(ix))
    assert (done.returncode, done.stderr) == (3, "")  # done, 3 rejected: as without the pipe
    assert IndexStore(ix).current() is not None
    assert len(list((ix / "rejects").iterdir())) == 1


@pytest.mark.slow
def test_stats_and_search_into_a_closed_pipe_end_with_status_0(index_dir):
    for args in (("index", "stats"), ("search", "banjir")):
        done = closed_pipe_run(*args, "--index-dir", str(index_dir))
        assert (done.returncode, done.stderr) == (0, ""), args


def test_a_refused_command_into_a_closed_pipe_keeps_its_message(tmp_path):
    done = closed_pipe_run("search", " ", "--index-dir", str(tmp_path))
    assert (done.returncode, done.stderr) == (2, "error: the query is empty\n")
