"""The command lines, run as a user runs them: ``python -m index`` and ``python -m search``."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ARTICLES

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.slow
def test_build_summarises_added_and_rejected(tmp_path):
    done = run("index", "build", str(ARTICLES), "--index-dir", str(tmp_path))
    assert done.returncode == 3, done.stderr  # done, but something was rejected
    lines = done.stdout.splitlines()
    assert lines[0].startswith("build: 13 added, 3 rejected in ")
    assert lines[0].endswith(" s; the index now holds 13 articles")
    (rejects,) = (tmp_path / "rejects").glob("*-build.jsonl")
    assert lines[1:] == [
        f"  rejected {ARTICLES}:11: invalid JSON (Expecting value)",
        f"  rejected {ARTICLES}:13: no body",
        f"  rejected {ARTICLES}:16: not a JSON object",
        f"rejected input written to {rejects}: fix it and run `python -m index update {rejects}`",
    ]
    assert (tmp_path / "CURRENT").is_file()


@pytest.mark.slow
def test_build_with_a_missing_file_says_so(tmp_path):
    missing = tmp_path / "nope.jsonl"
    done = run("index", "build", str(missing), "--index-dir", str(tmp_path / "ix"))
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].startswith("build: 1 rejected in ")
    assert lines[1] == f"  rejected {missing}: no such file or folder"
    assert lines[-1] == "error: no article could be indexed; the live index was left as it was"
    assert not (tmp_path / "ix" / "CURRENT").exists()


def test_search_json_is_what_the_api_returns(index_dir, client):
    done = run("search", "banjir jakarta", "--index-dir", str(index_dir), "--json")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    served = client.get("/api/search?q=banjir+jakarta").get_json()
    printed.pop("took_ms"), served.pop("took_ms")
    assert printed == served


def test_search_text_output(index_dir):
    done = run("search", "gempa", "--index-dir", str(index_dir))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("1 hasil untuk 'gempa' (")
    assert lines[1:] == [
        "",
        "1. Gempa Magnitudo 5,2 Guncang Maluku",
        "   sindonews.com · 13 September 2019, 06.05 WIB",
        "   *Gempa* berkekuatan magnitudo 5,2 mengguncang Maluku pada Kamis pagi."
        " Tidak ada laporan kerusakan",
        "   https://contoh.sindonews.com/gempa",
    ]


def test_search_text_marks_where_the_full_matches_end(index_dir):
    done = run("search", "banjir jakarta", "--index-dir", str(index_dir), "--per-page", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("5 hasil untuk 'banjir jakarta' (")
    ranks = [line for line in lines if line[:1].isdigit() or line.startswith("--")]
    assert ranks[1:] == [
        "1. Banjir Rendam Jakarta Utara",
        "2. Musim Hujan Segera Tiba",
        "-- Hasil berikut tidak memuat semua kata yang dicari. --",
        "3. Kemacetan Jakarta Makin Parah",
    ]
    alone = run("search", "banjir gempa", "--index-dir", str(index_dir), "--per-page", "1")
    assert alone.stdout.splitlines()[1:3] == [
        "Tidak ada hasil yang memuat semua kata; menampilkan hasil yang paling mendekati.",
        "",
    ]
    assert "-- Hasil berikut" not in alone.stdout


def test_search_without_an_index_is_a_clear_error(tmp_path):
    done = run("search", "banjir", "--index-dir", str(tmp_path))
    assert done.returncode == 1
    assert done.stderr == f"error: no index in {tmp_path}: build one first\n"
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_build_of_nothing_keeps_the_live_index(tmp_path, index_dir):
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"id": "x"}\n', encoding="utf-8")
    live, rejects = tmp_path / "live", tmp_path / "rejects.jsonl"
    assert run("index", "build", str(ARTICLES), "--index-dir", str(live)).returncode == 3
    before = (live / "CURRENT").read_text()
    done = run("index", "build", str(empty), "--index-dir", str(live), "--rejects", str(rejects))
    assert done.returncode == 1
    assert done.stderr.splitlines()[1:] == [
        f"  rejected {empty}:1: no body",
        f"rejected input written to {rejects}: fix it and run `python -m index update {rejects}`",
        "error: no article could be indexed; the live index was left as it was",
    ]
    assert (live / "CURRENT").read_text() == before


def test_search_text_offers_a_correction(index_dir):
    done = run("search", "banjr jakrta", "--index-dir", str(index_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1] == "Menampilkan hasil untuk: banjir jakarta"


def run_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def test_both_command_lines_read_the_index_folder_of_telusur_index_dir(index_dir, tmp_path):
    stats = run_with({"TELUSUR_INDEX_DIR": str(index_dir)}, "index", "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["articles"] == 13
    found = run_with({"TELUSUR_INDEX_DIR": str(index_dir)}, "search", "banjir", "--json")
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["total"] > 0
    given = run_with(
        {"TELUSUR_INDEX_DIR": str(index_dir)},
        *("index", "stats", "--json", "--index-dir", str(tmp_path / "none")),
    )
    assert given.returncode == 1  # --index-dir wins: that folder holds no index
    assert given.stderr.splitlines()[-1].startswith("error: ")


def test_an_empty_telusur_index_dir_is_a_usage_error_of_both_command_lines():
    def message(value: str) -> str:
        return (
            f"error: TELUSUR_INDEX_DIR must be any text but an empty one, not {value!r} (folder"
            " holding the search index, for the server and the command lines; `--index-dir`"
            " overrides it)"
        )

    stats = run_with({"TELUSUR_INDEX_DIR": " "}, "index", "stats")
    assert (stats.returncode, stats.stderr.splitlines()) == (2, [message(" ")])
    found = run_with({"TELUSUR_INDEX_DIR": ""}, "search", "banjir")
    assert (found.returncode, found.stderr.splitlines()) == (2, [message("")])
