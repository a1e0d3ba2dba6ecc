"""Load run: the production server under ``wrk``, with an update and a full rebuild during it.

    .venv/bin/python -m bench.load                     # `make load`; about 6-10 minutes
    .venv/bin/python -m bench.load --phase-seconds 10 --concurrency 2 8   # a quick look

Serves a copy of the demo index with gunicorn workers on 127.0.0.1, then runs
``wrk`` (``bench/load.lua``) over a mix of realistic
requests: the known-item queries of ``bench/relevance``, later result pages,
filters and facets, sorting, article views and suggestions (those the server
offers): a warm-up phase (not counted), then one idle phase at each
concurrency, the baseline. Then a maintenance thread adds and deletes
articles with ``python -m index update/delete``, rebuilds the whole index from
the corpus as changed, and checks over HTTP after each step that the new
articles are found and the deleted ones are gone; load phases repeat until it
is done. It reports requests, errors by kind, latency p50/p99 per phase, the
p99 under change against the idle p99 of the same concurrency (a ratio in the
same run, as a shared machine's noise moves both) and the memory of each
worker at the start and the end, and writes the report to
``bench/results/load-TIME.json``. Exit status 1 if any request failed or a
check did not hold.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "index" / "data" / "click-id.jsonl.gz"
QUERIES = ROOT / "bench" / "relevance" / "known-item.queries.tsv"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
FALLBACK_QUERIES = ["banjir jakarta", "gempa", "timnas indonesia", "harga cabai", "pilpres"]
SOURCES = ["kompas.com", "tempo.co", "okezone.com", "detik.com"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The production server: gunicorn with workers, on a free loopback port."""

    def __init__(
        self, index_dir: Path, workers: int, threads: int, command: str | None, log: Path
    ) -> None:
        self.port = free_port()
        self.log = log
        self.base = f"http://127.0.0.1:{self.port}"
        default = (
            f"{Path(PYTHON).parent / 'gunicorn'} --workers {workers} --threads {threads}"
            f" --bind 127.0.0.1:{self.port} --access-logfile /dev/null 'web:create_app()'"
        )
        self.command = (command or default).format(port=self.port)
        env = dict(os.environ, TELUSUR_INDEX_DIR=str(index_dir))
        with log.open("w", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                shlex.split(self.command), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def wait_ready(self, timeout: float = 300) -> None:  # warming takes a minute when busy
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if get(self.base + "/api/search?q=banjir")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"the server did not answer within {timeout:.0f} s: {self.command}")

    def workers(self) -> dict[int, float]:
        """Resident memory (MB) of each worker process."""
        return {pid: rss_mb(pid) for pid in children(self.process.pid)}

    def log_events(self) -> dict:
        """Worker replacements and warm-ups, with gunicorn's time stamps, from its log."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        stamp = r"^\[([^\]]+)\] \[\d+\] \[\w+\] "
        return {
            "replaced": re.findall(stamp + r"Autorestarting worker", text, re.M),
            "timed_out": re.findall(stamp + r".*WORKER TIMEOUT", text, re.M),
            "worker_warmups": [
                f"{at} {line}" for at, line in re.findall(stamp + r"(worker \d+ .*)$", text, re.M)
            ],
        }

    def stop(self) -> None:
        """Gunicorn's master stops its workers; if they hang, everything is killed."""
        workers = children(self.process.pid)
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            print("the server did not stop within 40 s: killed", flush=True)
            for pid in [self.process.pid, *workers]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return round(int(match.group(1)) / 1024, 1) if match else 0.0


def get(url: str) -> tuple[int, bytes]:
    try:
        with urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except HTTPError as err:
        return err.code, err.read()


def search_ids(base: str, q: str, **params) -> list[str]:
    status, body = get(f"{base}/api/search?" + urlencode({"q": q, "per_page": 100, **params}))
    if status != 200:
        raise RuntimeError(f"search {q!r} answered {status}: {body[:200]!r}")
    return [hit["id"] for hit in json.loads(body)["hits"]]


