"""``python -m index``: build the search index from news files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from index.ingest import BUNDLED_CORPUS
from index.store import DEFAULT_INDEX_DIR, IndexStore
from index.writer import NothingIndexed, build


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m index", description=__doc__)
    commands = p.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="index news files into a new index and make it live")
    b.add_argument(
        "sources",
        nargs="*",
        type=Path,
        default=[BUNDLED_CORPUS],
        metavar="SOURCE",
        help="JSON Lines files, plain or .gz (default: the bundled corpus)",
    )
    b.add_argument("--index-dir", type=Path, default=DEFAULT_INDEX_DIR, help="index folder")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    missing = [str(s) for s in args.sources if not s.is_file()]
    if missing:
        print(f"error: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        report = build(args.sources, IndexStore(args.index_dir), progress=True)
    except NothingIndexed as err:
        print(err.report.summary(), file=sys.stderr)
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"error: cannot write the index in {args.index_dir}: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the live index was left as it was", file=sys.stderr)
        return 130
    print(report.summary())
    return 0
