"""Where one full default response's time goes, in milliseconds, by part, without a profiler.

    .venv/bin/python -m bench.breakdown --scale 10            # in process, Flask, HTTP
    .venv/bin/python -m bench.breakdown --scale 10 --no-http  # without the gunicorn server

``bench.profile`` gives shares under cProfile, which slows Python calls
unevenly; here each part of ``SearchEngine.search`` and of the view is timed
with ``perf_counter`` by a thin wrapper around the function that is it, and a
part's time is its own (parts called inside it are subtracted), so the parts of
one request add up to its total. Parts are timed in the thread's CPU time
(``time.thread_time``): on a shared machine wall-clock parts measure the other
work as much as this; totals are given both ways. The same queries as ``bench.search``, result
cache off, on an engine warmed as the servers warm theirs, twice: first sight,
then again (the steady state). Prints, per pass, each part's median and mean
per request in ms, the total's p50/p99, then the same queries through Flask's
test client (the app's own overhead: routing, parameters, headers) and over
HTTP to gunicorn as production serves it (``gunicorn.conf.py``; one client,
keep-alive), full JSON response read, wall clock, with the server's CPU time
per request. Report: ``bench/results/breakdown-TIME.json``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import orjson

from bench.corpus import WORK
from bench.indexing import built_index
from bench.measure import percentile, write_report
from bench.search import make_queries
from index.ingest import BUNDLED_CORPUS
from search.engine import SearchEngine
from search.language.request import DEFAULT_FACETS, SearchRequest
from search.presentation.results import SearchResult
from search.state.warming import DEFAULT_WARM_ARTICLES_MB, DEFAULT_WARM_MB

_ABSENT = object()


class Timers:
    """Own time per part for the current request: a wrapped call's time less its
    wrapped calls'."""

    def __init__(self, clock: Callable[[], float] = time.thread_time) -> None:
        self.clock = clock
        self.parts: dict[str, float] = {}
        self._stack: list[float] = []  # time of the wrapped calls inside each open call
        self._originals: list[tuple[object, str, object]] = []

    def wrap(self, owner: object, name: str, label: str) -> None:
        original = getattr(owner, name)
        self._originals.append((owner, name, vars(owner).get(name, _ABSENT)))
        timers = self

        def timed(*args, **kwargs):
            timers._stack.append(0.0)
            started = timers.clock()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = timers.clock() - started
                inner = timers._stack.pop()
                timers.parts[label] = timers.parts.get(label, 0.0) + elapsed - inner
                if timers._stack:
                    timers._stack[-1] += elapsed

        if isinstance(owner, type) and isinstance(owner.__dict__.get(name), classmethod):
            setattr(owner, name, classmethod(lambda cls, *a, **k: timed(*a, **k)))
        else:
            setattr(owner, name, timed)

    def restore(self) -> None:
        for owner, name, original in reversed(self._originals):
            if original is _ABSENT:  # an instance's attribute over its class's
                delattr(owner, name)
            else:
                setattr(owner, name, original)
        self._originals = []

    def take(self) -> dict[str, float]:
        parts, self.parts = self.parts, {}
        return parts


def instrument(timers: Timers) -> None:
    """Wrap the parts of a search (the names ``search/engine.py`` calls)."""
    import search.engine as eng
    import search.evaluation.ranked as ranked
    from search.evaluation import facets, posting_cache, vectorized
    from search.presentation import results
    from search.state import searchers, stored

    timers.wrap(searchers.SearcherPool, "searcher", "searcher and generation check")
    timers.wrap(eng.SearchEngine, "version", "index version lookup")
    timers.wrap(eng.SearchEngine, "query", "query: parse, expand, build")
    timers.wrap(vectorized.Evaluator, "matches", "evaluation: match and score (BM25F)")
    timers.wrap(posting_cache.PostingCache, "_decode", "decoding postings on first use")
    timers.wrap(ranked, "allowed_docs", "filters")
    timers.wrap(ranked.Ranked, "first", "top-k ordering")
    timers.wrap(eng.SearchEngine, "rank", "ranking: the rest (within, relax)")
    timers.wrap(eng, "correct", "did-you-mean check")
    timers.wrap(stored.StoredFields, "get", "stored fields of the 10 hits")
    timers.wrap(eng, "snippet", "snippets (10 hits)")
    timers.wrap(eng, "positive_terms", "query terms for snippets")
    timers.wrap(results.Hit, "from_stored", "hit shaping")
    timers.wrap(eng, "collapse", "near-copies folded")
    timers.wrap(facets.FacetTable, "count", "facets: bincount")
    timers.wrap(eng.SearchEngine, "_facets", "facets: the rest (within, sorting)")
    timers.wrap(eng.SearchEngine, "search", "search: the rest (cache, result)")
    timers.wrap(results.SearchResult, "to_dict", "JSON shaping (to_dict)")


