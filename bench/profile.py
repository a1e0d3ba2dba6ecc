"""Where a search's time goes: the product's search path under cProfile, by part.

    .venv/bin/python -m bench.profile                  # 1×, 1,000 queries
    .venv/bin/python -m bench.profile --scale 10 --top 30

The same queries as ``bench.search``, result cache off, twice: the first pass
is each query's first sight (postings decoded on first use), the second is the
steady state of a server that has seen those words. Prints, for each pass, the
share of the time in each part of ``SearchEngine.search`` and ``to_dict``, and
with ``--top`` the functions with the most cumulative time. Shares, not
milliseconds, are the figures to quote: the profiler slows everything.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
from pathlib import Path

from bench.corpus import WORK
from bench.indexing import built_index
from bench.search import Product, make_queries
from index.ingest import BUNDLED_CORPUS

# A part of the search path: (label, file suffix, function name) of the call that is it.
PARTS = [
    ("ranking: query, matching, scoring, top-k", "search/engine.py", "_rank"),
    ("— decoding postings on first use", "search/postings.py", "_decode"),
    ("— word order (phrase) checks", "search/vectorized.py", "in_order"),
    ("snippets", "search/snippets.py", "snippet"),
    ("facets", "search/engine.py", "_facets"),
    ('"did you mean"', "search/engine.py", "_suggestion"),
    ("stored fields of the hits shown", "whoosh/reading.py", "stored_fields"),
    ("JSON shaping (to_dict)", "search/results.py", "to_dict"),
]


def shares(stats: pstats.Stats, total: float) -> list[tuple[str, float]]:
    """Each part's cumulative time as a share of ``total``."""
    out = []
    for label, suffix, name in PARTS:
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


def profile(product: Product, queries: list[str]) -> tuple[pstats.Stats, float]:
    profiler = cProfile.Profile()
    profiler.enable()
    for text in queries:
        product(text)
    profiler.disable()
    stats = pstats.Stats(profiler)
    return stats, stats.total_tt


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--procs", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--top", type=int, default=0, help="also print the N costliest functions")
    p.add_argument("--source", type=Path, help="a corpus other than the bundled one (smoke runs)")
    p.add_argument("--work", type=Path, default=WORK, help="where the indexes are")
    args = p.parse_args(argv)

    queries = make_queries(args.queries, source=args.source or BUNDLED_CORPUS)
    product = Product(built_index(args.scale, args.procs, args.work, args.source), 0)
    for name in ("first sight", "again"):
        stats, total = profile(product, queries)
        print(f"\n## {args.scale}×, {len(queries)} queries, {name}: {total:.2f} s under cProfile\n")
        print("| part | share |\n|---|---:|")
        for label, share in shares(stats, total):
            print(f"| {label} | {share:.0%} |")
        if args.top:
            stats.sort_stats("cumulative").print_stats(args.top)
    product.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
