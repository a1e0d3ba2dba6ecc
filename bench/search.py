"""Query benchmark: the product's search path against plain Whoosh, in one run, on one index.

    .venv/bin/python -m bench.search                      # `make bench`: 1× and 10×
    .venv/bin/python -m bench.search --scales 1 10 50     # 50× too (build it first)

For each corpus scale it opens the index ``bench.indexing`` built
(``var/bench/index-<N>x-p<P>``; built here when missing) and runs the same
1,000 keyword queries (2-3 words of real headlines, seeded) one thread, warm:

- **plain**: plain Whoosh as in issue 6: a ``MultifieldParser`` over title and
  body, OR-grouped, BM25F, top 10, ids read;
- **product**: ``SearchEngine.search`` with the page's and API's defaults
  (every word required, top 10, snippets, source/category/month facets,
  did-you-mean) and the JSON shaping (``to_dict``), result cache off;
- **product, cached**: the same with the result cache on, over a stream in
  which queries repeat as searches do (Zipf, s=1.1).

The product's engine is warmed first as the servers warm theirs at start
(``--warm-mb``, ``TELUSUR_WARM_MB``: the most used words' postings decoded;
``--warm-articles-mb``, ``TELUSUR_WARM_ARTICLES_MB``: the newest articles split
into words for snippets);
the time that takes is reported. The 1,000 queries then run twice: the first
pass is each query's first sight (the product decodes the postings of words
the warm-up left out), with a third engine, **product_cold**, not warmed at
all, beside it; the second pass (``*_again``) is the steady state of a server
that has answered those words before (result cache still off). Plain and product are measured
alternately, query by query, so that noise from other work on the machine hits
both alike; the ratio of the p99s is the figure to
quote. It also measures the per-search freshness check: reading ``CURRENT``
plus Whoosh's ``up_to_date`` (the old engine) against the searcher pool's two
``stat`` calls. Report: ``bench/results/search-TIME.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import qparser, scoring

from bench.corpus import WORK, records
from bench.indexing import built_index
from bench.measure import summary_ms, write_report
from index.analysis import stopwords
from index.ingest import BUNDLED_CORPUS
from index.store import IndexStore
from search.engine import SearchEngine
from search.language.request import DEFAULT_FACETS, SearchRequest
from search.state.warming import DEFAULT_WARM_ARTICLES_MB, DEFAULT_WARM_MB

_WORD = re.compile(r"[^\W\d_]{3,}")


def make_queries(count: int = 1000, seed: int = 42, source: Path = BUNDLED_CORPUS) -> list[str]:
    """``count`` queries of 2-3 words taken from real headlines, stop words left out."""
    stop = stopwords()
    titles = [
        title
        for title in (str(r.get("title", "")) for r in records(source))
        if len([w for w in _WORD.findall(title) if w.lower() not in stop]) >= 2
    ]
    if not titles:
        raise SystemExit(f"no headline of two words or more in {source}")
    rng = random.Random(seed)
    queries: list[str] = []
    while len(queries) < count:
        words = [w.lower() for w in _WORD.findall(rng.choice(titles)) if w.lower() not in stop]
        queries.append(" ".join(rng.sample(words, min(len(words), rng.choice((2, 3))))))
    return queries


class Plain:
    """Plain Whoosh: the baseline of issue 6."""

    def __init__(self, folder: Path) -> None:
        self.ix = whoosh_index.open_dir(str(folder))
        self.searcher = self.ix.searcher(weighting=scoring.BM25F())
        self.parser = qparser.MultifieldParser(
            ["title", "body"], self.ix.schema, group=qparser.OrGroup
        )

    def __call__(self, text: str) -> int:
        results = self.searcher.search(self.parser.parse(text), limit=10)
        return len([hit["id"] for hit in results])

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()


class Product:
    def __init__(
        self, folder: Path, cache_size: int, warm_mb: int = 0, articles_mb: int = 0
    ) -> None:
        self.engine = SearchEngine(folder, cache_size=cache_size)
        self.warmed = None
        if warm_mb or articles_mb:
            self.warmed = self.engine.warm(warm_mb * 2**20, articles_mb * 2**20)

    def __call__(self, text: str) -> int:
        result = self.engine.search(SearchRequest(text, facets=DEFAULT_FACETS))
        return len(result.to_dict()["hits"])

    def close(self) -> None:
        self.engine.close()


def timed(fn, text: str) -> float:
    started = time.perf_counter()
    fn(text)
    return time.perf_counter() - started


def zipf_stream(queries: list[str], count: int, seed: int = 7, s: float = 1.1) -> list[str]:
    weights = [1 / (rank**s) for rank in range(1, len(queries) + 1)]
    return random.Random(seed).choices(queries, weights=weights, k=count)


def freshness_check_us(root: Path, rounds: int = 20000) -> dict[str, float]:
    """Microseconds per search spent on "is my searcher current?", old way and new."""
    engine = SearchEngine(root)
    searcher = engine.searcher()
    store = IndexStore(root)
    started = time.perf_counter()
    for _ in range(rounds):
        store.current()
        searcher.up_to_date()
    old = (time.perf_counter() - started) / rounds * 1e6
    started = time.perf_counter()
    for _ in range(rounds):
        engine.searcher()
    new = (time.perf_counter() - started) / rounds * 1e6
    engine.close()
    return {"current_plus_up_to_date_us": round(old, 1), "two_stats_us": round(new, 1)}


def bench_scale(
    root: Path, queries: list[str], warmup: int, warm_mb: int, articles_mb: int
) -> dict:
    generation = IndexStore(root).current()
    plain, cold = Plain(generation), Product(root, 0)
    product = Product(root, 0, warm_mb, articles_mb)
    cached = Product(root, 2048, warm_mb, articles_mb)
    for text in queries[:warmup]:
        for fn in (plain, product, cold, cached):
            fn(text)
    cached.engine.results.clear()
    cached.engine.results.hits = cached.engine.results.misses = 0
    series = ("plain", "product", "product_cold", "plain_again", "product_again")
    times: dict[str, list[float]] = {name: [] for name in series}
    for suffix in ("", "_again"):  # first sight of each query's words, then the same queries again
        for n, text in enumerate(queries):
            # alternate which goes first, so none always meets a warmer cache
            order = [("plain", plain), ("product", product)]
            if not suffix:
                order.append(("product_cold", cold))
            for name, fn in order if n % 2 else reversed(order):
                times[name + suffix].append(timed(fn, text))
    stream = zipf_stream(queries, len(queries))
    times["product_cached"] = [timed(cached, text) for text in stream]
    hit_rate = cached.engine.results.hits / max(
        1, cached.engine.results.hits + cached.engine.results.misses
    )
    report = {name: summary_ms(values) for name, values in times.items()}
    report["product_cached"]["hit_rate"] = round(hit_rate, 3)
    for suffix in ("", "_again"):
        for p in ("p50", "p99"):
            ratio = report["product" + suffix][p] / report["plain" + suffix][p]
            report[f"{p}_ratio_product_to_plain{suffix}"] = round(ratio, 3)
    ratio = report["product"]["p99"] / report["product_cold"]["p99"]
    report["p99_ratio_warmed_to_cold"] = round(ratio, 3)
    if product.warmed is not None:
        report["warm_up"] = {
            "terms": product.warmed.terms,
            "postings": product.warmed.postings,
            "mb": round(product.warmed.bytes / 2**20, 1),
            "phrases": product.warmed.phrases,
            "articles": product.warmed.articles,
            "seconds": round(product.warmed.seconds, 2),
        }
    report["freshness_check"] = freshness_check_us(root)
    report["documents"] = product.engine.searcher().doc_count()
    for fn in (plain, product, cold, cached):
        fn.close()
    return report


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    p.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--procs", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument(
        "--warm-mb",
        type=int,
        default=DEFAULT_WARM_MB,
        help=f"warm-up budget (default {DEFAULT_WARM_MB})",
    )
    p.add_argument(
        "--warm-articles-mb",
        type=int,
        default=DEFAULT_WARM_ARTICLES_MB,
        help=f"articles split ahead for snippets (default {DEFAULT_WARM_ARTICLES_MB})",
    )
    p.add_argument("--source", type=Path, help="a corpus other than the bundled one (smoke runs)")
    p.add_argument("--work", type=Path, default=WORK, help="where the indexes are")
    p.add_argument("--out", type=Path, help="report file (default bench/results/search-*.json)")
    args = p.parse_args(argv)

    queries = make_queries(args.queries, source=args.source or BUNDLED_CORPUS)
    report = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "queries": len(queries), "scales": {}}
    for scale in args.scales:
        root = built_index(scale, args.procs, args.work, args.source)
        report["scales"][f"{scale}x"] = row = bench_scale(
            root, queries, args.warmup, args.warm_mb, args.warm_articles_mb
        )
        print(json.dumps({"scale": scale, **row}), flush=True)
    write_report(report, "search", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
