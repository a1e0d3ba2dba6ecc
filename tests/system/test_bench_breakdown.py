"""A smoke run of ``bench.breakdown`` and ``bench.sizes`` on the fixture corpus: each runs
end to end, reports every part, and the parts add up to the total they are part of."""

from __future__ import annotations

import gzip
import json

import pytest

from bench import breakdown, sizes
from tests.conftest import ARTICLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    corpus = folder / "tiny.jsonl.gz"
    with gzip.open(corpus, "wb") as out:
        out.write(ARTICLES.read_bytes())
    return corpus, folder / "work"


def test_breakdown_times_each_part_of_both_indexes_and_flask(tiny, tmp_path, capsys):
    corpus, work = tiny
    out = tmp_path / "breakdown.json"
    index = work / "index-1x-p1"
    argv = ["--source", str(corpus), "--work", str(work), "--queries", "10", "--procs", "1"]
    assert breakdown.main([*argv, "--no-http", "--against", str(index), "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    for name in ("first sight", "again", "first sight, against", "again, against"):
        parts = report[name]["parts"]
        assert {"snippets (10 hits)", "facets: bincount", "JSON encoding (orjson)"} <= set(parts)
        assert all(value["median"] >= 0 for value in parts.values())
        mean = sum(value["mean"] for value in parts.values())
        assert mean == pytest.approx(report[name]["total"]["mean"], rel=0.05, abs=0.01)
    flask = report["flask"]["again"]["parts"]
    assert {"search", "before_request: web.caching", "after_request: web.caching"} <= set(flask)
    printed = capsys.readouterr().out
    assert "| total CPU p50 |" in printed
    assert "## Flask's test client, again" in printed


def test_sizes_adds_the_kinds_up_and_names_each_field(tiny, capsys):
    corpus, work = tiny
    assert breakdown.built_index(1, 1, work, corpus).exists()
    argv = ["--index", str(work / "index-1x-p1"), "--sample", "5", "--levels"]
    assert sizes.main([*argv, "--postings-every", "1"]) == 0
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    rows = {line.split("|")[1].strip() for line in lines if line.startswith("| ")}
    assert {"`.pst`", "`._stored.col`", "`.trm`", "phrase", "body", "exact", "isal 1"} <= rows
    total = float(lines[0].rsplit(": ", 1)[1].split()[0])
    kinds = [float(line.split("|")[2]) for line in lines if line.startswith("| `")]
    assert sum(kinds) == pytest.approx(total, abs=0.1 * len(kinds))
