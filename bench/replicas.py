"""Read replicas under load: 3 replicas and nginx on 127.0.0.1, one killed, a new generation
rolled out, while ``wrk`` pages through results (docs/scale.md, "Read replicas").

    .venv/bin/python -m bench.replicas                  # `make bench-replicas`
    .venv/bin/python -m bench.replicas --phase 3 --source tests/fixtures/articles.jsonl

Builds an index of the bundled corpus (``--source``) in its own folder and
publishes a second generation (``index update`` of 200 articles), starts
``--replicas`` gunicorn replicas (``TELUSUR_REPLICA``, ``--workers`` each), which
serve the first (the pin), and nginx in front (``deploy/nginx.conf.template``),
and loads nginx with ``wrk``: each connection a reader that asks for page 1 of a
headline query, then pages 2 and 3 pinned to the generation page 1 named
(``bench/replicas.lua``). Every ``--phase`` seconds the next event: one replica
killed (SIGKILL, its whole process group); the second generation rolled out
(``python -m index rollout``, which skips the dead replica); the dead replica
started again (it must serve the fleet's new generation); then ``wrk`` is stopped.
Reports requests, failures (non-2xx and socket errors), p50/p99, pinned pages
answered from another generation (mixed) or as gone, and what each replica
serves at the end, in ``bench/results/replicas-TIME.json``; exit status 1 unless
there were no failures and no mixed pages.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from urllib.request import urlopen

from bench.corpus import WORK
from bench.http import ensure_wrk
from bench.indexing import update_file
from bench.measure import write_report
from bench.proxy import GUNICORN, ROOT, free_port, nginx, nginx_binary, wait_for_port
from bench.search import make_queries
from index.fleet import write_pin
from index.ingest import BUNDLED_CORPUS
from index.store import IndexStore
from index.writer import build, update

LUA = ROOT / "bench" / "replicas.lua"
MAX_SECONDS = 3600  # wrk is stopped (SIGINT) once every event happened


class Replica:
    """One replica: gunicorn (``gunicorn.conf.py``) with ``TELUSUR_REPLICA``, in a process
    group of its own so that it can be killed whole, as a crashed machine would be."""

    def __init__(
        self, name: str, index_dir: Path, run_dir: Path, threads: int = 2, workers: int = 1
    ) -> None:
        self.name = name
        self.port = free_port()
        self.run_dir = run_dir
        self.count = workers
        self.env = dict(
            os.environ,
            TELUSUR_INDEX_DIR=str(index_dir),
            TELUSUR_REPLICA=name,
            TELUSUR_WORKERS=str(workers),
            TELUSUR_THREADS=str(threads),
            TELUSUR_ACCESS_LOG="-",
            HOST="127.0.0.1",
            PORT=str(self.port),
        )
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 300) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        log = self.run_dir / f"{self.name}.log"
        with log.open("a", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "web:create_app()"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for_port(self.port, self.process, log, timeout)  # it listens once warmed
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.get("/healthz", timeout=timeout)[0] == 200:
                    break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"replica {self.name} is not healthy: see {log}") from None
                time.sleep(0.2)
        # The first worker may answer before the arbiter has forked the others.
        while len(self.workers()) < self.count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"replica {self.name} lacks workers: see {log}")
            time.sleep(0.05)

    def workers(self) -> list[int]:
        """The process ids of the arbiter's workers, as the kernel lists its children."""
        assert self.process is not None
        pid = self.process.pid
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            return sorted(int(p) for p in f.read().split())

    def kill(self) -> None:
        """SIGKILL to the arbiter and its workers at once: nothing is closed cleanly."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def get(self, path: str, timeout: float = 30) -> tuple[int, dict, dict]:
        """Status, headers and JSON of a GET sent to this replica directly."""
        with urlopen(self.url + path, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), json.loads(answer.read())


class Fleet:
    """Replicas over one store, nginx in front; :meth:`rollout` runs ``python -m index rollout``."""

    def __init__(self, index_dir: Path, replicas: list[Replica], front: int) -> None:
        self.index_dir = index_dir
        self.replicas = replicas
        self.front = front

    @property
    def urls(self) -> str:
        return ",".join(replica.url for replica in self.replicas)

    def rollout(self, generation: str | None = None) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "index", "rollout", "--index-dir", str(self.index_dir)]
        command += ["--replicas", self.urls]
        if generation:
            command += ["--generation", generation]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)

    def get(self, path: str, timeout: float = 30) -> tuple[int, dict, dict]:
        """Status, headers and JSON of a GET sent through nginx."""
        with urlopen(f"http://127.0.0.1:{self.front}{path}", timeout=timeout) as answer:
            return answer.status, dict(answer.headers), json.loads(answer.read())


@contextmanager
def fleet(
    index_dir: Path, run_dir: Path, count: int = 3, threads: int = 2, workers: int = 1
) -> Iterator[Fleet]:
    """``count`` replicas of ``index_dir`` and nginx in front of them, all on 127.0.0.1."""
    replicas = [
        Replica(f"r{n}", index_dir, run_dir / "replicas", threads, workers)
        for n in range(1, count + 1)
    ]
    with ExitStack() as stack:
        for replica in replicas:
            stack.callback(replica.stop)
        starting = [threading.Thread(target=replica.start) for replica in replicas]
        for thread in starting:
            thread.start()
        for thread in starting:
            thread.join()
        for replica in replicas:
            if replica.process is None or replica.process.poll() is not None:
                raise RuntimeError(f"replica {replica.name} did not start: see {run_dir}")
        front = stack.enter_context(nginx([r.port for r in replicas], run_dir / "nginx"))
        yield Fleet(index_dir, replicas, front)


def query_file(source: Path, count: int, path: Path) -> Path:
    """Headline queries, one query string a line, for ``bench/replicas.lua``."""
    lines = [urlencode({"q": q}) for q in make_queries(count, seed=13, source=source)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_wrk(wrk: str, front: int, queries: Path, connections: int, seconds: int):
    """``wrk`` started in the background: one thread per connection (one reader each)."""
    command = [wrk, f"-t{connections}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", str(LUA), f"http://127.0.0.1:{front}", "--", str(queries), str(connections)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wrk_result(process: subprocess.Popen) -> dict:
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"wrk failed: {err}")
    line = next(li for li in out.splitlines() if li.startswith("JSON "))
    result = json.loads(line[5:])
    result["requests_per_s"] = round(result["requests"] / result["seconds"], 1)
    result["failed"] = result["non2xx"] + sum(
        result[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.replicas", description=__doc__)
    p.add_argument("--replicas", type=int, default=3)
    p.add_argument("--workers", type=int, default=1, help="worker processes of each replica")
    p.add_argument("--threads", type=int, default=2, help="threads of each replica's worker")
    p.add_argument("--connections", type=int, default=4, help="wrk connections (readers)")
    p.add_argument("--phase", type=float, default=10, help="seconds between the events")
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--source", type=Path, default=BUNDLED_CORPUS, help="corpus to index")
    p.add_argument("--work", type=Path, default=WORK / "replicas", help="index and logs (anew)")
    p.add_argument("--out", type=Path, help="report file (default bench/results/replicas-*.json)")
    args = p.parse_args(argv)
    if nginx_binary() is None:
        raise SystemExit("nginx is not installed (make nginx)")
    wrk = ensure_wrk()
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    store = IndexStore(args.work / "index")
    print(f"building {args.source} into {store.root}", flush=True)
    build([args.source], store)
    first = store.current().name
    queries = query_file(args.source, args.queries, args.work / "queries.txt")
    updates = update_file(args.source, args.work / "update.jsonl", count=200)
    # The fleet serves the first generation (as if it had started before the update);
    # the second, published before the load, waits for the rollout.
    write_pin(store.root, first, None)
    update([updates], store)
    second = store.current().name
    events: dict[str, Any] = {"published_before_the_load": second}
    with fleet(store.root, args.work / "run", args.replicas, args.threads, args.workers) as running:
        status, headers, _ = running.get("/api/search?q=banjir")
        served = headers.get("X-Telusur-Generation")
        print(f"{args.replicas} replicas behind nginx serve {served} ({status})", flush=True)
        load = run_wrk(wrk, running.front, queries, args.connections, MAX_SECONDS)
        start = time.monotonic()

        def event(name: str, *what: object) -> None:
            events[name] = [*what, round(time.monotonic() - start, 1)]
            print(f"{name}: {' '.join(map(str, what))} at {events[name][-1]} s", flush=True)

        victim = running.replicas[0]
        time.sleep(args.phase)
        victim.kill()
        event("killed", victim.name)
        time.sleep(args.phase)
        event("rollout_started", second)
        done = running.rollout(second)
        print("\n".join(done.stdout.strip().splitlines()) or done.stderr, flush=True)
        event("rollout_done", done.returncode)
        events["rollout_output"] = done.stdout.strip().splitlines()
        time.sleep(args.phase)
        victim.start()
        event("restarted", victim.name)
        time.sleep(args.phase)
        load.send_signal(signal.SIGINT)  # wrk stops and reports what it measured
        result = wrk_result(load)
        serving = {}
        for replica in running.replicas:
            _, answer_headers, _ = replica.get("/api/search?q=banjir")
            serving[replica.name] = answer_headers.get("X-Telusur-Generation")
    report = {
        "command": "python -m bench.replicas " + " ".join(argv or sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "source": str(args.source),
        "replicas": args.replicas,
        "workers": args.workers,
        "connections": args.connections,
        "generations": [first, second],
        "events": events,
        "load": result,
        "serving_at_the_end": serving,
    }
    write_report(report, "replicas", args.out)
    print(json.dumps({"load": result, "serving_at_the_end": serving}, indent=2))
    fine = (
        result["failed"] == 0
        and result["mixed"] == 0
        and done.returncode == 0
        and set(serving.values()) == {second}
    )
    print("ok: 0 failed, 0 mixed, every replica on the new generation" if fine else "FAILED")
    return 0 if fine else 1


if __name__ == "__main__":
    sys.exit(main())
