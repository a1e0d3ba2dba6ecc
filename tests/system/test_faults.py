"""The indexer killed mid-build, a full disk, an unwritable folder: the live index keeps serving.

Each crash runs the real ``python -m index`` in a subprocess and SIGKILLs it,
either at an exact point (``tests/killpoint.py``) or after a random delay; then
the live index must answer exactly as before, and the next build must succeed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest

ROOT = Path(__file__).resolve().parents[2]
ARTICLES_PER_STATE = 300


def corpus(path: Path, prefix: str, word: str, count: int = ARTICLES_PER_STATE) -> Path:
    """``count`` articles whose ids start with ``prefix`` and whose bodies all contain ``word``."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            record = {
                "id": f"{prefix}-{n:04d}",
                "title": f"Berita {word} nomor {n}",
                "body": f"Warga kota {word} membaca berita ke-{n} tentang banjir dan hujan deras.",
                "published": "2019-09-13T10:00:00",
                "source": "contoh.com",
                "url": f"https://contoh.com/{prefix}/{n}",
                "category": "Nasional",
            }
            out.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("corpora")
    return {
        "old": corpus(folder / "old.jsonl", "lama", "alfa"),
        "new": corpus(folder / "new.jsonl", "baru", "bravo"),
    }


def state(index_dir: Path) -> tuple[int, int]:
    """How many articles of the old and of the new corpus the live index finds."""
    engine = SearchEngine(index_dir)
    found = tuple(engine.search(SearchRequest(word)).total for word in ("alfa", "bravo"))
    return found


OLD, NEW = (ARTICLES_PER_STATE, 0), (0, ARTICLES_PER_STATE)


def index_command(*args: str, killpoint: tuple[str, int] | None = None) -> list[str]:
    if killpoint is None:
        return [sys.executable, "-m", "index", *args]
    target, nth = killpoint
    return [sys.executable, "-m", "tests.killpoint", target, str(nth), "--", "index", *args]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, **kwargs)


