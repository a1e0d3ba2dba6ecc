"""Every input that is not indexed is a reject line: long lines, FIFOs, devices, dangling links."""

import json
import os
import subprocess
import sys
from pathlib import Path

from index.ingest import Article, Reject
from index.readers import read_source

ROOT = Path(__file__).resolve().parents[2]
LONG = 4_000_001


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def rejects_of(path: Path) -> list[str]:
    return [str(r) for r in read_source(path) if isinstance(r, Reject)]


def test_a_csv_row_on_a_line_over_4_mb_is_a_reject(tmp_path):
    path = tmp_path / "besar.csv"
    path.write_text(
        f"id,body\nsatu,Hujan deras di Jakarta.\ndua,{'x' * LONG}\ntiga,Banjir surut di Bekasi.\n",
        encoding="utf-8",
    )
    items = list(read_source(path))
    assert [a.id for a in items if isinstance(a, Article)] == ["satu", "tiga"]
    assert [str(r) for r in items if isinstance(r, Reject)] == [f"{path}:3: line over 4 MB"]


def test_a_csv_header_over_4_mb_is_said_to_be_so(tmp_path):
    path = tmp_path / "kepala.csv"
    path.write_text("id," + "b" * LONG + "\nsatu,Hujan.\n", encoding="utf-8")
    assert rejects_of(path) == [f"{path}:1: line over 4 MB"]


def test_a_json_line_over_4_mb_is_a_reject(tmp_path):
    path = tmp_path / "besar.jsonl"
    lines = [
        json.dumps({"id": "satu", "body": "Hujan deras."}),
        json.dumps({"id": "dua", "body": "x" * LONG}),
        "",
        "   ",
        json.dumps({"id": "tiga", "body": "Banjir surut."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_source(path))
    assert [a.id for a in items if isinstance(a, Article)] == ["satu", "tiga"]
    assert [str(r) for r in items if isinstance(r, Reject)] == [f"{path}:2: line over 4 MB"]


def test_a_fifo_given_as_a_source_is_a_reject_and_never_opened(tmp_path):
    fifo = tmp_path / "pipa.jsonl"
    os.mkfifo(fifo)
    assert rejects_of(fifo) == [f"{fifo}: not a regular file (a FIFO)"]


def test_a_folder_build_reports_every_input_it_did_not_index(tmp_path):
    folder = tmp_path / "sumber"
    folder.mkdir()
    (folder / "a-baik.jsonl").write_text(
        json.dumps({"id": "baik", "body": "Hujan deras di Jakarta."}) + "\n", encoding="utf-8"
    )
    (folder / "b-besar.csv").write_text(
        f"id,body\nsatu,Banjir di Bekasi.\ndua,{'x' * LONG}\n", encoding="utf-8"
    )
    (folder / "c-hilang.jsonl").symlink_to(tmp_path / "tidak-ada.jsonl")
    os.mkfifo(folder / "d-pipa.jsonl")
    (folder / "e-nol.txt").symlink_to("/dev/null")
    sub = folder / "f-sub"
    sub.mkdir()
    (folder / "g-tautan").symlink_to(sub)
    (sub / "berita.txt").write_text("Judul\n\nGempa di Cianjur.\n", encoding="utf-8")
    (folder / ".tersembunyi.jsonl").write_text("bukan json\n", encoding="utf-8")

    done = run("index", "build", str(folder), "--index-dir", str(tmp_path / "ix"))
    assert done.returncode == 3, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("build: 3 added, 5 rejected in ")
    assert lines[1:6] == [
        f"  rejected {folder}/b-besar.csv:3: line over 4 MB",
        f"  rejected {folder}/c-hilang.jsonl: a link to nothing",
        f"  rejected {folder}/d-pipa.jsonl: not a regular file (a FIFO)",
        f"  rejected {folder}/e-nol.txt: not a regular file (a character device)",
        f"  rejected {folder}/g-tautan: a link to a folder (not followed)",
    ]
