"""One native engine's build, alone in its process, so that its time and memory are its own.

    .venv/bin/python -m bench.native.build ENGINE TOKENS TARGET

``ENGINE`` is ``xapian``, ``tantivy`` or ``sqlite``; ``TOKENS`` a file of
:mod:`bench.native.tokens`. Lucene's build is Anserini's own Java command
(:func:`bench.native.lucene.build_command`).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from bench.native import sqlite_engine, tantivy_engine, xapian_engine

BUILDERS = {"xapian": xapian_engine, "tantivy": tantivy_engine, "sqlite": sqlite_engine}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.native.build", description=__doc__)
    p.add_argument("engine", choices=sorted(BUILDERS))
    p.add_argument("tokens", type=Path)
    p.add_argument("target", type=Path)
    args = p.parse_args(argv)
    shutil.rmtree(args.target, ignore_errors=True)
    print(f"indexed {BUILDERS[args.engine].build(args.tokens, args.target)} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