def read_corpus(limit: int | None = None) -> list[dict]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    return records[:limit] if limit else records


def simple_title(title: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z ]{25,90}", title or ""))


def new_articles(run: str, batch: int, count: int) -> tuple[str, list[dict]]:
    """``count`` fresh articles sharing one marker word that nothing else contains."""
    marker = f"ujibeban{run}x{batch}"
    return marker, [
        {
            "id": f"ujibeban-{run}-{batch}-{n:03d}",
            "title": f"Uji beban {marker} artikel {n}",
            "body": f"Artikel uji beban {marker} nomor {n} tentang banjir di Jakarta.",
            "url": f"https://uji.example/{run}/{batch}/{n}",
            "source": "uji.example",
            "category": "Uji",
            "published": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        for n in range(count)
    ]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


class Maintenance(threading.Thread):
    """Update, delete, then rebuild during the load; each checked over HTTP."""

    def __init__(self, base: str, index_dir: Path, work: Path, corpus: list[dict], args) -> None:
        super().__init__(daemon=True)
        self.base, self.index_dir, self.work, self.corpus, self.args = (
            base,
            index_dir,
            work,
            corpus,
            args,
        )
        self.events: list[dict] = []
        self.failures: list[str] = []
        self.started_at = time.monotonic()

    def event(self, what: str, **details) -> None:
        entry = {"at_s": round(time.monotonic() - self.started_at, 1), "event": what, **details}
        self.events.append(entry)
        print(
            f"[maintenance {entry['at_s']:7.1f} s] {what} {details if details else ''}", flush=True
        )

    def index(self, *args: str) -> dict:
        started = time.monotonic()
        done = subprocess.run(
            [PYTHON, "-m", "index", *args, "--index-dir", str(self.index_dir)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        seconds = round(time.monotonic() - started, 1)
        if done.returncode != 0:
            self.failures.append(f"index {args[0]} exited {done.returncode}: {done.stderr[-500:]}")
        lines = done.stdout.strip().splitlines() or [""]
        return {
            "exit": done.returncode,
            "seconds": seconds,
            "first_line": lines[0][:300],
            "output": "\n".join(lines[1:])[-300:],
        }

    def check(self, what: str, condition: bool, detail: str = "") -> None:
        self.event(f"check {what}: {'ok' if condition else 'FAILED'}", detail=detail)
        if not condition:
            self.failures.append(f"{what}: {detail}")

    def check_found(self, marker: str, ids: list[str]) -> None:
        found = search_ids(self.base, marker)
        self.check(f"{len(ids)} new articles found", sorted(found) == sorted(ids), f"{marker}")

    def check_gone(self, deleted: list[dict]) -> None:
        still = [a["id"] for a in deleted if a["id"] in search_ids(self.base, a["title"])]
        self.check(f"{len(deleted)} deleted articles gone", not still, f"still found: {still}")

    def run(self) -> None:
        try:
            self.steps()
        except Exception as err:  # report, never hang the load run
            self.failures.append(f"maintenance stopped: {err!r}")
            self.event("maintenance stopped", error=repr(err))

    def steps(self) -> None:
        args, run = self.args, time.strftime("%H%M%S")
        rng = random.Random(args.seed)
        candidates = [a for a in self.corpus if simple_title(a.get("title", ""))]
        rng.shuffle(candidates)
        doomed = []  # articles still in the index (an earlier run may have deleted some)
        for article in candidates[: 20 * args.delete]:
            if len(doomed) == 2 * args.delete:
                break
            if article["id"] in search_ids(self.base, article["title"]):
                doomed.append(article)
        deleted1, deleted2 = doomed[: args.delete // 2 or 1], doomed[args.delete // 2 or 1 :]
        time.sleep(args.quiet_seconds)

        marker1, batch1 = new_articles(run, 1, args.add)
        if has_update_command():
            source1 = write_jsonl(self.work / "update.jsonl", batch1)
            self.event("update starts", adding=len(batch1))
            self.event("update done", **self.index("update", str(source1)))
            self.check_found(marker1, [a["id"] for a in batch1])
            self.event("delete starts", deleting=len(deleted1))
            self.event("delete done", **self.index("delete", *[a["id"] for a in deleted1]))
            self.check_gone(deleted1)
        else:
            self.event("no `python -m index update` here: incremental update skipped")

        time.sleep(args.quiet_seconds)
        marker2, batch2 = new_articles(run, 2, args.add)
        gone = {a["id"] for a in deleted1 + deleted2}
        kept = [a for a in self.corpus if a["id"] not in gone]
        source2 = write_jsonl(self.work / "rebuild.jsonl", kept + batch1 + batch2)
        self.event("rebuild starts", articles=len(kept) + len(batch1) + len(batch2))
        self.event("rebuild done", **self.index("build", str(source2)))
        self.check_found(marker1, [a["id"] for a in batch1])
        self.check_found(marker2, [a["id"] for a in batch2])
        self.check_gone(deleted1 + deleted2)
        time.sleep(args.quiet_seconds)
        self.event("maintenance done")


def has_update_command() -> bool:
    done = subprocess.run(
        [PYTHON, "-m", "index", "update", "--help"], cwd=ROOT, capture_output=True
    )
    return done.returncode == 0


def request_paths(base: str, corpus: list[dict], count: int, seed: int) -> list[str]:
    """A realistic mix of paths, each checked to answer 200 before the run."""
    rng = random.Random(seed)
    if QUERIES.is_file():
        queries = [line.split("\t", 1)[1] for line in QUERIES.read_text().splitlines() if line]
    else:
        queries = FALLBACK_QUERIES
    queries = rng.sample(queries, min(count, len(queries)))
    paths = []
    for q in queries:
        enc = urlencode({"q": q})
        paths += [f"/?{enc}", f"/api/search?{enc}", f"/api/search?{enc}"]
        paths.append(rng.choice([f"/?{enc}&page=2", f"/api/search?{enc}&page=2&per_page=20"]))
        paths.append(
            rng.choice(
                [
                    f"/api/search?{enc}&sort=newest",
                    f"/api/search?{enc}&source={rng.choice(SOURCES)}",
                    f"/api/search?{enc}&from=2019-08-01&to=2019-09-30",
                    f"/?{enc}&sort=newest&source={rng.choice(SOURCES)}",
                ]
            )
        )
    ids = [a["id"] for a in rng.sample(corpus, min(count, len(corpus)))]
    optional = {
        "article page": [f"/articles/{i}" for i in ids],
        "article api": [f"/api/articles/{i}" for i in ids],
        "suggest": ["/api/suggest?" + urlencode({"q": q[:4]}) for q in queries],
    }
    for name, extra in optional.items():
        if get(base + extra[0])[0] == 200:
            paths += extra[: max(1, len(queries) // 5)]
        else:
            print(f"(no {name} on this server: {extra[0]} is not 200; left out of the mix)")
    malformed = [p for p in paths if not p.isascii() or any(c.isspace() for c in p)]
    if malformed:
        raise SystemExit(f"paths that are not valid request targets: {malformed[:5]}")
    bad = [p for p in paths[:: max(1, len(paths) // 40)] if get(base + p)[0] != 200]
    if bad:
        raise SystemExit(f"paths that do not answer 200 before the run: {bad[:5]}")
    return paths


def wrk(base: str, paths_file: Path, concurrency: int, seconds: int, seed: int) -> dict:
    command = [
        "wrk",
        f"--threads={min(2, concurrency)}",
        f"--connections={concurrency}",
        f"--duration={seconds}s",
        "--timeout=30s",
        "--latency",
        f"--script={ROOT / 'bench' / 'load.lua'}",
        base,
        "--",
        str(paths_file),
        str(seed),
    ]
    done = subprocess.run(command, capture_output=True, text=True)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("LOAD-JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    result = json.loads(line.removeprefix("LOAD-JSON "))
    result["concurrency"] = concurrency
    result["failed"] = sum(result["errors"].values()) + sum(
        n for kind, n in result["statuses"].items() if kind != "2xx"
    )
    return result


def prepare_index(args, corpus: list[dict]) -> Path:
    index_dir = args.work / "index"
    if args.fresh and index_dir.exists():
        shutil.rmtree(index_dir)
    if not (index_dir / "CURRENT").is_file():
        source = str(CORPUS)
        if args.articles:
            source = str(write_jsonl(args.work / "start.jsonl", corpus))
        print(f"building the starting index into {index_dir} ...", flush=True)
        done = subprocess.run(
            [PYTHON, "-m", "index", "build", source, "--index-dir", str(index_dir)]
        )
        if done.returncode != 0:
            raise SystemExit("the initial build failed")
    return index_dir


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    p.add_argument("--work", type=Path, default=ROOT / "var" / "load", help="working folder")
    p.add_argument("--fresh", action="store_true", help="rebuild the starting index first")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
    p.add_argument("--server", help="server command instead of gunicorn ({port} is replaced)")
    p.add_argument("--concurrency", type=int, nargs="+", default=[2, 8, 32])
    p.add_argument("--phase-seconds", type=int, default=30, help="length of one wrk phase")
    p.add_argument(
        "--warmup-seconds", type=int, default=30, help="load before the idle phases, not counted"
    )
    p.add_argument("--max-seconds", type=int, default=900, help="stop the run after this long")
    p.add_argument("--quiet-seconds", type=int, default=10, help="pause between maintenance steps")
    p.add_argument("--add", type=int, default=50, help="articles added by each change")
    p.add_argument("--delete", type=int, default=20, help="articles deleted in all")
    p.add_argument("--queries", type=int, default=300, help="distinct queries in the mix")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--articles", type=int, help="use only the corpus's first N articles (a quicker run)"
    )
    p.add_argument("--no-maintenance", action="store_true", help="load only, no update/rebuild")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server on the way out
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = read_corpus(args.articles)
    index_dir = prepare_index(args, corpus)
    server_log = args.work / "gunicorn.log"
    server = Server(index_dir, args.workers, args.threads, args.server, server_log)
    print(f"the server's log: {server_log}", flush=True)
    report: dict = {"command": " ".join([Path(PYTHON).name, "-m", "bench.load", *sys.argv[1:]])}
    try:
        server.wait_ready()
        paths = request_paths(server.base, corpus, args.queries, args.seed)
        paths_file = write_text(args.work / "paths.txt", "\n".join(paths) + "\n")
        report.update(
            server=server.command,
            paths=len(paths),
            memory_start_mb=server.workers(),
            started=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        )
        started = time.monotonic()
        if args.warmup_seconds:  # first requests fill the caches: not part of the baseline
            warm = wrk(server.base, paths_file, max(args.concurrency), args.warmup_seconds, 0)
            print("warm-up " + summary_line(warm), flush=True)
            report["warmup"] = warm
        phases = []
        for n, concurrency in enumerate(args.concurrency):  # the baseline: nothing changes
            phases.append(run_phase(server.base, paths_file, concurrency, args, n, started, True))
        maintenance = None
        if not args.no_maintenance:
            maintenance = Maintenance(server.base, index_dir, args.work, corpus, args)
            maintenance.started_at = started  # one clock for phases and events
            maintenance.start()
        n = 0
        while maintenance is not None:
            concurrency = args.concurrency[n % len(args.concurrency)]
            seed = len(args.concurrency) + n
            phases.append(run_phase(server.base, paths_file, concurrency, args, seed, started))
            n += 1
            over = time.monotonic() - started > args.max_seconds
            if n >= len(args.concurrency) and (not maintenance.is_alive() or over):
                break
        if maintenance is not None:
            maintenance.join(timeout=5)
        report.update(
            phases=phases,
            memory_end_mb=server.workers(),
            maintenance=maintenance.events if maintenance else [],
            check_failures=(maintenance.failures if maintenance else [])
            + (["maintenance did not finish"] if maintenance and maintenance.is_alive() else []),
        )
    finally:
        server.stop()
    report["server_log"] = server.log_events()
    report["total"] = totals(report["phases"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print_report(report, out)
    return 1 if report["total"]["failed"] or report["check_failures"] else 0


def run_phase(base, paths_file, concurrency, args, n, started, idle=False) -> dict:
    """One wrk phase, marked idle (before any change) or not, and printed."""
    phase = wrk(base, paths_file, concurrency, args.phase_seconds, args.seed + n)
    phase["started_s"] = round(time.monotonic() - started - phase["seconds"], 1)
    phase["idle"] = idle
    print(("idle    " if idle else "change  ") + summary_line(phase), flush=True)
    return phase


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def totals(phases: list[dict]) -> dict:
    total = {"requests": sum(p["requests"] for p in phases)}
    total["failed"] = sum(p["failed"] for p in phases)
    total["errors"] = {k: sum(p["errors"][k] for p in phases) for k in phases[0]["errors"]}
    total["statuses"] = {k: sum(p["statuses"][k] for p in phases) for k in phases[0]["statuses"]}
    total["worst_p99_ms"] = max(p["latency_ms"]["p99"] for p in phases)
    total["p99_ratio"] = p99_ratios(phases)
    return total


def p99_ratios(phases: list[dict]) -> dict[str, dict]:
    """Per concurrency: the idle phase's p99, the worst p99 while the index changed, and
    their ratio; a ratio on the same machine in the same run, as noise shifts both."""
    ratios = {}
    for idle in (p for p in phases if p.get("idle")):
        during = [
            p["latency_ms"]["p99"]
            for p in phases
            if not p.get("idle") and p["concurrency"] == idle["concurrency"]
        ]
        if not during:
            continue
        base, worst = idle["latency_ms"]["p99"], max(during)
        ratios[str(idle["concurrency"])] = {
            "idle_p99_ms": base,
            "change_p99_ms": worst,
            "ratio": round(worst / base, 2) if base else None,
        }
    return ratios


def summary_line(phase: dict) -> str:
    lat = phase["latency_ms"]
    return (
        f"c={phase['concurrency']:>3}  {phase['requests']:>6} requests in {phase['seconds']:.0f} s"
        f" ({phase['requests'] / phase['seconds']:.1f}/s)  p50 {lat['p50']:.0f} ms"
        f"  p99 {lat['p99']:.0f} ms  failed {phase['failed']}"
    )


def print_report(report: dict, out: Path) -> None:
    total = report["total"]
    print(f"\n{total['requests']} requests, {total['failed']} failed")
    print(f"errors by kind: {total['errors']}; statuses: {total['statuses']}")
    print(f"worker memory MB, start: {report['memory_start_mb']}, end: {report['memory_end_mb']}")
    events = report["server_log"]
    print(f"workers replaced: {len(events['replaced'])}, timed out: {len(events['timed_out'])}")
    for line in events["worker_warmups"]:
        print(f"  {line}")
    for concurrency, row in total["p99_ratio"].items():
        print(
            f"c={concurrency:>3}  p99 idle {row['idle_p99_ms']:.0f} ms, under change"
            f" {row['change_p99_ms']:.0f} ms: {row['ratio']}× idle"
        )
    for failure in report["check_failures"]:
        print(f"CHECK FAILED: {failure}")
    print(f"report: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