def assert_killed(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == -signal.SIGKILL, (done.returncode, done.stderr)


def published_and_leftovers(index_dir: Path) -> tuple[str, list[str]]:
    live = IndexStore(index_dir).current()
    others = sorted(p.name for p in index_dir.glob("gen-*") if p != live)
    return live.name, others


# (where, nth call, what the live index must be after the crash)
KILL_POINTS = [
    ("index.writer:document", 1, OLD),  # first article read
    ("index.writer:document", 150, OLD),  # half-way through adding articles
    ("whoosh.writing:SegmentWriter._finalize_segment", 1, OLD),  # flushing the segment
    ("whoosh.writing:SegmentWriter._commit_toc", 1, OLD),  # segment written, no table of contents
    ("os:replace", 1, OLD),  # new generation complete, CURRENT not yet switched
    ("index.store:IndexStore._prune", 1, NEW),  # switched: the new state is the complete one
]


@pytest.mark.slow
@pytest.mark.parametrize(("target", "nth", "after"), KILL_POINTS)
def test_build_killed_at_a_point_leaves_a_complete_index_serving(
    tmp_path, corpora, target, nth, after
):
    index_dir = tmp_path / "index"
    build([corpora["old"]], IndexStore(index_dir))
    # Whoosh's writer runs in worker processes in a parallel build: one process here.
    env = {**os.environ, "TELUSUR_INDEX_PROCS": "1"} if target.startswith("whoosh.") else None
    done = run(
        index_command(
            "build", str(corpora["new"]), "--index-dir", str(index_dir), killpoint=(target, nth)
        ),
        env=env,
    )
    assert_killed(done)
    assert state(index_dir) == after
    build([corpora["new"]], IndexStore(index_dir))  # the next run succeeds
    assert state(index_dir) == NEW


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_build_killed_at_a_random_moment_leaves_a_complete_index_serving(tmp_path, corpora, seed):
    index_dir = tmp_path / "index"
    build([corpora["old"]], IndexStore(index_dir))
    process = subprocess.Popen(
        index_command("build", str(corpora["new"]), "--index-dir", str(index_dir)),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(random.Random(seed).uniform(0.3, 0.9))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert state(index_dir) in (OLD, NEW)
    done = run(index_command("build", str(corpora["new"]), "--index-dir", str(index_dir)))
    assert done.returncode == 0, done.stderr
    assert state(index_dir) == NEW


@pytest.mark.slow
def test_crashed_builds_leave_nothing_behind_after_the_next_one(tmp_path, corpora):
    index_dir = tmp_path / "index"
    build([corpora["old"]], IndexStore(index_dir))
    first, _ = published_and_leftovers(index_dir)
    for nth in (10, 200):
        done = run(
            index_command(
                "build",
                str(corpora["new"]),
                "--index-dir",
                str(index_dir),
                killpoint=("index.writer:document", nth),
            )
        )
        assert_killed(done)
    build([corpora["new"]], IndexStore(index_dir))
    live, others = published_and_leftovers(index_dir)
    assert others == [first]  # the previous live one stays for readers; no half-built one
    assert state(index_dir) == NEW


def big_corpus(path: Path) -> Path:
    """About 2 MB of stored text that compresses little: more than the small disk below holds."""
    with path.open("w", encoding="utf-8") as out:
        for n in range(500):
            words = (f"{(n * 7919 + k * 104729) % 1000003:x}" for k in range(700))
            body = f"Warga bravo banjir {n} " + " ".join(words)
            out.write(json.dumps({"id": f"besar-{n}", "title": f"bravo {n}", "body": body}) + "\n")
    return path


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs (mounting needs root; elsewhere the test is skipped, see the rlimit one).

    Room for two small indexes (the live one and a new one) but not for the big corpus.
    """
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def assert_write_failed_cleanly(done, index_dir: Path, errno_text: str) -> None:
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: cannot write the index in {index_dir}: {errno_text}")
    assert "Traceback" not in done.stderr
    assert state(index_dir) == OLD
    live, others = published_and_leftovers(index_dir)
    assert others == []  # the failed generation was removed, freeing the space it took
    kept = sorted(p.name for p in index_dir.iterdir() if not p.name.startswith("WRITER."))
    assert kept == sorted(["CURRENT", live])  # beside the writers' lock (index/lock.py)


@pytest.mark.slow
def test_disk_full_during_a_build_says_so_and_keeps_the_live_index(small_disk, corpora, tmp_path):
    index_dir = small_disk / "index"
    build([corpora["old"]], IndexStore(index_dir))
    done = run(
        index_command(
            "build", str(big_corpus(tmp_path / "big.jsonl")), "--index-dir", str(index_dir)
        )
    )
    assert_write_failed_cleanly(done, index_dir, "[Errno 28] No space left on device")
    done = run(index_command("build", str(corpora["new"]), "--index-dir", str(index_dir)))
    assert done.returncode == 0, done.stderr  # fits once the failed build is gone
    assert state(index_dir) == NEW


def limit_file_size() -> None:
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


@pytest.mark.slow
def test_file_size_limit_during_a_build_says_so_and_keeps_the_live_index(corpora, tmp_path):
    index_dir = tmp_path / "index"
    build([corpora["old"]], IndexStore(index_dir))
    command = index_command(
        "build", str(big_corpus(tmp_path / "big.jsonl")), "--index-dir", str(index_dir)
    )
    done = run(command, preexec_fn=limit_file_size)
    assert_write_failed_cleanly(done, index_dir, "[Errno 27] File too large")


@pytest.mark.slow
def test_unwritable_index_folder_says_so_and_keeps_the_live_index(small_disk, corpora):
    index_dir = small_disk / "index"
    build([corpora["old"]], IndexStore(index_dir))
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    done = run(index_command("build", str(corpora["new"]), "--index-dir", str(index_dir)))
    assert_write_failed_cleanly(done, index_dir, "[Errno 30] Read-only file system")
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    done = run(index_command("build", str(corpora["new"]), "--index-dir", str(index_dir)))
    assert done.returncode == 0, done.stderr
    assert state(index_dir) == NEW


@pytest.mark.slow
def test_a_worker_killed_in_a_parallel_build_fails_cleanly(tmp_path, corpora):
    index_dir = tmp_path / "index"
    build([corpora["old"]], IndexStore(index_dir))
    done = run(
        index_command(
            "build",
            str(corpora["new"]),
            "--index-dir",
            str(index_dir),
            killpoint=("whoosh.writing:SegmentWriter._finalize_segment", 1),
        ),
        env={**os.environ, "TELUSUR_INDEX_PROCS": "2"},
    )
    assert_write_failed_cleanly(done, index_dir, "an indexing process stopped unexpectedly")
    assert state(index_dir) == OLD
    live, others = published_and_leftovers(index_dir)
    assert others == []


UPDATE_KILL_POINTS = [
    ("index.writer:_upsert", 1),  # first article of the update
    ("index.writer:_upsert", 150),  # half-way through
    ("whoosh.writing:SegmentWriter._commit_toc", 1),  # new segment written, no table of contents
    ("os:replace", 1),  # new generation complete, CURRENT not yet switched
]


@pytest.mark.slow
@pytest.mark.parametrize(("target", "nth"), UPDATE_KILL_POINTS)
def test_update_killed_at_a_point_leaves_the_last_state_serving(tmp_path, corpora, target, nth):
    index_dir = tmp_path / "index"
    build([corpora["old"]], IndexStore(index_dir))
    update = ("update", str(corpora["new"]), "--index-dir", str(index_dir))
    assert_killed(run(index_command(*update, killpoint=(target, nth))))
    assert state(index_dir) == OLD
    done = run(index_command(*update, "--wait", "10"))  # no lock left that blocks
    assert done.returncode == 0, done.stderr
    assert state(index_dir) == (ARTICLES_PER_STATE, ARTICLES_PER_STATE)
