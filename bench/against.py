"""Two checkouts of Telusur over HTTP in the same run: the full default response's
latency of each, asked in turn, and their ratios.

    .venv/bin/python -m bench.against --scale 10 --other ../latency-old:../latency-old/var/index-10x

Each checkout is served by its own gunicorn (its own ``gunicorn.conf.py`` and
code, the result cache off, as ``bench/native`` serves Telusur) over its own
index; one client on one keep-alive connection per server asks each of the
same queries of both, alternating which goes first, so other work on the
machine falls on both alike. The full JSON body is read. Besides wall-clock
percentiles, each server's CPU time per request (mean, its process tree's), which
the load of a shared machine inflates far less. This checkout is
"ours", ``--other`` the baseline (an older commit: ``git worktree add --detach
DIR COMMIT``, its index built by its own code). Report:
``bench/results/against-TIME.json``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

from bench.corpus import WORK
from bench.http import free_port
from bench.indexing import built_index
from bench.measure import percentile, tree_cpu_seconds, write_report
from bench.native.servers import SERVED, Client, stop, wait_ready
from bench.search import make_queries, timed
from index.ingest import BUNDLED_CORPUS

ROOT = Path(__file__).resolve().parent.parent


def start(tree: Path, index: Path, workers: int, threads: int) -> tuple[subprocess.Popen, int]:
    """gunicorn serving the checkout ``tree`` over ``index``, and its port."""
    port = free_port()
    env = dict(
        os.environ,
        **SERVED,
        TELUSUR_INDEX_DIR=str(index),
        TELUSUR_WORKERS=str(workers),
        TELUSUR_THREADS=str(threads),
        PORT=str(port),
    )
    gunicorn = str(tree / ".venv" / "bin" / "gunicorn")
    command = [gunicorn, "-c", str(tree / "gunicorn.conf.py"), "web:create_app()"]
    out = subprocess.DEVNULL
    return subprocess.Popen(command, cwd=tree, env=env, stdout=out, stderr=out), port


def series(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    return {k: round(percentile(ms, q), 3) for k, q in (("p50", 50), ("p90", 90), ("p99", 99))}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.against", description=__doc__)
    p.add_argument("--scale", type=int, default=10)
    p.add_argument("--index", type=Path, help="this checkout's index (default: bench's N×)")
    p.add_argument("--other", required=True, help="TREE:INDEX, the baseline checkout and index")
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--rounds", type=int, default=1, help="passes over the queries")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)

    tree, _, index = args.other.partition(":")
    ours = args.index or built_index(args.scale, 2, WORK, None)
    sides = {"ours": (ROOT, Path(ours)), "other": (Path(tree).resolve(), Path(index).resolve())}
    queries = make_queries(args.queries + args.warmup, source=BUNDLED_CORPUS)
    paths = [f"/api/search?q={quote(text)}" for text in queries]
    load = [os.getloadavg()]
    started = {name: start(t, i, args.workers, args.threads) for name, (t, i) in sides.items()}
    try:
        for process, port in started.values():
            wait_ready(process, port)
        clients = {name: Client(port) for name, (_, port) in started.items()}
        names = list(clients)
        for path in paths[: args.warmup]:
            for client in clients.values():
                client(path)
        times: dict[str, list[float]] = {name: [] for name in names}
        cpu = {name: tree_cpu_seconds(process.pid) for name, (process, _) in started.items()}
        for _ in range(args.rounds):
            for n, path in enumerate(paths[args.warmup :]):
                for name in names if n % 2 else names[::-1]:
                    times[name].append(timed(clients[name], path))
            load.append(os.getloadavg())
        for name, (process, _) in started.items():
            cpu[name] = tree_cpu_seconds(process.pid) - cpu[name]
        for client in clients.values():
            client.close()
    finally:
        for process, _ in started.values():
            stop(process)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "sides": {name: [str(t), str(i)] for name, (t, i) in sides.items()},
        "load": load,
        "queries": args.queries,
        "rounds": args.rounds,
    }
    for name in names:
        report[name] = series(times[name])
        report[name]["server_cpu_ms"] = round(cpu[name] / len(times[name]) * 1000, 3)
        print(name, sides[name][0], report[name])
    report["ratio"] = {k: round(report["ours"][k] / report["other"][k], 3) for k in report["ours"]}
    print("ours / other:", report["ratio"], "load average:", load)
    write_report(report, "against", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
