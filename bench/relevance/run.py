"""Relevance harness: index each collection per analyzer, run its query sets, print measures.

    python -m bench.relevance.run [--configs baseline,product] [--sets known,reader,facqa]
        [--facqa ../shared/relevance/facqa-train] [--runs DIR]

Every configuration is measured on every set and the results are printed side by
side, one row per configuration. The sets: (a) ``known`` known items of the
bundled corpus, (a′) ``known-body`` the same searched in the body alone, (b)
``reader`` graded reader queries, and ``facqa`` (FacQA-train: human questions
over passages of another collection, given by ``--facqa``; skipped when absent).

Indexes are built with the product's own build (``index.writer.build``; other
analyzers through Whoosh's writer with the product's schema) and cached under
``var/bench-relevance/`` per analyzer and collection (rebuilt when the
analyzer's code, its data or the collection change). ``product`` is measured
through the JSON API (``/api/search`` of ``web.create_app`` with only ``q`` and
``per_page``): what a client of the product gets by default. The other
configurations go through :meth:`search.engine.SearchEngine.ranked_ids`.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from bench.relevance.configs import ANALYZERS, Config, body_only, named
from bench.relevance.metrics import MEASURES, evaluate, read_qrels, read_queries
from index.analysis import analyze
from index.ingest import BUNDLED_CORPUS, Article, read_sources
from index.schema import news_schema
from index.store import IndexStore
from index.writer import Report, build, open_writer, write_articles
from search.engine import SearchEngine
from search.language.request import SearchRequest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
CACHE = ROOT / "var" / "bench-relevance"
FACQA = ROOT.parent / "shared" / "relevance" / "facqa-train"
DEPTH = 100
PROBE_ARTICLES = 2000
INDEX_FILES = ("ingest.py", "normalize.py", "dates.py", "writer.py", "schema.py")
PRODUCT_FILES = ("codec",)  # the product's build alone writes through these (index/codec/)


@dataclass(frozen=True)
class QuerySet:
    queries: Path
    qrels: Path
    collection: tuple[Path, ...]
    body_only: bool = False


def query_sets(facqa: Path) -> dict[str, QuerySet]:
    """The named sets; ``facqa`` is the folder of FacQA-train (passages, queries, qrels)."""
    bundled = (BUNDLED_CORPUS,)
    known = (HERE / "known-item.queries.tsv", HERE / "known-item.qrels")
    return {
        "known": QuerySet(*known, bundled),
        "known-body": QuerySet(*known, bundled, body_only=True),
        "reader": QuerySet(HERE / "reader.queries.tsv", HERE / "reader.qrels", bundled),
        "facqa": QuerySet(facqa / "queries.tsv", facqa / "qrels.txt", (facqa / "passages.jsonl",)),
    }


def fingerprint(analyzer: str, collection: tuple[Path, ...]) -> str:
    """Changes whenever the index an analyzer builds could change.

    The indexing code, the collection files and the analyzer's actual output over
    a probe of the collection's first articles: a change to the stemmer, its
    dictionaries or the stop words shows there without listing its files.
    """
    h = hashlib.sha256(analyzer.encode())
    for name in INDEX_FILES + (PRODUCT_FILES if analyzer == "product" else ()):
        path = ROOT / "index" / name
        for part in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            if part.exists():
                h.update(part.read_bytes())
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


def built_index(analyzer: str, collection: tuple[Path, ...]) -> Path:
    """The cached index of ``collection`` analysed by ``analyzer``; built when missing."""
    root = (
        CACHE / f"{collection[0].name.split('.')[0]}-{analyzer}-{fingerprint(analyzer, collection)}"
    )
    store = IndexStore(root)
    if store.current() is not None:
        return root
    started = time.perf_counter()
    print(f"building the {analyzer!r} index in {root} …", file=sys.stderr)
    if analyzer == "product":
        report = build(collection, store, procs=1)
    else:
        generation = store.new_generation()
        ix = whoosh_index.create_in(generation, news_schema(ANALYZERS[analyzer]()))
        writer = open_writer(ix)
        report = Report()
        write_articles(writer, read_sources(collection), report, progress=False)
        writer.commit()
        store.publish(generation)
    print(f"  {report.added} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return root


def run_queries(engine: SearchEngine, queries: dict[str, str]) -> dict[str, list[str]]:
    """The top :data:`DEPTH` ids per query, in the product's order."""
    return {
        qid: engine.ranked_ids(SearchRequest(q=text), limit=DEPTH) for qid, text in queries.items()
    }


def run_api(index_dir: Path, queries: dict[str, str]) -> dict[str, list[str]]:
    """The top :data:`DEPTH` ids per query as ``/api/search?q=…`` returns them."""
    from web import create_app

    client = create_app({"INDEX_DIR": str(index_dir), "TESTING": True}).test_client()
    run = {}
    for qid, text in queries.items():
        response = client.get("/api/search", query_string={"q": text, "per_page": DEPTH})
        if response.status_code != 200:
            raise RuntimeError(f"{qid}: HTTP {response.status_code}: {response.get_data(True)}")
        run[qid] = [hit["id"] for hit in response.get_json()["hits"]]
    return run


def measure(config: Config, qset: QuerySet, queries: dict[str, str]) -> dict[str, list[str]]:
    config = body_only(config) if qset.body_only else config
    index_dir = built_index(config.analyzer, qset.collection)
    if config.api:
        return run_api(index_dir, queries)
    return run_queries(SearchEngine(index_dir, ranking=config.ranking), queries)


def write_run(path: Path, run: dict[str, list[str]]) -> None:
    """``run`` as TREC run lines, ``qid Q0 docid rank score tag`` (score: minus the rank)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for qid, ids in run.items():
            for rank, docid in enumerate(ids, 1):
                out.write(f"{qid} Q0 {docid} {rank} {-rank} telusur\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.run", description=__doc__)
    p.add_argument("--configs", default="baseline,product", help="comma-separated names")
    p.add_argument("--sets", default="known,known-body,reader,facqa", help="comma-separated sets")
    p.add_argument("--facqa", type=Path, default=FACQA, help="the FacQA-train folder")
    p.add_argument("--measures", default=",".join(MEASURES), help="comma-separated measures")
    p.add_argument(
        "--runs", type=Path, help="write each run here as TREC lines (<set>.<config>.run)"
    )
    args = p.parse_args(argv)
    configs = [named(name) for name in args.configs.split(",")]
    every = query_sets(args.facqa)
    measures = args.measures.split(",")
    sets = {}
    for name in args.sets.split(","):
        qset = every[name]
        if not all(path.exists() for path in (qset.queries, qset.qrels, *qset.collection)):
            print(f"(no {qset.queries}: skipping {name})", file=sys.stderr)
            continue
        sets[name] = qset
    loaded = {name: (read_queries(q.queries), read_qrels(q.qrels)) for name, q in sets.items()}
    counts = ", ".join(f"{name} {len(queries)}" for name, (queries, _) in loaded.items())
    print(f"queries: {counts}\n")
    columns = [f"{name} {m}" for name in sets for m in measures]
    print("| configuration | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns), flush=True)
    for config in configs:
        cells = []
        for name, qset in sets.items():
            started = time.perf_counter()
            queries, qrels = loaded[name]
            run = measure(config, qset, queries)
            if args.runs:
                write_run(args.runs / f"{name}.{config.name}.run", run)
            scores = evaluate(run, qrels)
            cells += [f"{scores[m]:.4f}" for m in measures]
            print(f"  {name}/{config.name}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
        print(f"| {config.name} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
