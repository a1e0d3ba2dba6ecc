"""Native engines beside Telusur: same corpus, same queries, one run (``make bench-native``).

    .venv/bin/python -m bench.native                    # 1×
    .venv/bin/python -m bench.native --scales 1 10      # 1× and 10× (docs/performance.md)

For each scale (the bundled corpus, and ``bench.corpus``'s N× copies), every
engine builds its index from the same articles and answers the same 1,000
queries of 2–3 headline words (``bench.search.make_queries``):

- **plain Whoosh**: Whoosh's ``MpWriter`` (2 processes) over Telusur's schema,
  searched as ``bench.search`` does (``MultifieldParser`` over title and body,
  OR, BM25F, top 10): it analyses query and articles itself, with the same analyzer;
- **Xapian, Lucene, tantivy, SQLite FTS5**: the articles analysed once by
  Telusur's analysis (:mod:`bench.native.tokens`, not timed) and indexed as
  those tokens; each query is the same analysis of its text, any word (OR),
  BM25, top 10 ids, in process. Lucene and tantivy build with 2 threads,
  Xapian and SQLite with their one. Lucene is built twice: as the others (no
  positions, nothing stored) and with ``-storePositions -storeRaw`` (the article's
  title and body kept), the like-for-like size for Telusur's index, which keeps both;
- **Telusur**: ``python -m index build`` (2 processes), then over HTTP, the
  full default response, one client (:mod:`bench.native.servers`): gunicorn
  with ``gunicorn.conf.py``; ``python -m web`` (what ``make run`` serves); Flask's
  development server (what ``make run`` served before); an empty gunicorn endpoint.

In-process engines are timed query by query in turn (the order rotating) after
100 warm-up queries, so that noise hits all alike; the servers likewise, all running at once.
An engine that cannot run here gets its row with the reason. ``agree@10`` is the
share of Lucene's top 10 that an engine also returns (a check that they match the
same words). Report: ``bench/results/native-TIME.json``; the table is printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from bench.corpus import WORK
from bench.indexing import build_row, corpus_for, run_build, run_whoosh_build
from bench.measure import folder_mb, run_measured, summary_ms, write_report
from bench.native import lucene, servers, sqlite_engine, tantivy_engine, xapian_engine
from bench.native.table import ROWS, table
from bench.native.tokens import analyzed, write_tokens
from bench.search import Plain, make_queries
from index.ingest import BUNDLED_CORPUS
from index.store import IndexStore

ROOT = Path(__file__).resolve().parent.parent.parent
NATIVE = {"xapian": xapian_engine, "tantivy": tantivy_engine, "sqlite": sqlite_engine}
HTTP = ("gunicorn", "make-run", "werkzeug", "empty")


def build_native(name: str, tokens: Path, target: Path) -> dict:
    command = [sys.executable, "-m", "bench.native.build", name, str(tokens), str(target)]
    return build_row(run_measured(command, cwd=ROOT), target)


def build_lucene(tokens: Path, work: Path, stored: bool) -> dict:
    source, target = work / f"input{'-stored' if stored else ''}", work / "index"
    lucene.write_input(tokens, source, stored)
    shutil.rmtree(target, ignore_errors=True)
    measured = run_measured(lucene.build_command(source, target, stored))
    measured["stdout"] = ""
    row = build_row(measured, target)
    row["articles"] = None
    shutil.rmtree(source)
    return row


class WhooshPlain:
    def __init__(self, folder: Path) -> None:
        self.plain = Plain(folder)

    def search(self, text: str, tokens: list[str]) -> list[str]:
        results = self.plain.searcher.search(self.plain.parser.parse(text), limit=10)
        return [hit["id"] for hit in results]

    def close(self) -> None:
        self.plain.close()


class Tokens:
    """A native searcher, given the query's tokens."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher

    def search(self, text: str, tokens: list[str]) -> list[str]:
        return self.searcher.search(tokens)

    def close(self) -> None:
        self.searcher.close()


class _Whoosh:
    @staticmethod
    def missing() -> None:
        return None  # a dependency of Telusur's own


ENGINES = {"whoosh": _Whoosh, **NATIVE, "lucene": lucene, "lucene-stored": lucene}


def build_engine(key: str, corpus: Path, tokens: Path, work: Path, procs: int):
    """The build row of engine ``key`` and its searcher, opened."""
    if key == "whoosh":
        return {"build": run_whoosh_build(corpus, work / key, procs)}, WhooshPlain(work / key)
    if key.startswith("lucene"):
        row = {"build": build_lucene(tokens, work / key, key == "lucene-stored")}
        return row | {"version": lucene.version()}, Tokens(lucene.Searcher(work / key / "index"))
    module = NATIVE[key]
    row = {"build": build_native(key, tokens, work / key), "version": module.version()}
    return row, Tokens(module.Searcher(work / key))


