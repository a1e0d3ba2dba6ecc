"""Indexing benchmark: full builds and a 1,000-article update, one process against all cores.

    .venv/bin/python -m bench.indexing                  # `make bench-index`: 1× and 10×
    .venv/bin/python -m bench.indexing --scales 1 10 50 # 50× too (about an hour here)
    .venv/bin/python -m bench.indexing --writers telusur whoosh-mp --procs 2
                                                        # beside Whoosh's MpWriter

Each build is the real command line, ``python -m index build``, run in a
subprocess with ``TELUSUR_INDEX_PROCS`` set to 1 and then to the number of
cores, into ``var/bench/index-<N>x-p<P>``: articles per second (wall and CPU),
the peak resident memory of the whole process tree, and the index size on
disk. Then ``python -m index update`` adds 1,000 new articles to each index
(when the command exists). The multi-process 1× and 10× indexes stay for
``bench.search``. With ``--writers whoosh-mp`` the same corpora are also
built by Whoosh's own ``MpWriter`` (``bench.whoosh_build``) into
``var/bench/index-<N>x-p<P>-whoosh-mp``, measured the same way (no update).
The report goes to ``bench/results/indexing-TIME.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from whoosh import index as whoosh_index

from bench.corpus import WORK, perturb, records, write_corpus
from bench.measure import folder_mb, run_measured, write_report
from index.schema import news_schema
from index.store import IndexStore

ROOT = Path(__file__).resolve().parent.parent
# "indexed N articles" (older summaries) or "N added"
INDEXED = re.compile(r"indexed (\d+)|(\d+) added")
# 3: done, some input rejected (listed in the rejects file)
OK_STATUSES = (0, 3)


def corpus_for(scale: int, source: Path | None) -> Path:
    if source is not None:
        return (
            source
            if scale == 1
            else write_corpus(scale, source.parent / f"tiny-{scale}x.jsonl.gz", source)
        )
    return write_corpus(scale) if scale > 1 else ROOT / "index" / "data" / "click-id.jsonl.gz"


def index_dir(scale: int, procs: int, work: Path = WORK) -> Path:
    return work / f"index-{scale}x-p{procs}"


def built_index(scale: int, procs: int, work: Path = WORK, source: Path | None = None) -> Path:
    """The benchmark index of ``scale``, built when missing or written with another schema."""
    root = index_dir(scale, procs, work)
    current = IndexStore(root).current()
    if current is None or _layout(whoosh_index.open_dir(current).schema) != _layout(news_schema()):
        run_build(corpus_for(scale, source), root, procs)
    return root


def _layout(schema) -> list[tuple]:
    """What a schema change alters: fields, their kind, posting format, analyzer and
    whether they have terms."""
    return [
        (name, type(f), type(f.format), getattr(f, "analyzer", None), bool(f.indexed))
        for name, f in schema.items()
    ]


def update_file(source: Path, out: Path, count: int = 1000) -> Path:
    """``count`` articles not in the index yet: perturbed copies with new ids."""
    import random

    base = records(source)[:count]
    rng = random.Random(7)
    vocabulary = [w for r in base[:200] for w in r.get("title", "").split()]
    with out.open("w", encoding="utf-8") as f:
        for record in base:
            f.write(json.dumps(perturb(record, 9999, rng, vocabulary), ensure_ascii=False) + "\n")
    return out


def has_update_command() -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "index", "update", "--help"], cwd=ROOT, capture_output=True
    )
    return done.returncode == 0


def run_build(corpus: Path, target: Path, procs: int) -> dict:
    shutil.rmtree(target, ignore_errors=True)
    env = dict(os.environ, TELUSUR_INDEX_PROCS=str(procs))
    command = [sys.executable, "-m", "index", "build", str(corpus), "--index-dir", str(target)]
    measured = run_measured(command, env=env, cwd=ROOT, ok=OK_STATUSES)
    return build_row(measured, IndexStore(target).current())


def build_row(measured: dict, folder: Path | None) -> dict:
    """A build's report row: articles (from its output), time, rates, the index in ``folder``."""
    match = INDEXED.search(measured.pop("stdout"))
    articles = int(match.group(1) or match.group(2)) if match else 0
    return {
        "articles": articles,
        **{k: round(v, 2) for k, v in measured.items()},
        "articles_per_s": round(articles / measured["seconds"], 1),
        "articles_per_cpu_s": round(articles / max(measured["cpu_seconds"], 1e-9), 1),
        "index_mb": folder_mb(folder) if folder else None,
        "segments": len(list(folder.glob("*.trm"))) if folder else None,
    }


def run_whoosh_build(corpus: Path, target: Path, procs: int) -> dict:
    """Whoosh's ``MpWriter`` on the same articles, measured like :func:`run_build`."""
    command = [sys.executable, "-m", "bench.whoosh_build", str(corpus), str(target)]
    return build_row(run_measured([*command, "--procs", str(procs)], cwd=ROOT), target)


def run_update(changes: Path, target: Path, procs: int) -> dict:
    env = dict(os.environ, TELUSUR_INDEX_PROCS=str(procs))
    command = [sys.executable, "-m", "index", "update", str(changes), "--index-dir", str(target)]
    measured = run_measured(command, env=env, cwd=ROOT, ok=OK_STATUSES)
    measured.pop("stdout")
    with changes.open(encoding="utf-8") as lines:
        count = sum(1 for _ in lines)
    return {
        "articles": count,
        **{k: round(v, 2) for k, v in measured.items()},
        "articles_per_s": round(count / measured["seconds"], 1),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.indexing", description=__doc__)
    p.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    p.add_argument("--procs", type=int, nargs="+", default=[1, len(os.sched_getaffinity(0))])
    p.add_argument("--source", type=Path, help="a corpus other than the bundled one (smoke runs)")
    p.add_argument("--update", type=int, default=1000, help="articles in the update (0: none)")
    p.add_argument(
        "--writers",
        nargs="+",
        choices=["telusur", "whoosh-mp"],
        default=["telusur"],
        help="telusur: python -m index build; whoosh-mp: Whoosh's MpWriter (bench.whoosh_build)",
    )
    p.add_argument("--work", type=Path, default=WORK, help="where the indexes go")
    p.add_argument("--out", type=Path, help="report file (default bench/results/indexing-*.json)")
    args = p.parse_args(argv)

    update = has_update_command() and args.update > 0
    args.work.mkdir(parents=True, exist_ok=True)
    report = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cores": os.cpu_count(), "runs": []}
    for scale in args.scales:
        corpus = corpus_for(scale, args.source)
        changes = (
            update_file(corpus, args.work / f"update-{scale}x.jsonl", args.update)
            if update
            else None
        )
        for procs in sorted(set(args.procs)):
            if "telusur" in args.writers:
                target = index_dir(scale, procs, args.work)
                row = {"scale": scale, "procs": procs, "build": run_build(corpus, target, procs)}
                if changes is not None:
                    row["update"] = run_update(changes, target, procs)
                report["runs"].append(row)
                print(json.dumps(row), flush=True)
            if "whoosh-mp" in args.writers:
                target = args.work / f"index-{scale}x-p{procs}-whoosh-mp"
                built = run_whoosh_build(corpus, target, procs)
                row = {"scale": scale, "procs": procs, "writer": "whoosh-mp", "build": built}
                report["runs"].append(row)
                print(json.dumps(row), flush=True)
    if not update:
        report["update"] = "python -m index update is not available in this version"
    write_report(report, "indexing", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