def engine_pass(engines: list[SearchEngine], queries: list[str], timers: Timers) -> list[dict]:
    """Each engine's parts and totals over ``queries``, the engines alternated query
    by query (which goes first too), so that other work on the machine hits all alike."""
    rows: list[list[dict]] = [[] for _ in engines]
    totals: list[list[float]] = [[] for _ in engines]
    walls: list[list[float]] = [[] for _ in engines]
    clock = timers.clock
    for n, text in enumerate(queries):
        order = list(enumerate(engines))
        for k, engine in order if n % 2 else reversed(order):
            wall, started = time.perf_counter(), clock()
            data = engine.search(SearchRequest(text, facets=DEFAULT_FACETS)).to_dict()
            encode = clock()
            orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
            done = clock()
            walls[k].append(time.perf_counter() - wall)
            parts = timers.take()
            parts["JSON encoding (orjson)"] = done - encode
            totals[k].append(done - started)
            rows[k].append(parts)
    found = [summarise(r, t) for r, t in zip(rows, totals, strict=True)]
    for one, taken in zip(found, walls, strict=True):
        one["wall"] = series_ms(taken)
    return found


def summarise(rows: list[dict[str, float]], totals: list[float]) -> dict:
    """Each part's median and mean per request (ms), and the totals'."""
    labels = list(dict.fromkeys(label for row in rows for label in row))
    parts = {}
    for label in labels:
        ms = [row.get(label, 0.0) * 1000 for row in rows]
        parts[label] = {
            "median": round(statistics.median(ms), 3),
            "mean": round(statistics.fmean(ms), 3),
        }
    return {"parts": parts, "total": series_ms(totals)}


def series_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        "p50": round(percentile(ms, 50), 3),
        "p99": round(percentile(ms, 99), 3),
        "mean": round(statistics.fmean(ms), 3),
    }


def timed_series(fetch: Callable[[str], object], queries: list[str]) -> dict:
    """Wall-clock times of ``fetch`` per query, and this thread's CPU time."""
    walls, cpus = [], []
    for text in queries:
        started, cpu = time.perf_counter(), time.thread_time()
        fetch(text)
        cpus.append(time.thread_time() - cpu)
        walls.append(time.perf_counter() - started)
    return {"wall": series_ms(walls), "cpu": series_ms(cpus), "cpu_s": cpus}


def path_of(text: str) -> str:
    return "/api/search?q=" + quote(text)


class _Holder:
    hook: Callable


def _hook(timers: Timers, function: Callable, label: str) -> Callable:
    """``function`` (an app's request hook) timed as its own part."""
    holder = _Holder()
    holder.hook = function
    timers.wrap(holder, "hook", label)
    return holder.hook


def flask_series(index: Path, queries: list[str], warm_mb: int, articles_mb: int) -> dict:
    from web import create_app
    from web.engine import engine as app_engine

    app = create_app({"INDEX_DIR": str(index), "RESULT_CACHE_SIZE": 0, "TESTING": False})
    with app.app_context():
        app_engine().warm(warm_mb * 2**20, articles_mb * 2**20)
    client = app.test_client()
    timers = Timers()
    timers.wrap(SearchEngine, "search", "search")
    timers.wrap(SearchResult, "to_dict", "to_dict")
    timers.wrap(app.json, "response", "JSON encoding and response")
    for kind, hooks in (("before", app.before_request_funcs), ("after", app.after_request_funcs)):
        for functions in hooks.values():
            for n, function in enumerate(functions):
                functions[n] = _hook(timers, function, f"{kind}_request: {function.__module__}")
    inner: list[dict[str, float]] = []

    def fetch(text: str) -> None:
        response = client.get(path_of(text))
        assert response.status_code == 200, response.status_code
        response.get_data()
        inner.append(timers.take())

    out = {}
    for name in ("first sight", "again"):
        inner.clear()
        out[name] = found = timed_series(fetch, queries)
        web = [cpu - sum(parts.values()) for cpu, parts in zip(found["cpu_s"], inner, strict=True)]
        found["parts"] = summarise(inner, web)["parts"]
        found["parts"]["the rest: Flask and the test client"] = summarise([], web)["total"]
        del found["cpu_s"]
    timers.restore()
    with app.app_context():
        app_engine().close()
    return out


