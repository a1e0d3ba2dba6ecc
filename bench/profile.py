"""Where the time goes: the product's search path, or a build, under cProfile, by part.

    .venv/bin/python -m bench.profile                  # searches: 1×, 1,000 queries
    .venv/bin/python -m bench.profile --scale 10 --top 30
    .venv/bin/python -m bench.profile --build 3000     # a one-process build of 3,000 articles
    .venv/bin/python -m bench.profile --build 3000 --writer whoosh   # ... by Whoosh's writer

The same queries as ``bench.search``, result cache off, on an engine warmed as
the servers warm theirs (``--warm-mb``), twice: the first pass is each query's
first sight (postings the warm-up left out decoded on first use), the second is the
steady state of a server that has seen those words. Prints, for each pass, the
share of the time in each part of ``SearchEngine.search`` and ``to_dict``, and
with ``--top`` the functions with the most cumulative time. Shares, not
milliseconds, are the figures to quote: the profiler slows everything.

``--build N`` profiles one writer adding the first N articles of the corpus
and committing (reading and cleaning them is done before, unprofiled): the
build's own writer, or with ``--writer whoosh`` Whoosh's, which builds used before.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import tempfile
from pathlib import Path

from whoosh import index as whoosh_index

from bench.corpus import WORK
from bench.indexing import built_index
from bench.search import Product, make_queries
from index.codec.segment import ArraySegmentWriter
from index.ingest import BUNDLED_CORPUS, read_sources
from index.report import Report
from index.schema import news_schema
from index.writer import COMPOUND, TOKENS_LIMIT_MB, documents, open_writer, prepared
from search.state.warming import DEFAULT_WARM_ARTICLES_MB, DEFAULT_WARM_MB

# A part of the search path: (label, file suffix, function name) of the call that is it.
PARTS = [
    ("ranking: query, matching, scoring, top-k", "search/engine.py", "rank"),
    ("— decoding postings on first use", "search/evaluation/posting_cache.py", "_decode"),
    ("— word order (phrase) checks", "search/evaluation/vectorized.py", "in_order"),
    ("snippets", "search/presentation/snippets.py", "snippet"),
    ("facets", "search/engine.py", "_facets"),
    ('"did you mean" and corrections', "search/language/correction.py", "correct"),
    ("stored fields of the hits shown", "whoosh/reading.py", "stored_fields"),
    ("JSON shaping (to_dict)", "search/presentation/results.py", "to_dict"),
]
# The parts of a build, by writer: the build's own (index/codec/segment.py) and Whoosh's.
BUILD_PARTS = {
    "telusur": [
        ("adding documents", "index/codec/segment.py", "add_document"),
        ("— analysis: words, stems, term ids", "index/codec/segment.py", "_index"),
        ("— — stemming a new word (index.stemming.stem)", "index/stemming.py", "stem"),
        (
            "— stored fields, lengths, columns (Whoosh's writer)",
            "whoosh/codec/whoosh3.py",
            "finish_doc",
        ),
        ("commit: sorting and writing the postings", "index/codec/segment.py", "flush_segment"),
        ("— sorting token ids into postings (numpy)", "index/codec/tokens.py", "run"),
        ("— gathering postings, encoding positions", "index/codec/segment.py", "_array_terms"),
        ("— encoding and compressing posting blocks", "index/codec/blocks.py", "chunk_bytes"),
        (
            "— adding terms to the postings file and term table",
            "index/codec/blocks.py",
            "write_terms",
        ),
        ("— the term table's hash tables", "index/codec/blocks.py", "write_hash_tables"),
    ],
    "whoosh": [
        ("adding documents (analysis, postings buffered)", "whoosh/writing.py", "add_document"),
        ("— analysis: the analyzers' token chains", "whoosh/analysis/acore.py", "<genexpr>"),
        ("— stemming (index.stemming.stem)", "index/stemming.py", "stem"),
        ("commit: sorting and writing the postings", "whoosh/codec/base.py", "add_postings"),
        ("— a field length per posting", "whoosh/codec/whoosh3.py", "doc_field_length"),
        ("— encoding and compressing posting blocks", "whoosh/codec/whoosh3.py", "_write_block"),
    ],
}


def shares(stats: pstats.Stats, total: float, parts: list = PARTS) -> list[tuple[str, float]]:
    """Each part's cumulative time as a share of ``total``."""
    out = []
    for label, suffix, name in parts:
        seconds = max(
            (
                value[3]
                for (path, _, func), value in stats.stats.items()
                if func == name and path.endswith(suffix)
            ),
            default=0.0,
        )
        out.append((label, seconds / total if total else 0.0))
    return out


def profiled(work) -> tuple[pstats.Stats, float]:
    """``work()`` run under cProfile: its statistics and their total time."""
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    stats = pstats.Stats(profiler)
    return stats, stats.total_tt


def profile(product: Product, queries: list[str]) -> tuple[pstats.Stats, float]:
    def search_all() -> None:
        for text in queries:
            product(text)

    return profiled(search_all)


def profile_build(count: int, source: Path, writer: str) -> tuple[pstats.Stats, float]:
    report = Report()
    articles = list(itertools.islice(prepared(read_sources([source]), report), count))
    docs = list(documents(articles, report))

    def build() -> None:
        if writer == "whoosh":
            adding = open_writer(ix)
        else:
            adding = ArraySegmentWriter(ix, limitmb=TOKENS_LIMIT_MB, compound=COMPOUND)
        for doc in docs:
            adding.add_document(**doc)
        adding.commit(merge=False)

    with tempfile.TemporaryDirectory() as folder:
        ix = whoosh_index.create_in(folder, news_schema())
        found = profiled(build)
        ix.close()
    return found


def print_shares(title: str, stats: pstats.Stats, total: float, parts: list, top: int) -> None:
    print(f"\n## {title}: {total:.2f} s under cProfile\n")
    print("| part | share |\n|---|---:|")
    for label, share in shares(stats, total, parts):
        print(f"| {label} | {share:.0%} |")
    if top:
        stats.sort_stats("cumulative").print_stats(top)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--procs", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--warm-mb", type=int, default=DEFAULT_WARM_MB, help="warm-up budget")
    p.add_argument(
        "--warm-articles-mb",
        type=int,
        default=DEFAULT_WARM_ARTICLES_MB,
        help="articles split ahead for snippets",
    )
    p.add_argument("--top", type=int, default=0, help="also print the N costliest functions")
    p.add_argument("--build", type=int, default=0, help="profile a build of N articles instead")
    p.add_argument(
        "--writer",
        choices=sorted(BUILD_PARTS),
        default="telusur",
        help="with --build: the build's writer, or Whoosh's own (as builds were before)",
    )
    p.add_argument("--source", type=Path, help="a corpus other than the bundled one (smoke runs)")
    p.add_argument("--work", type=Path, default=WORK, help="where the indexes are")
    args = p.parse_args(argv)

    if args.build:
        stats, total = profile_build(args.build, args.source or BUNDLED_CORPUS, args.writer)
        title = f"build of {args.build} articles, one process, {args.writer} writer"
        print_shares(title, stats, total, BUILD_PARTS[args.writer], args.top)
        return 0
    queries = make_queries(args.queries, source=args.source or BUNDLED_CORPUS)
    index = built_index(args.scale, args.procs, args.work, args.source)
    product = Product(index, 0, args.warm_mb, args.warm_articles_mb)
    for name in ("first sight", "again"):
        stats, total = profile(product, queries)
        title = f"{args.scale}×, {len(queries)} queries, {name}"
        print_shares(title, stats, total, PARTS, args.top)
    product.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
