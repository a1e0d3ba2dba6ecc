"""``make bench-native`` on the fixture corpus: every engine installed here matches the
same articles for the same analysed words, and the one command runs end to end.

Engines whose packages are not installed (``requirements-bench.lock`` is not part of
``make test``'s set-up) are skipped here and get a row that says why in the run;
SQLite FTS5 comes with Python and always runs. Lucene's JVM starts once for the
module (about 2 s) where pyserini and a Java 21+ runtime are installed.
"""

from __future__ import annotations

import gzip
import json
import subprocess

import pytest

from bench.native import lucene, run, sqlite_engine, tantivy_engine, xapian_engine
from bench.native.table import ROWS, merged, table
from bench.native.tokens import analyzed, read_tokens, write_tokens
from tests.conftest import ARTICLES

ENGINES = {
    "xapian": xapian_engine,
    "tantivy": tantivy_engine,
    "sqlite": sqlite_engine,
    "lucene": lucene,
}
FIXTURE_IDS = [
    "banjir-utara",
    "bekasi-kebanjiran",
    "menteri-anggaran",
    "hutan-riau",
    "gempa-maluku",
    "taman-kupu",
    "timnas-menang",
    "uji-html",
    "tanpa-judul",
    "https://contoh.id/berita/ekonomi-tumbuh",
    "macet-jakarta",
    "txt-2a800dad914dff1d",
    "musim-hujan",
]


@pytest.fixture(scope="module")
def tokens(tmp_path_factory):
    path = tmp_path_factory.mktemp("native") / "tokens.jsonl.gz"
    assert write_tokens(ARTICLES, path, procs=1) == 13
    return path


def test_the_articles_are_read_as_the_build_reads_them_and_stemmed(tokens):
    records = list(read_tokens(tokens))
    assert [r["id"] for r in records] == FIXTURE_IDS
    assert analyzed("Pemilihan Presiden, banjir-banjir 17,5") == [
        "pilih",
        "presiden",
        "banjir",
        "17,5",
    ]
    hutan = next(r for r in records if r["id"] == "hutan-riau")
    assert hutan["contents"] == " ".join(analyzed(f"{hutan['title']}\n{hutan['body']}"))


@pytest.fixture(scope="module", params=sorted(ENGINES))
def searcher(request, tokens, tmp_path_factory):
    module = ENGINES[request.param]
    if reason := module.missing():
        pytest.skip(reason)
    target = tmp_path_factory.mktemp(request.param)
    if module is lucene:
        source = target / "input"
        lucene.write_input(tokens, source, stored=True)
        command = lucene.build_command(source, target / "index", stored=True)
        subprocess.run(command, check=True, capture_output=True)
        target = target / "index"
    else:
        assert module.build(tokens, target) == 13
    opened = module.Searcher(target)
    yield opened
    opened.close()


def test_an_engine_finds_the_one_article_with_a_word(searcher):
    assert searcher.search(["hutan"]) == ["hutan-riau"]


def test_an_engine_finds_any_of_the_words(searcher):
    assert sorted(searcher.search(["hutan", "gempa"])) == ["gempa-maluku", "hutan-riau"]
    found = searcher.search(["banjir"])
    assert sorted(found) == ["banjir-utara", "bekasi-kebanjiran", "musim-hujan", "uji-html"]


def test_an_engine_finds_nothing_for_a_word_no_article_has(searcher):
    assert searcher.search(["tidakadadimanapun"]) == []


def test_an_fts5_query_quotes_each_token():
    assert sqlite_engine.match(["17,5", 'a"b']) == '"17,5" OR "a""b"'


@pytest.mark.slow
def test_the_one_command_times_every_engine_and_prints_the_table(tmp_path, capsys):
    corpus = tmp_path / "tiny.jsonl.gz"
    with gzip.open(corpus, "wb") as out:
        out.write(ARTICLES.read_bytes())
    argv = ["--source", str(corpus), "--work", str(tmp_path / "work"), "--queries", "10"]
    assert run.main([*argv, "--warmup", "1", "--out", str(tmp_path / "native.json")]) == 0
    report = json.loads((tmp_path / "native.json").read_text(encoding="utf-8"))
    engines = report["scales"]["1x"]["engines"]
    assert sorted(engines) == sorted(key for key, _ in ROWS)
    for key, row in engines.items():
        assert "missing" in row or row["query"]["n"] == 10, key
    for key in ("whoosh", "sqlite", "gunicorn"):
        assert engines[key]["build"]["articles"] == 13
    printed = capsys.readouterr().out
    assert table(report) in printed
    assert len(table(report).splitlines()) == 2 + len(ROWS)


def test_two_runs_side_by_side_and_an_engine_left_out_at_one_scale():
    query = {"p50": 0.5, "p99": 12.345}
    one = {
        "scales": {
            "1x": {
                "engines": {
                    "whoosh": {"build": {"seconds": 36.04, "index_mb": 37.1}, "query": query},
                    "xapian": {"missing": "xapian is not installed"},
                }
            }
        }
    }
    ten = {
        "scales": {
            "10x": {
                "engines": {
                    "whoosh": {"missing": "left out of this run (--skip)"},
                    "xapian": {"missing": "xapian is not installed"},
                }
            }
        }
    }
    assert table(merged([ten, one])).splitlines() == [
        "| engine | build 1× / 10× (s) | index 10× (MB) | query p50 / p99 1× (ms)"
        " | query p50 / p99 10× (ms) | agree@10 10× |",
        "|---|---|---|---|---|---|",
        "| plain Whoosh (10×: left out of this run (--skip))"
        " | 36.0 / – | – | 0.50 / 12.3 | – | – |",
        "| xapian: not run, xapian is not installed | – | – | – | – | – |",
    ]