def http_series(index: Path, queries: list[str], workers: int, threads: int) -> dict:
    from bench.http import Server

    server = Server(index, workers, threads, cache=False)
    try:
        server.wait_ready(timeout=600)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)

        def fetch(text: str) -> None:
            connection.request("GET", path_of(text))
            response = connection.getresponse()
            response.read()
            assert response.status == 200, response.status

        fetch("banjir")
        out = {}
        for name in ("first sight", "again"):
            cpu = server.cpu_seconds()
            out[name] = found = timed_series(fetch, queries)
            del found["cpu"], found["cpu_s"]  # the client's
            found["server_cpu_ms_per_request"] = round(
                (server.cpu_seconds() - cpu) / len(queries) * 1000, 3
            )
        connection.close()
    finally:
        server.stop()
    return out


def print_pass(title: str, found: dict) -> None:
    print(f"\n## {title}\n\n| part | median ms | mean ms |\n|---|---:|---:|")
    for label, value in sorted(found["parts"].items(), key=lambda kv: -kv[1]["mean"]):
        print(f"| {label} | {value['median']:.3f} | {value['mean']:.3f} |")
    for name, key in (("CPU", "total"), ("wall clock", "wall")):
        t = found[key]
        print(
            f"| **total, {name}** (p50 / p99) | {t['p50']:.3f} / {t['p99']:.3f} | {t['mean']:.3f} |"
        )


def print_ratios(ours: dict, other: dict) -> None:
    """Each part's mean, and the totals', of the first index against the other's."""
    print("\n| part | mean ratio (first / against) |\n|---|---:|")
    for label, value in ours["parts"].items():
        theirs = other["parts"].get(label, {}).get("mean", 0.0)
        if theirs:
            print(f"| {label} | {value['mean'] / theirs:.3f} |")
    for key in ("p50", "p99", "mean"):
        print(f"| total CPU {key} | {ours['total'][key] / other['total'][key]:.3f} |")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.breakdown", description=__doc__)
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--procs", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--warm-mb", type=int, default=DEFAULT_WARM_MB)
    p.add_argument("--warm-articles-mb", type=int, default=DEFAULT_WARM_ARTICLES_MB)
    p.add_argument(
        "--against",
        type=Path,
        help="another index store searched alternately (same code): each part's ratio",
    )
    p.add_argument("--no-flask", action="store_true", help="skip Flask's test client")
    p.add_argument("--no-http", action="store_true", help="skip the gunicorn server")
    p.add_argument("--workers", type=int, default=1, help="gunicorn workers (one client)")
    p.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker")
    p.add_argument("--source", type=Path, help="a corpus other than the bundled one (smoke runs)")
    p.add_argument("--work", type=Path, default=WORK, help="where the indexes are")
    p.add_argument("--out", type=Path, help="report file (default bench/results/breakdown-*.json)")
    args = p.parse_args(argv)

    queries = make_queries(args.queries, source=args.source or BUNDLED_CORPUS)
    index = built_index(args.scale, args.procs, args.work, args.source)
    report: dict = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "scale": args.scale}
    report["queries"] = len(queries)
    timers = Timers()
    indexes = [index] + ([args.against] if args.against else [])
    engines = [SearchEngine(root, cache_size=0) for root in indexes]
    for engine in engines:
        engine.warm(args.warm_mb * 2**20, args.warm_articles_mb * 2**20)
    instrument(timers)
    for name in ("first sight", "again"):
        found = engine_pass(engines, queries, timers)
        report[name] = found[0]
        print_pass(f"{args.scale}×, {len(queries)} queries, in process, {name}", found[0])
        if args.against:
            report[f"{name}, against"] = found[1]
            print_pass(f"{args.against}, alternated with the above, {name}", found[1])
            print_ratios(found[0], found[1])
    for engine in engines:
        engine.close()
    timers.restore()
    if not args.no_flask:
        report["flask"] = flask_series(index, queries, args.warm_mb, args.warm_articles_mb)
        for name, found in report["flask"].items():
            print(f"\n## Flask's test client, {name}\n")
            print("| part | median ms | mean ms |\n|---|---:|---:|")
            for label, value in found["parts"].items():
                print(f"| {label} | {value.get('median', value.get('p50'))} | {value['mean']} |")
            print(
                f"| **request CPU** p50 / p99 | {found['cpu']['p50']} / {found['cpu']['p99']} | |"
            )
    if not args.no_http:
        report["http"] = http_series(index, queries, args.workers, args.threads)
        print("\nHTTP, gunicorn:", json.dumps(report["http"]))
    write_report(report, "breakdown", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
