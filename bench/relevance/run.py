"""Relevance harness: index a collection per analyzer, run query sets, print measures.

    python -m bench.relevance.run [--configs baseline,product] [--sets known,known-body,reader]

Indexes are built with the product's own ingest and schema and cached under
``var/bench-relevance/`` per analyzer (rebuilt when the analyzer's code, its data
or the collection change); queries go through :class:`search.engine.SearchEngine`.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
from pathlib import Path

from whoosh import index as whoosh_index

from bench.relevance.configs import ANALYZERS, CONFIGS, Config, body_only
from bench.relevance.metrics import MEASURES, evaluate, read_qrels, read_queries
from index.analysis import analyze
from index.ingest import BUNDLED_CORPUS, Article, read_sources
from index.schema import news_schema
from index.store import IndexStore
from index.writer import BuildReport, write_articles
from search.engine import SearchEngine
from search.request import SearchRequest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
CACHE = ROOT / "var" / "bench-relevance"
DEPTH = 100
PROBE_ARTICLES = 2000

# name -> (queries, qrels, body only?)
SETS = {
    "known": (HERE / "known-item.queries.tsv", HERE / "known-item.qrels", False),
    "known-body": (HERE / "known-item.queries.tsv", HERE / "known-item.qrels", True),
    "reader": (HERE / "reader.queries.tsv", HERE / "reader.qrels", False),
}


def fingerprint(analyzer: str, collection: list[Path]) -> str:
    """Changes whenever the index an analyzer builds could change.

    The ingest code, the collection files and the analyzer's actual output over
    a probe of the collection's first articles: a change to the stemmer, its
    dictionaries or the stop words shows there without listing its files.
    """
    h = hashlib.sha256(analyzer.encode())
    for name in ("ingest.py", "normalize.py", "dates.py", "writer.py", "schema.py"):
        path = ROOT / "index" / name
        if path.exists():
            h.update(path.read_bytes())
    for path in collection:
        stat = Path(path).stat()
        h.update(f"{Path(path).resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    probe = " ".join(
        f"{a.title} {a.body}"
        for a in itertools.islice(read_sources(collection), PROBE_ARTICLES)
        if isinstance(a, Article)
    )
    h.update(" ".join(analyze(probe, ANALYZERS[analyzer]())).encode())
    return h.hexdigest()[:12]


def built_index(analyzer: str, collection: list[Path]) -> Path:
    """The cached index of ``collection`` analysed by ``analyzer``; built when missing."""
    root = CACHE / f"{analyzer}-{fingerprint(analyzer, collection)}"
    store = IndexStore(root)
    if store.current() is not None:
        return root
    started = time.perf_counter()
    print(f"building the {analyzer!r} index in {root} …", file=sys.stderr)
    generation = store.new_generation()
    ix = whoosh_index.create_in(generation, news_schema(ANALYZERS[analyzer]()))
    writer = ix.writer(limitmb=256)
    report = BuildReport()
    write_articles(writer, read_sources(collection), report, progress=False)
    writer.commit()
    store.publish(generation)
    print(f"  {report.indexed} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return root


def run_queries(engine: SearchEngine, queries: dict[str, str]) -> dict[str, list[str]]:
    """The top :data:`DEPTH` ids per query, in the product's order."""
    run = {}
    for qid, text in queries.items():
        run[qid] = engine.ranked_ids(SearchRequest(q=text), limit=DEPTH)
    return run


def engine_for(config: Config, collection: list[Path]) -> SearchEngine:
    return SearchEngine(built_index(config.analyzer, collection), ranking=config.ranking)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.run", description=__doc__)
    p.add_argument("--configs", default="baseline,product", help="comma-separated names")
    p.add_argument("--sets", default="known,known-body,reader", help="comma-separated query sets")
    p.add_argument("--collection", type=Path, nargs="+", default=[BUNDLED_CORPUS])
    p.add_argument("--queries", type=Path, help="a query file instead of the named sets")
    p.add_argument("--qrels", type=Path, help="the judgments for --queries")
    args = p.parse_args(argv)
    configs = [CONFIGS[name] for name in args.configs.split(",")]
    sets = {name: SETS[name] for name in args.sets.split(",")}
    if args.queries:
        sets = {args.queries.stem: (args.queries, args.qrels, False)}
    for name, (queries_path, qrels_path, body) in sets.items():
        if not queries_path.exists():
            print(f"(no {queries_path.name}: skipping {name})", file=sys.stderr)
            continue
        queries, qrels = read_queries(queries_path), read_qrels(qrels_path)
        print(f"### {name} ({len(queries)} queries)\n")
        print("| configuration | " + " | ".join(MEASURES) + " |")
        print("|---|" + "---:|" * len(MEASURES), flush=True)
        for config in configs:
            config = body_only(config) if body else config
            started = time.perf_counter()
            scores = evaluate(run_queries(engine_for(config, args.collection), queries), qrels)
            row = " | ".join(f"{scores[m]:.4f}" for m in MEASURES)
            print(f"| {config.name} | {row} |", flush=True)
            print(f"  {name}/{config.name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
