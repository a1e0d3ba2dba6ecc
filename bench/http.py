"""HTTP benchmark: the production server (gunicorn, ``gunicorn.conf.py``) under ``wrk``.

    .venv/bin/python -m bench.http                          # `make bench-http`
    .venv/bin/python -m bench.http --layouts 2x1 2x4 4x1    # workers x threads to compare
    .venv/bin/python -m bench.http --scale 10 --concurrency 16 --against var/main --rounds 2

Serves the benchmark index of ``--scale`` (``var/bench/index-<N>x-p<cores>``; the
N× corpus of ``bench.corpus`` and its index built when missing, then reused) on a
free port of 127.0.0.1 with each workers × threads layout, and
loads ``/api/search`` with ``wrk`` at concurrency 1, 16 and 64. The requests
are the benchmark's headline queries, one in five with a filter or a sort, one
in ten asking for page 2 (``request_mix``), in two mixes:

- **zipf**: a stream drawn from 20,000 such requests (``--pool``) where the
  request of rank r comes with weight 1/r (Zipf, s = 1): a few searches very
  often, most rarely, as on a news site; result cache on. Each ``wrk`` thread
  sends its own share of the stream in order, so what is sent depends on the
  stream, not on how fast the server is; the report gives the share of the
  requests sent that repeat an earlier one (``repeated``: an upper bound of the
  cache's hits, since each worker has its own cache).
- **computed**: 1,000 requests in rotation with the result cache off
  (``TELUSUR_RESULT_CACHE_SIZE=0``): every request is searched, ranked,
  faceted and snippeted; the floor.

Each run starts a new server (warmed as in production, ``gunicorn.conf.py``),
requests a few paths on every thread, loads it for ``--warmup-seconds`` from
another part of the stream, then measures for ``--seconds``. Reports
requests/s, p50/p90/p99 latency, errors (non-2xx and socket errors), the server's
CPU time per request over the run (less noisy than requests/s on a shared machine),
and each worker's memory after the run (resident, and proportional: pages shared
with the other workers counted in shares) and the load average, in
``bench/results/http-TIME.json``. ``--against TREE`` serves another checkout of the
project (its own ``gunicorn.conf.py`` and code, the same index and requests) in turn
with this one, ``--rounds`` times, the order reversed every other round: the
ratios of one run compare code on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

from bench.corpus import WORK
from bench.indexing import built_index
from bench.measure import pss_kb, tree_cpu_seconds, tree_rss_kb, write_report
from bench.search import make_queries
from index.ingest import BUNDLED_CORPUS

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "http.lua"
SOURCES = ["kompas.com", "tempo.co", "okezone.com", "sindonews.com"]
WRK_THREADS = 2
STREAM = 200_000


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    subprocess.run(["apt-get", "update", "-q"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
    return shutil.which("wrk") or "wrk"


def request_mix(queries: list[str], seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    paths = []
    for q in queries:
        params: dict[str, object] = {"q": q}
        roll = rng.random()
        if roll < 0.1:
            params["source"] = rng.choice(SOURCES)
        elif roll < 0.2:
            params["sort"] = "newest"
        if rng.random() < 0.1:
            params["page"] = 2
        paths.append("/api/search?" + urlencode(params))
    return paths


def zipf_paths(paths: list[str], count: int, seed: int = 5) -> list[str]:
    """``count`` draws from ``paths``, the one of rank r with weight 1/r."""
    weights = [1 / rank for rank in range(1, len(paths) + 1)]
    return random.Random(seed).choices(paths, weights=weights, k=count)


def repeated(paths: list[str], windows: list[list[int]]) -> float:
    """The share of the requests sent (each thread's ``[first, count]``) that repeat
    an earlier one of the run."""
    sent = [paths[(first + n) % len(paths)] for first, count in windows for n in range(count)]
    return round(1 - len(set(sent)) / len(sent), 3) if sent else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(
        self, index: Path, workers: int, threads: int, cache: bool = True, tree: Path = ROOT
    ) -> None:
        self.port = free_port()
        self.env = env = dict(
            os.environ,
            TELUSUR_INDEX_DIR=str(index),
            TELUSUR_RESULT_CACHE_SIZE=os.environ.get("TELUSUR_RESULT_CACHE_SIZE", "2048")
            if cache
            else "0",
            TELUSUR_WORKERS=str(workers),
            TELUSUR_THREADS=str(threads),
            TELUSUR_ACCESS_LOG="/dev/null",
            PORT=str(self.port),
        )
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            [gunicorn, "-c", str(tree / "gunicorn.conf.py"), "web:create_app()"],
            cwd=tree,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 900) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urlopen(self.base + "/api/search?q=banjir", timeout=30) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("the server did not start")

    def warm_up(self, paths_file: Path, parallel: int, timeout: float = 600) -> None:
        """Requests in parallel until each answered: every worker builds its per-index
        caches (vocabulary, facet tables) before the measured run, however long that takes."""
        from concurrent.futures import ThreadPoolExecutor

        paths = paths_file.read_text(encoding="utf-8").split()[: parallel * 4]

        def fetch(path: str) -> None:
            with urlopen(self.base + path, timeout=timeout) as response:
                response.read()

        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(fetch, paths))

    def workers(self) -> list[int]:
        path = f"/proc/{self.process.pid}/task/{self.process.pid}/children"
        try:
            with open(path, encoding="ascii") as f:
                return [int(p) for p in f.read().split()]
        except OSError:
            return []

    def worker_rss_mb(self) -> list[float]:
        return [round(tree_rss_kb(pid) / 1024, 1) for pid in self.workers()]

    def worker_pss_mb(self) -> list[float]:
        """Each worker's memory with the pages it shares (made before the fork) counted
        in shares."""
        return [round(pss_kb(pid) / 1024, 1) for pid in self.workers()]

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def run_wrk(wrk: str, base: str, paths_file: Path, connections: int, seconds: int) -> dict:
    threads = max(1, min(connections, WRK_THREADS))
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        base,
        "--",
        str(paths_file),
        str(threads),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(li for li in done.stdout.splitlines() if li.startswith("JSON "))
    result = json.loads(line[5:])
    result["requests_per_s"] = round(result["requests"] / result["seconds"], 1)
    result["errors"] = result["non2xx"] + sum(
        result[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return result


def write_mixes(args, work: Path) -> dict[str, tuple[Path, Path, list[str]]]:
    """Each mix's measured paths, warm-up paths (another part of the same stream), and
    the measured stream itself."""
    source = args.source or BUNDLED_CORPUS
    files = {}
    for mix in args.mixes:
        if mix == "zipf":
            pool = request_mix(make_queries(args.pool, seed=11, source=source))
            stream = zipf_paths(pool, STREAM)
            measured, warm = stream[: STREAM // 2], stream[STREAM // 2 :]
        else:
            measured = warm = request_mix(make_queries(args.queries, seed=11, source=source))
        paths = (work / f"http-{mix}.txt", work / f"http-{mix}-warm.txt")
        for path, lines in zip(paths, (measured, warm), strict=True):
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files[mix] = (*paths, measured)
    return files


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__)
    p.add_argument("--layouts", nargs="+", default=["2x1"], help="WORKERSxTHREADS (2x1 2x4 ...)")
    p.add_argument("--mixes", nargs="+", choices=["zipf", "computed"], default=["zipf", "computed"])
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 16, 64])
    p.add_argument("--seconds", type=int, default=20)
    p.add_argument("--warmup-seconds", type=int, default=5)
    p.add_argument("--queries", type=int, default=1000, help="requests of the computed mix")
    p.add_argument("--pool", type=int, default=20000, help="distinct requests of the zipf mix")
    p.add_argument("--scale", type=int, default=1, help="the N× corpus's index (bench.corpus)")
    p.add_argument(
        "--against",
        type=Path,
        metavar="TREE",
        help="another checkout (say `git worktree add` of main) served in turn with this one, "
        "run by run, on the same index",
    )
    p.add_argument("--rounds", type=int, default=1, help="times each run is repeated")
    p.add_argument("--source", type=Path, help="a corpus other than the bundled one (smoke runs)")
    p.add_argument("--work", type=Path, default=WORK, help="where the indexes are")
    p.add_argument("--out", type=Path, help="report file (default bench/results/http-*.json)")
    args = p.parse_args(argv)

    wrk = ensure_wrk()
    procs = len(os.sched_getaffinity(0))
    index = built_index(args.scale, procs, args.work, args.source)
    args.work.mkdir(parents=True, exist_ok=True)
    mixes = write_mixes(args, args.work)
    trees = [("this", ROOT)] + ([("against", args.against.resolve())] if args.against else [])

    report = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "cores": procs,
        "scale": args.scale,
        "index": str(index),
        "trees": {name: str(tree) for name, tree in trees},
        "runs": [],
    }
    for mix, (paths_file, warm_file, measured) in mixes.items():
        for layout in args.layouts:
            workers, threads = (int(n) for n in layout.split("x"))
            for connections in args.concurrency:
                for round_ in range(args.rounds):
                    for name, tree in trees if round_ % 2 == 0 else trees[::-1]:
                        row = {"mix": mix, "tree": name, "round": round_ + 1}
                        row.update(workers=workers, threads=threads, connections=connections)
                        server = Server(index, workers, threads, mix == "zipf", tree)
                        result = measure(server, wrk, paths_file, warm_file, connections, args)
                        if mix == "zipf":
                            result["repeated"] = repeated(measured, result["windows"])
                        del result["windows"]
                        row.update(result)
                        report["runs"].append(row)
                        print(json.dumps(row), flush=True)
    write_report(report, "http", args.out)
    return 0


def measure(server: Server, wrk: str, paths_file: Path, warm_file: Path, connections: int, args):
    """One server's warm-up and measured run: wrk's figures, the server's CPU a request,
    its workers' memory, and the load average at the end."""
    try:
        server.wait_ready()
        parallel = int(server.env["TELUSUR_WORKERS"]) * int(server.env["TELUSUR_THREADS"])
        server.warm_up(warm_file, parallel)
        run_wrk(wrk, server.base, warm_file, parallel, args.warmup_seconds)
        cpu = server.cpu_seconds()
        result = run_wrk(wrk, server.base, paths_file, connections, args.seconds)
        cpu = server.cpu_seconds() - cpu
        result["cpu_ms_per_request"] = round(cpu * 1000 / max(result["requests"], 1), 2)
        result["worker_rss_mb"] = server.worker_rss_mb()
        result["worker_pss_mb"] = server.worker_pss_mb()
        result["load_average"] = [round(x, 1) for x in os.getloadavg()]
    finally:
        server.stop()
    return result


if __name__ == "__main__":
    raise SystemExit(main())
