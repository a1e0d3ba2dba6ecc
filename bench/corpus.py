"""A synthetic larger corpus made from the bundled one, for the scale benchmarks.

    .venv/bin/python -m bench.corpus 10            # var/bench/corpus-10x.jsonl.gz

Replica 0 is the bundled corpus as it is. Every further replica repeats each
article under a new id (``<id>~r<n>``) with its text lightly perturbed, so that
posting lists grow the way a bigger news archive's would rather than as exact
copies: about one word in ten of the body is replaced by a word from another
article of the corpus, one in twenty is dropped, and the publication date is
moved by whole weeks. Deterministic: the same scale gives the same file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from datetime import timedelta
from pathlib import Path

from index.dates import parse_published
from index.ingest import BUNDLED_CORPUS

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench"
_WORD = re.compile(r"\S+")


def records(source: Path = BUNDLED_CORPUS) -> list[dict]:
    """The JSON objects of a JSON Lines file (plain or .gz); other lines are left out."""
    opener = gzip.open if Path(source).suffix == ".gz" else open
    out = []
    with opener(source, "rt", encoding="utf-8") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                out.append(record)
    return out


def perturb(record: dict, replica: int, rng: random.Random, vocabulary: list[str]) -> dict:
    """A copy of ``record`` with a new id, its body words lightly changed, its date moved."""
    out = dict(record)
    out["id"] = f"{record.get('id') or record.get('url')}~r{replica}"
    if out.get("url"):  # a query parameter: ingest drops a URL's #fragment and de-duplicates
        joiner = "&" if "?" in out["url"] else "?"
        out["url"] = f"{out['url']}{joiner}replica={replica}"
    words = []
    for word in _WORD.findall(record.get("content") or record.get("body") or ""):
        roll = rng.random()
        if roll < 0.05:
            continue
        words.append(rng.choice(vocabulary) if roll < 0.15 else word)
    out["content" if "content" in record else "body"] = " ".join(words)
    published = parse_published(record.get("date") or record.get("published"), record.get("time"))
    if published is not None:
        out.pop("date", None)
        out.pop("time", None)
        out["published"] = (published - timedelta(weeks=replica)).isoformat()
    return out


def write_corpus(scale: int, path: Path | None = None, source: Path = BUNDLED_CORPUS) -> Path:
    """The ``scale``× corpus as gzipped JSON Lines (made once, then reused)."""
    path = path or WORK / f"corpus-{scale}x.jsonl.gz"
    if path.exists():
        return path
    base = records(source)
    rng = random.Random(scale)
    vocabulary = [
        w for r in rng.sample(base, min(len(base), 2000)) for w in _WORD.findall(r.get("title", ""))
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as out:
        for replica in range(scale):
            for record in base:
                item = record if replica == 0 else perturb(record, replica, rng, vocabulary)
                out.write(json.dumps(item, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__)
    p.add_argument("scale", type=int, help="how many times the bundled corpus (10, 50)")
    p.add_argument("--source", type=Path, default=BUNDLED_CORPUS, help="the corpus to grow")
    p.add_argument("--out", type=Path, help="output file (default var/bench/corpus-Nx.jsonl.gz)")
    args = p.parse_args(argv)
    print(write_corpus(args.scale, args.out, args.source))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
