"""Generations: a build becomes live only when complete."""

import pytest

from index.store import IndexStore
from index.writer import NothingIndexed, build
from tests.conftest import ARTICLES


def test_nothing_published_means_no_current(tmp_path):
    assert IndexStore(tmp_path).current() is None


def test_build_publishes_and_keeps_the_previous_generation(tmp_path):
    store = IndexStore(tmp_path)
    first = build([ARTICLES], store).generation
    assert store.current() == first
    second = build([ARTICLES], store).generation
    third = build([ARTICLES], store).generation
    assert store.current() == third
    assert sorted(p.name for p in tmp_path.glob("gen-*")) == sorted([second.name, third.name])
    assert not first.exists()


def test_failed_build_leaves_the_live_index(tmp_path):
    store = IndexStore(tmp_path)
    live = build([ARTICLES], store).generation
    with pytest.raises(NothingIndexed) as failure:
        build([tmp_path / "missing.jsonl"], store)
    (reject,) = failure.value.report.rejects
    assert reject.reason.startswith("unreadable file ([Errno 2] No such file or directory")
    assert store.current() == live
    assert [p.name for p in tmp_path.glob("gen-*")] == [live.name]
