"""Slow clients (slowloris) against gunicorn alone and through nginx (``deploy/``), on 127.0.0.1.

    .venv/bin/python -m bench.slowloris                    # `make bench-slowloris`
    .venv/bin/python -m bench.slowloris --slow 8 --seconds 20 --index-dir var/index

Starts the production server (gunicorn, ``gunicorn.conf.py``, ``--workers`` ×
``--threads``) over ``--index-dir`` (default: the test fixture's 13 articles,
indexed into a temporary folder), and nginx with the repository's configuration
in front of it. Each phase opens ``--slow`` connections that send a request
line and then one header line every ``--drip`` seconds, never finishing, and
meanwhile sends ordinary searches one after another for ``--seconds`` (each
given ``--timeout`` seconds): first straight to gunicorn, then through nginx.
A phase with no slow client is the baseline. Reports, per phase, the searches
sent, answered (200), failed (timeout or error), median and p90 latency; in
``bench/results/slowloris-TIME.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.proxy import ROOT, gunicorn, http_get, nginx, open_trickling

QUERIES = ["banjir", "gempa", "jakarta", "presiden", "harga", "sepak bola", "pemilu", "hujan"]


class Trickle:
    """``count`` connections that each send one more header line every ``drip`` seconds."""

    def __init__(self, port: int, count: int, drip: float) -> None:
        self.port, self.count, self.drip = port, count, drip
        self.done = threading.Event()
        self.socks: list[socket.socket] = []
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.reopened = 0

    def __enter__(self) -> Trickle:
        self.socks = [open_trickling(self.port, "/") for _ in range(self.count)]
        self.thread.start()
        return self

    def _run(self) -> None:
        n = 0
        while not self.done.wait(self.drip):
            n += 1
            for i, sock in enumerate(self.socks):
                try:
                    sock.sendall(f"X-Slow-{n}: {n}\r\n".encode("ascii"))
                except OSError:  # dropped by the server (its header timeout): come back
                    sock.close()
                    self.reopened += 1
                    with contextlib.suppress(OSError):
                        self.socks[i] = open_trickling(self.port, "/")

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join(5)
        for sock in self.socks:
            sock.close()


def searches(port: int, seconds: float, timeout: float) -> dict:
    """Ordinary searches, one after another, for ``seconds``."""
    latencies, failed, sent = [], 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        q = QUERIES[sent % len(QUERIES)].replace(" ", "+")
        sent += 1
        start = time.monotonic()
        try:
            status = http_get(port, f"/api/search?q={q}&per_page=10", timeout=timeout)[0]
        except OSError:
            status = None
        if status == 200:
            latencies.append((time.monotonic() - start) * 1000)
        else:
            failed += 1
    ordered = sorted(latencies)
    return {
        "sent": sent,
        "answered": len(latencies),
        "failed": failed,
        "p50_ms": round(statistics.median(ordered), 1) if ordered else None,
        "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 1) if ordered else None,
    }


def fixture_index(folder: Path) -> Path:
    from index.store import IndexStore
    from index.writer import build

    build([ROOT / "tests/fixtures/articles.jsonl"], IndexStore(folder))
    return folder


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--index-dir", type=Path, help="index to serve (default: the test fixture's)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--slow", type=int, default=8, help="trickling connections")
    p.add_argument("--drip", type=float, default=2.0, help="seconds between their header lines")
    p.add_argument("--seconds", type=float, default=15.0, help="length of each phase")
    p.add_argument("--timeout", type=float, default=5.0, help="each search's timeout")
    args = p.parse_args(argv)
    phases = []
    with tempfile.TemporaryDirectory(prefix="telusur-slowloris-") as tmp:
        run = Path(tmp)
        index = args.index_dir or fixture_index(run / "index")
        with (
            gunicorn(index, run / "gunicorn", args.workers, args.threads) as back,
            nginx(back, run / "nginx") as front,
        ):
            for name, port, slow in (
                ("gunicorn, no slow client", back, 0),
                (f"gunicorn, {args.slow} slow clients", back, args.slow),
                (f"nginx → gunicorn, {args.slow} slow clients", front, args.slow),
            ):
                with Trickle(port, slow, args.drip) as trickle:
                    time.sleep(args.drip)  # the slow clients have taken what they can
                    result = searches(port, args.seconds, args.timeout)
                result |= {"phase": name, "slow": slow, "slow_reconnects": trickle.reopened}
                phases.append(result)
                print(
                    f"{name:40} sent {result['sent']:5}  answered {result['answered']:5}"
                    f"  failed {result['failed']:4}  p50 {result['p50_ms']} ms"
                    f"  p90 {result['p90_ms']} ms"
                )
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "layout": f"{args.workers}x{args.threads}",
        "args": {k: str(v) for k, v in vars(args).items()},
        "phases": phases,
    }
    out = ROOT / "bench/results" / f"slowloris-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"report: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
