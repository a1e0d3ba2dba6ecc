"""Generations: every change is a new generation, live only when complete; old ones cleaned."""

import pytest

from index.store import IndexStore
from index.writer import NothingIndexed, build, update
from tests.conftest import ARTICLES


def files(generation):
    return {
        p.name: (p.stat().st_ino, p.stat().st_size, p.stat().st_mtime_ns)
        for p in generation.iterdir()
    }


def test_nothing_published_means_no_current(tmp_path):
    assert IndexStore(tmp_path).current() is None


def test_build_publishes_and_keeps_the_previous_generation(tmp_path):
    store = IndexStore(tmp_path, grace=0)
    first = build([ARTICLES], store).generation
    assert store.current() == first
    second = build([ARTICLES], store).generation
    third = build([ARTICLES], store).generation
    assert store.current() == third
    assert [p.name for p in store.generations()] == [second.name, third.name]
    assert not first.exists()
    assert [store.meta(g)["command"] for g in store.generations()] == ["build", "build"]


def test_a_generation_superseded_moments_ago_stays_for_its_readers(tmp_path):
    store = IndexStore(tmp_path, grace=60)
    first, second, third = (build([ARTICLES], store).generation for _ in range(3))
    assert store.generations() == [first, second, third]
    store.grace = 0
    assert store._prune() == [first]
    assert store.generations() == [second, third]


def test_failed_build_leaves_the_live_index(tmp_path):
    store = IndexStore(tmp_path)
    live = build([ARTICLES], store).generation
    with pytest.raises(NothingIndexed) as failure:
        build([tmp_path / "missing.jsonl"], store)
    (reject,) = failure.value.report.rejects
    assert str(reject) == f"{tmp_path / 'missing.jsonl'}: no such file or folder"
    assert store.current() == live
    assert store.generations() == [live]


def test_an_update_links_the_live_files_and_never_changes_them(tmp_path):
    store = IndexStore(tmp_path)
    live = build([ARTICLES], store).generation
    before = files(live)
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"id": "baru", "title": "Baru", "body": "Berita baru."}\n', encoding="utf-8")
    report = update([extra], store)
    assert (report.added, report.articles) == (1, 14)
    assert files(live) == before
    after = files(report.generation)
    # The near-copy signatures (groups.npz) are written anew beside the links, by rename.
    shared = [n for n in before if n in after and not n.endswith(("LOCK", ".json", ".npz"))]
    assert [name for name in shared if name.endswith(".trm")]  # the segment was kept...
    for name in shared:
        assert after[name][0] == before[name][0]  # ...as the same file, hard-linked


def test_the_leftover_of_a_killed_writer_is_cleaned_by_the_next(tmp_path):
    store = IndexStore(tmp_path)
    live = build([ARTICLES], store).generation
    leftover = store.new_generation(live)  # as a writer killed before publishing leaves it
    (leftover / "half-written.seg").write_bytes(b"\x00" * 10)
    assert store.current() == live
    extra = tmp_path / "extra.jsonl"
    extra.write_text('{"id": "baru", "body": "Berita baru."}\n', encoding="utf-8")
    report = update([extra], store)
    assert not (leftover / "half-written.seg").exists()
    assert store.generations() == [live, report.generation]
