"""One id read more than once: the later record wins (``--prefer last``), or the first."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from index import parallel
from index.store import IndexStore
from index.writer import build, update
from search.engine import SearchEngine

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL = [
    {"id": "a", "title": "Banjir Jakarta", "body": "Banjir merendam Kemang setinggi 50 cm."},
    {"id": "b", "title": "Gempa Maluku", "body": "Gempa bermagnitudo 5 terasa di Ambon."},
    {"id": "c", "title": "Harga Beras", "body": "Harga beras naik di Medan pekan ini."},
    {"id": "d", "title": "Pemilu", "body": "Komisi pemilihan menetapkan jadwal kampanye."},
    {"id": "e", "title": "Kereta", "body": "Jadwal kereta cepat diumumkan hari ini."},
]
CORRECTIONS = [
    {"id": "a", "title": "Banjir Jakarta", "body": "Banjir merendam Kemang setinggi 80 cm."},
    {"id": "c", "title": "Harga Beras Turun", "body": "Harga beras turun di Medan pekan ini."},
]


def jsonl(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def sources(tmp_path):
    return jsonl(tmp_path / "asli.jsonl", *ORIGINAL), jsonl(
        tmp_path / "koreksi.jsonl", *CORRECTIONS
    )


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two articles, so that an id's records go to different processes."""
    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)


def bodies(root: Path) -> dict[str, str]:
    """Each live article's body by id; an id held by two live documents fails."""
    engine = SearchEngine(root)
    try:
        searcher = engine.searcher()
        docs = sorted(searcher.documents(), key=lambda doc: doc["id"])
        assert len({doc["id"] for doc in docs}) == len(docs) == searcher.doc_count()
        return {doc["id"]: doc["body"] for doc in docs}
    finally:
        engine.close()


def run(*args: str, procs: int = 2) -> subprocess.CompletedProcess:
    env = {**os.environ, "TELUSUR_INDEX_PROCS": str(procs)}
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.slow
@pytest.mark.parametrize("procs", [1, 2])
def test_a_rebuild_over_the_archive_and_its_corrections_keeps_the_corrections(
    tmp_path, sources, procs
):
    original, corrections = sources
    done = run(
        "index",
        "build",
        str(original),
        str(corrections),
        "--index-dir",
        str(tmp_path / "ix"),
        procs=procs,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("build: 5 added, 2 superseded in ")
    assert lines[0].endswith(" s; the index now holds 5 articles")
    assert lines[1:] == [
        f"  superseded {original}:1: id 'a', the later record {corrections}:1 is kept instead",
        f"  superseded {original}:3: id 'c', the later record {corrections}:2 is kept instead",
    ]
    assert bodies(tmp_path / "ix") == {
        "a": "Banjir merendam Kemang setinggi 80 cm.",
        "b": "Gempa bermagnitudo 5 terasa di Ambon.",
        "c": "Harga beras turun di Medan pekan ini.",
        "d": "Komisi pemilihan menetapkan jadwal kampanye.",
        "e": "Jadwal kereta cepat diumumkan hari ini.",
    }


@pytest.mark.slow
def test_prefer_first_keeps_the_first_record_and_says_so(tmp_path, sources):
    original, corrections = sources
    index_dir = str(tmp_path / "ix")
    done = run(
        "index",
        "build",
        str(original),
        str(corrections),
        "--index-dir",
        index_dir,
        "--prefer",
        "first",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[1:] == [
        f"  superseded {corrections}:1: id 'a', the earlier record {original}:1 is kept instead",
        f"  superseded {corrections}:2: id 'c', the earlier record {original}:3 is kept instead",
    ]
    assert bodies(tmp_path / "ix")["a"] == "Banjir merendam Kemang setinggi 50 cm."
    wrong = run("index", "build", str(original), "--index-dir", index_dir, "--prefer", "middle")
    assert wrong.returncode == 2
    assert "argument --prefer: invalid choice: 'middle'" in wrong.stderr


@pytest.mark.parametrize("procs", [1, 2])
def test_a_record_back_to_its_first_text_leaves_one_article(tmp_path, small_batches, procs):
    first = {"id": "a", "title": "Banjir", "body": "Banjir di Kemang."}
    second = {"id": "a", "title": "Banjir", "body": "Banjir besar di Kemang."}
    others = [{"id": f"x{n}", "body": f"Berita lain nomor {n}."} for n in range(5)]
    source = jsonl(tmp_path / "a.jsonl", first, *others, second, first)
    report = build([source], IndexStore(tmp_path / "ix"), procs=procs)
    assert (report.added, report.articles, report.rejects, report.duplicates) == (6, 6, [], [])
    assert [str(s) for s in report.superseded] == [
        f"{source}:1: id 'a', the later record {source}:7 is kept instead",
        f"{source}:7: id 'a', the later record {source}:8 is kept instead",
    ]
    assert bodies(tmp_path / "ix")["a"] == "Banjir di Kemang."


def test_a_superseded_text_is_no_longer_a_duplicate_of_anything(tmp_path):
    source = jsonl(
        tmp_path / "a.jsonl",
        {"id": "a", "url": "https://contoh.id/a", "body": "Teks lama yang dikoreksi."},
        {"id": "a", "url": "https://contoh.id/a", "body": "Teks baru setelah koreksi."},
        {"id": "b", "body": "Teks lama yang dikoreksi."},
        {"id": "c", "url": "https://contoh.id/a", "body": "Salinan lain."},
    )
    report = build([source], IndexStore(tmp_path / "ix"), procs=1)
    assert [str(d) for d in report.duplicates] == [
        f"{source}:4: same URL as 'a' ({source}:2), not indexed"
    ]
    assert bodies(tmp_path / "ix") == {
        "a": "Teks baru setelah koreksi.",
        "b": "Teks lama yang dikoreksi.",
    }


def test_an_update_that_changes_an_article_and_changes_it_back_leaves_it_unchanged(
    tmp_path, sources
):
    original, _ = sources
    store = IndexStore(tmp_path / "ix")
    build([original], store, procs=1)
    changed = dict(ORIGINAL[0], body="Sempat diubah.")
    later = jsonl(
        tmp_path / "u.jsonl", changed, ORIGINAL[0], dict(ORIGINAL[1], body="Koreksi gempa.")
    )
    report = update([later], store)
    assert {k: n for k, n in report.counts().items() if n} == {
        "replaced": 1,
        "unchanged": 1,
        "superseded": 1,
    }
    assert report.articles == 5
    assert bodies(store.root)["a"] == ORIGINAL[0]["body"]
    assert bodies(store.root)["b"] == "Koreksi gempa."


def test_an_update_with_a_new_id_twice_adds_the_later(tmp_path, sources):
    original, _ = sources
    store = IndexStore(tmp_path / "ix")
    build([original], store, procs=1)
    later = jsonl(
        tmp_path / "u.jsonl",
        {"id": "baru", "body": "Versi pertama."},
        {"id": "baru", "body": "Versi kedua."},
    )
    report = update([later], store, prefer="last")
    assert (report.added, report.articles, len(report.superseded)) == (1, 6, 1)
    assert bodies(store.root)["baru"] == "Versi kedua."
    first = update(
        [
            jsonl(
                tmp_path / "v.jsonl",
                {"id": "lagi", "body": "Satu."},
                {"id": "lagi", "body": "Dua."},
            )
        ],
        store,
        prefer="first",
    )
    assert (first.added, first.articles) == (1, 7)
    assert bodies(store.root)["lagi"] == "Satu."
