"""A smoke run of every benchmark on a tiny corpus: each runs end to end and reports.

The figures of a tiny corpus mean nothing; what is checked is that each
benchmark's one command works and writes the report its documentation names.
"""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from bench import growth, http, indexing, profile, search, suggest
from tests.conftest import ARTICLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The fixture corpus, gzipped, and a folder for the benchmarks' indexes."""
    folder = tmp_path_factory.mktemp("bench")
    corpus = folder / "tiny.jsonl.gz"
    with gzip.open(corpus, "wb") as out:
        out.write(ARTICLES.read_bytes())
    return corpus, folder / "work"


@pytest.fixture(scope="module")
def indexing_report(tiny, tmp_path_factory):
    corpus, work = tiny
    out = tmp_path_factory.mktemp("reports") / "indexing.json"
    args = ["--source", str(corpus), "--work", str(work), "--scales", "1", "2"]
    assert indexing.main([*args, "--procs", "1", "2", "--update", "5", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_indexing_builds_each_scale_with_one_and_two_processes(indexing_report):
    runs = indexing_report["runs"]
    assert [(r["scale"], r["procs"]) for r in runs] == [(1, 1), (1, 2), (2, 1), (2, 2)]
    articles = [r["build"]["articles"] for r in runs]
    assert articles[0] == articles[1] > 10
    assert articles[2] == articles[3] > articles[0]
    assert all(r["build"]["peak_rss_mb"] > 0 and r["build"]["index_mb"] > 0 for r in runs)


def test_indexing_builds_with_whooshs_mpwriter_beside_telusurs(tiny, tmp_path):
    corpus, _ = tiny
    out = tmp_path / "indexing.json"
    args = ["--source", str(corpus), "--work", str(tmp_path), "--scales", "1", "--procs", "2"]
    argv = [*args, "--writers", "telusur", "whoosh-mp", "--update", "0", "--out", str(out)]
    assert indexing.main(argv) == 0
    runs = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert [(r["procs"], r.get("writer")) for r in runs] == [(2, None), (2, "whoosh-mp")]
    assert runs[0]["build"]["articles"] == runs[1]["build"]["articles"] > 10
    assert runs[1]["build"]["index_mb"] > 0


def test_search_and_growth_report_both_paths_and_the_ratio(indexing_report, tiny, tmp_path):
    corpus, work = tiny
    out = tmp_path / "search.json"
    args = ["--source", str(corpus), "--work", str(work), "--scales", "1", "2"]
    assert search.main([*args, "--queries", "20", "--warmup", "2", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert list(report["scales"]) == ["1x", "2x"]
    row = report["scales"]["2x"]
    assert row["plain"]["n"] == row["product"]["n"] == 20
    assert row["plain_again"]["n"] == row["product_again"]["n"] == row["product_cold"]["n"] == 20
    assert row["warm_up"]["terms"] == 0  # no word of the tiny corpus is in 500 articles
    assert row["p99_ratio_warmed_to_cold"] > 0
    assert row["p99_ratio_product_to_plain"] > 0
    assert row["p99_ratio_product_to_plain_again"] > 0
    assert row["documents"] > report["scales"]["1x"]["documents"]
    ix_report = tmp_path / "indexing.json"
    ix_report.write_text(json.dumps(indexing_report), encoding="utf-8")
    plot = tmp_path / "growth.png"
    argv = ["--search", str(out), "--indexing", str(ix_report), "--plot", str(plot)]
    assert growth.main(argv) == 0
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_suggest_times_each_prefix_on_each_scale(indexing_report, tiny, tmp_path, capsys):
    corpus, work = tiny
    out = tmp_path / "suggest.json"
    args = ["--source", str(corpus), "--work", str(work), "--scales", "1", "2", "--procs", "1"]
    assert suggest.main([*args, "--prefixes", "30", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert (report["prefixes"], list(report["runs"])) == (30, ["1x", "2x"])
    timed = ["suggest", "suggest_cpu", "whoosh_titles", "whoosh_titles_cpu"]
    assert [[row[key]["n"] for key in timed] for row in report["runs"].values()] == [[30] * 4] * 2
    assert report["runs"]["2x"]["documents"] > report["runs"]["1x"]["documents"]
    printed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in printed[:6]] == [
        *["1x", "  product", "  titles by a Whoosh query"],
        *["2x", "  product", "  titles by a Whoosh query"],
    ]
    assert "median" in printed[1] and "p99" in printed[1] and "CPU time" in printed[1]


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed (make bench-http)")
def test_http_loads_gunicorn_with_wrk(indexing_report, tiny, tmp_path):
    corpus, work = tiny
    out = tmp_path / "http.json"
    argv = ["--source", str(corpus), "--work", str(work), "--layouts", "1x2"]
    argv += ["--concurrency", "2", "--seconds", "1", "--warmup-seconds", "1", "--queries", "10"]
    assert http.main([*argv, "--pool", "50", "--out", str(out)]) == 0
    zipf, computed = json.loads(out.read_text(encoding="utf-8"))["runs"]
    assert (zipf["mix"], computed["mix"]) == ("zipf", "computed")
    for run in (zipf, computed):
        assert run["requests"] > 0 and run["errors"] == 0
        assert len(run["worker_rss_mb"]) == len(run["worker_pss_mb"]) == 1
        assert 0 < run["worker_pss_mb"][0] <= run["worker_rss_mb"][0]
        assert run["cpu_ms_per_request"] > 0
    assert 0 < zipf["repeated"] < 1 and "repeated" not in computed
    # Another checkout served in turn with this one, the order reversed in the second round.
    argv = ["--source", str(corpus), "--work", str(work), "--layouts", "1x1", "--mixes", "computed"]
    argv += ["--concurrency", "2", "--seconds", "1", "--warmup-seconds", "1", "--queries", "10"]
    argv += ["--against", str(http.ROOT), "--rounds", "2", "--out", str(out)]
    assert http.main(argv) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["trees"] == {"this": str(http.ROOT), "against": str(http.ROOT)}
    assert [(r["tree"], r["round"]) for r in report["runs"]] == [
        ("this", 1), ("against", 1), ("against", 2), ("this", 2)
    ]  # fmt: skip
    assert all(r["errors"] == 0 and len(r["load_average"]) == 3 for r in report["runs"])


def test_repeated_counts_the_requests_each_thread_sent():
    paths = ["a", "b", "a", "c", "a", "d"]
    # one thread sent a, b, a; the other c, a, d, a (wrapping round)
    assert http.repeated(paths, [[0, 3], [3, 4]]) == round(1 - 4 / 7, 3)
    assert http.zipf_paths(["x", "y", "z"], 1000).count("x") > 400


def test_profile_prints_each_part_s_share_for_both_passes(indexing_report, tiny, capsys):
    corpus, work = tiny
    argv = ["--source", str(corpus), "--work", str(work), "--queries", "20", "--procs", "2"]
    assert profile.main(argv) == 0
    out = capsys.readouterr().out
    assert [line.split(":")[0] for line in out.splitlines() if line.startswith("## ")] == [
        "## 1×, 20 queries, first sight",
        "## 1×, 20 queries, again",
    ]
    ranking = [line for line in out.splitlines() if line.startswith("| ranking")]
    assert len(ranking) == 2
    assert all(0 < int(line.split("|")[2].strip().rstrip("%")) <= 100 for line in ranking)


@pytest.mark.parametrize("writer", ["telusur", "whoosh"])
def test_profile_of_a_build_prints_each_part_s_share(tiny, capsys, writer):
    corpus, _ = tiny
    assert profile.main(["--source", str(corpus), "--build", "10", "--writer", writer]) == 0
    out = capsys.readouterr().out
    assert f"## build of 10 articles, one process, {writer} writer" in out
    lines = [line.split("|") for line in out.splitlines() if line.startswith("| ")]
    rows = {cells[1].strip(): cells[2].strip() for cells in lines[1:]}
    assert list(rows) == [label for label, _, _ in profile.BUILD_PARTS[writer]]
    assert 0 < int(rows["commit: sorting and writing the postings"].rstrip("%")) < 100
    adding = next(share for part, share in rows.items() if part.startswith("adding documents"))
    assert 0 < int(adding.rstrip("%")) < 100


def test_growth_takes_telusurs_build_and_leaves_another_writers_out():
    search = {"scales": {"1x": {"documents": 5, "product": {"p99": 2.0}, "plain": {"p99": 4.0}}}}
    runs = [
        {"scale": 1, "procs": 2, "build": {"seconds": 10.0, "articles_per_s": 500.0}},
        {"scale": 1, "procs": 2, "writer": "whoosh-mp", "build": {"seconds": 40.0}},
    ]
    [row] = growth.rows(search, [{"runs": runs}])
    assert (row["build_s"], row["build_articles_per_s"]) == (10.0, 500.0)
