"""A build in several processes indexes exactly what a single-process build does."""

import json
import sys

import pytest

from index import parallel, writer
from index.progress import count_lines
from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest
from tests.conftest import ARTICLES

QUERIES = ["banjir", "banjir jakarta", "gempa", "presiden", "kebakaran hutan"]


def results(root):
    engine = SearchEngine(root, cache_size=0)
    found = {
        q: [(h.id, round(h.score, 4)) for h in engine.search(SearchRequest(q)).hits]
        for q in QUERIES
    }
    total = engine.searcher().doc_count()
    engine.close()
    return found, total


@pytest.fixture
def small_batches(monkeypatch):
    """Batches of two articles, so that the fixture corpus is shared by both processes."""
    monkeypatch.setattr(parallel, "BATCH_SIZE", 2)


def test_two_processes_index_the_same_articles_with_the_same_ranking(tmp_path, small_batches):
    single = build([ARTICLES], IndexStore(tmp_path / "one"), procs=1)
    double = build([ARTICLES], IndexStore(tmp_path / "two"), procs=2)
    assert double.indexed == single.indexed > 10
    assert [str(r) for r in double.rejects] == [str(r) for r in single.rejects]
    assert results(tmp_path / "two") == results(tmp_path / "one")


def test_each_process_writes_its_own_uncompound_segment(tmp_path, small_batches):
    from whoosh import index as whoosh_index

    report = build([ARTICLES], IndexStore(tmp_path), procs=2)
    ix = whoosh_index.open_dir(str(report.generation))
    segments = ix._segments()
    ix.close()
    assert len(segments) == 2
    assert not any(s.is_compound() for s in segments)
    assert not list(report.generation.glob("*.seg"))


def test_a_duplicate_id_is_dropped_whichever_process_would_get_it(tmp_path, small_batches):
    source = tmp_path / "dup.jsonl"
    lines = [
        json.dumps({"id": f"a{n}", "title": f"Judul {n}", "body": f"banjir di kota {n}"})
        for n in range(20)
    ]
    lines.append(json.dumps({"id": "a1", "title": "Lagi", "body": "banjir lagi"}))
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = build([source], IndexStore(tmp_path / "index"), procs=2)
    assert (report.indexed, report.rejects) == (20, [])
    assert [str(s) for s in report.superseded] == [
        f"{source}:2: id 'a1', the later record {source}:21 is kept instead"
    ]
    engine = SearchEngine(tmp_path / "index")
    assert engine.searcher().doc_count() == 20
    assert (engine.article("a1").title, engine.article("a1").body) == ("Lagi", "banjir lagi")
    engine.close()


def test_lines_are_counted_for_the_progress_bar(tmp_path):
    assert count_lines([ARTICLES]) == 16
    assert count_lines([tmp_path / "missing.jsonl"]) is None


class Terminal:
    """Standard error as a terminal, or not."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "not a terminal"])
def test_lines_are_counted_only_for_a_bar_that_is_drawn(tmp_path, monkeypatch, tty):
    counted = []
    monkeypatch.setattr(writer, "count_lines", lambda sources: counted.append(sources) or 16)
    monkeypatch.setattr(sys, "stderr", Terminal(tty))
    report = build([ARTICLES], IndexStore(tmp_path), procs=1, progress=True)
    assert counted == ([[ARTICLES]] if tty else [])
    assert report.indexed > 10
    assert build([ARTICLES], IndexStore(tmp_path / "quiet"), procs=1).indexed == report.indexed
    assert len(counted) == (1 if tty else 0)