def run_scale(scale: int, args, queries: list[str]) -> dict:
    work = args.work / f"native-{scale}x"
    work.mkdir(parents=True, exist_ok=True)
    corpus = corpus_for(scale, args.source)
    rows: dict[str, dict] = {}
    started = time.perf_counter()
    tokens = work / "tokens.jsonl.gz"
    articles = write_tokens(corpus, tokens, args.procs)
    analysis_s = round(time.perf_counter() - started, 1)
    print(f"{scale}x: {articles} articles analysed in {analysis_s} s", flush=True)
    searchers: dict[str, object] = {}

    skipped = {s.split(":")[0] for s in args.skip if s.split(":")[1:] in ([], [str(scale)])}
    for key, module in ENGINES.items():
        if key in skipped:
            rows[key] = {"missing": "left out of this run (--skip)"}
        elif reason := module.missing():
            rows[key] = {"missing": reason}
        else:
            rows[key], searchers[key] = build_engine(key, corpus, tokens, work, args.procs)
    telusur = work / "telusur"
    rows["gunicorn"] = {"build": run_build(corpus, telusur, args.procs)}
    print(f"{scale}x: built", {k: r.get("build", {}).get("seconds") for k, r in rows.items()})

    tokenized = [analyzed(text) for text in queries]
    times, found = query_in_process(searchers, queries, tokenized, args.warmup)
    for name, values in times.items():
        rows[name]["query"] = summary_ms(values)
        if "lucene" in found:
            rows[name]["agree_at_10_with_lucene"] = agreement(found[name], found["lucene"])
    for searcher in searchers.values():
        searcher.close()  # type: ignore[attr-defined]
    kinds = [kind for kind in HTTP if kind not in skipped]
    rows |= {kind: {"missing": "left out of this run (--skip)"} for kind in HTTP if kind in skipped}
    print(f"{scale}x: HTTP, in turn: {', '.join(kinds)}", flush=True)
    for kind, values in servers.measure(kinds, telusur, queries, args.warmup).items():
        rows.setdefault(kind, {})["query"] = summary_ms(values)
    generation = IndexStore(telusur).current()
    rows["gunicorn"]["build"]["index_mb"] = folder_mb(generation) if generation else None
    return {"articles": articles, "analysis_s": analysis_s, "engines": rows}


def query_in_process(searchers: dict, queries: list[str], tokenized: list[list[str]], warmup: int):
    """Each query through each engine in turn; seconds and the ids found, by engine."""
    for text, tokens in zip(queries[:warmup], tokenized, strict=False):
        for searcher in searchers.values():
            searcher.search(text, tokens)
    names = list(searchers)
    times: dict[str, list[float]] = {name: [] for name in names}
    found: dict[str, list[list[str]]] = {name: [] for name in names}
    for n, (text, tokens) in enumerate(zip(queries, tokenized, strict=True)):
        for name in names[n % len(names) :] + names[: n % len(names)]:
            began = time.perf_counter()
            ids = searchers[name].search(text, tokens)
            times[name].append(time.perf_counter() - began)
            found[name].append(ids)
    return times, found


def agreement(ids: list[list[str]], reference: list[list[str]]) -> float:
    """The mean share of ``reference``'s ids per query that ``ids`` also has."""
    shares = [len(set(a) & set(b)) / len(b) for a, b in zip(ids, reference, strict=True) if b]
    return round(sum(shares) / len(shares), 3) if shares else float("nan")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.native", description=__doc__)
    p.add_argument("--scales", type=int, nargs="+", default=[1])
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--procs", type=int, default=min(2, len(os.sched_getaffinity(0))))
    p.add_argument(
        "--skip",
        nargs="*",
        default=[],
        metavar="ENGINE[:SCALE]",
        help="engines to leave out (whoosh, xapian, tantivy, sqlite, lucene, lucene-stored),"
        " or servers (make-run, werkzeug, empty), at every scale or at one (whoosh:10):"
        " their rows say so",
    )
    p.add_argument("--source", type=Path, help="a corpus other than the bundled one (smoke runs)")
    p.add_argument("--work", type=Path, default=WORK, help="where the indexes are built")
    p.add_argument("--out", type=Path, help="report file (default bench/results/native-*.json)")
    args = p.parse_args(argv)
    queries = make_queries(args.queries, source=args.source or BUNDLED_CORPUS)
    report: dict = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "queries": len(queries)}
    report["command"] = "python -m bench.native " + " ".join(argv or sys.argv[1:])
    report["scales"] = {f"{scale}x": run_scale(scale, args, queries) for scale in args.scales}
    print(table(report, ROWS))
    write_report(report, "native", args.out)
    return 0
