"""Small measuring tools shared by the benchmarks: percentiles, peak memory, sizes."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    """p50/p95/p99/mean in milliseconds and queries per second (one thread)."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50": round(percentile(ms, 50), 2),
        "p95": round(percentile(ms, 95), 2),
        "p99": round(percentile(ms, 99), 2),
        "mean": round(statistics.fmean(ms), 2) if ms else float("nan"),
        "qps": round(len(ms) / (sum(ms) / 1000), 1) if ms else float("nan"),
    }


def process_tree(pid: int) -> Iterator[int]:
    """``pid`` and all its descendants still running (Linux /proc)."""
    pending = [pid]
    while pending:
        current = pending.pop()
        yield current
        try:
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as f:
                pending += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue


def tree_rss_kb(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in KiB."""
    total = 0
    for current in process_tree(pid):
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as f:
                total += next(int(li.split()[1]) for li in f if li.startswith("VmRSS:"))
        except (OSError, ValueError, StopIteration):
            continue
    return total


def tree_cpu_seconds(pid: int) -> float:
    """User and system CPU time of ``pid`` and all its descendants so far."""
    ticks = 0
    for current in process_tree(pid):
        try:
            with open(f"/proc/{current}/stat", encoding="ascii") as f:
                fields = f.read().rpartition(")")[2].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        except (OSError, ValueError, IndexError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def pss_kb(pid: int) -> int:
    """Proportional memory of ``pid``: pages shared with other processes counted in
    shares (Linux ``smaps_rollup``); 0 when unknown."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_measured(
    command: list[str], env: dict | None = None, cwd: Path | None = None, ok: tuple = (0,)
) -> dict:
    """Run ``command``; its wall time, CPU time and the peak memory of its process tree.

    An exit status outside ``ok`` is an error."""
    started = time.perf_counter()
    before = os.times()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.1):
            peak = max(peak, tree_rss_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    stop.set()
    sampler.join()
    after = os.times()
    if process.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{err[-2000:]}")
    return {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": (after.children_user - before.children_user)
        + (after.children_system - before.children_system),
        "peak_rss_mb": round(peak / 1024, 1),
        "stdout": out,
    }


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20, 1)


RESULTS = Path(__file__).resolve().parent / "results"


def write_report(report: dict, name: str, out: Path | None = None) -> Path:
    """Write ``report`` as JSON to ``out``, else ``bench/results/NAME-TIME.json``; say where."""
    out = out or RESULTS / f"{name}-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"report: {out}")
    return out
