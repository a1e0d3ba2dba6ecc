"""``python -m index``: build, update and inspect the search index.

Exit status (every command):
  0  done, all input taken
  1  failed: nothing was changed (no article to index, no index, cannot write,
     CURRENT damaged: see the message for the command that restores it, an
     update of an index built by an older schema: it needs a build)
  2  wrong command line
  3  done, but some input was rejected or some id not found (see the report
     and the rejects file)
  4  done, some input was rejected, and the rejects file could not be written
     (the report lists what was rejected)
  75 another writer held the index longer than --wait; nothing was changed
  130 interrupted; nothing was changed
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from pathlib import Path
from typing import cast

from whoosh.index import IndexError as WhooshIndexError

from index import parallel
from index.dask_build import (
    DASK_BATCH,
    SHARED,
    SHIPPED,
    STORAGES,
    DaskBuildFailed,
    DaskOptions,
)
from index.ingest import BUNDLED_CORPUS
from index.lock import WriterBusy
from index.priority import WRITER_NICE, lower_priority, niceness
from index.provenance import Superseded, bundled_sources, decide, still_to_build
from index.rejects import default_rejects_path, rejects_problem, write_rejects
from index.report import Report
from index.rollout import add_command as add_rollout
from index.rollout import run_command as run_rollout
from index.serving import served
from index.settings import INDEX_DIR, INDEX_PROCS, SettingError, index_dir
from index.stats import index_stats
from index.store import DamagedStore, IndexStore
from index.supersede import DEFAULT_PREFER, PREFERENCES
from index.writer import (
    DEFAULT_WAIT,
    NoIndex,
    NothingIndexed,
    OtherSchema,
    build,
    delete,
    update,
)

OK, FAILED, USAGE, REJECTED, UNSAVED, BUSY, INTERRUPTED = 0, 1, 2, 3, 4, 75, 130


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m index",
        description="Build, update and inspect the search index.",
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--index-dir", type=Path, help=f"index folder (default {INDEX_DIR.env}, else var/index)"
    )
    writing = argparse.ArgumentParser(add_help=False)
    writing.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT,
        metavar="SECONDS",
        help=f"how long to wait for another writer to finish (default {DEFAULT_WAIT:g})",
    )
    writing.add_argument(
        "--nice",
        type=niceness,
        default=WRITER_NICE,
        metavar="N",
        help=f"run this writer at CPU niceness N at least (0-19), leaving the CPU to "
        f"searches (default {WRITER_NICE}; 0: as it is)",
    )
    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument(
        "--source",
        default="",
        help="the outlet of articles whose input does not name one (text and HTML files)",
    )
    reading.add_argument(
        "--prefer",
        choices=PREFERENCES,
        default=DEFAULT_PREFER,
        help="which record of an id read more than once is kept, in the order the sources"
        f" are given (default {DEFAULT_PREFER}: a later correction wins)",
    )
    reading.add_argument(
        "--rejects",
        type=Path,
        help="where to write rejected input (default: INDEX_DIR/rejects/TIME-COMMAND.jsonl)",
    )
    distributing = argparse.ArgumentParser(add_help=False)
    distributing.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="write the segments on Dask workers: a scheduler's address (tcp://HOST:8786), "
        "or `local` for a LocalCluster of one worker process per core (docs/scale.md)",
    )
    distributing.add_argument(
        "--dask-storage",
        choices=STORAGES,
        default=SHIPPED,
        help=f"how segments reach the index (default {SHIPPED}: returned by the workers; "
        f"{SHARED}: written by them into INDEX_DIR, which they see at the same path)",
    )
    distributing.add_argument(
        "--dask-batch",
        type=positive,
        default=DASK_BATCH,
        metavar="N",
        help=f"articles in each Dask task, each one segment (default {DASK_BATCH})",
    )
    commands = p.add_subparsers(dest="command", required=True)
    sources_help = (
        "JSON Lines (.jsonl, .jsonl.gz), CSV (.csv), plain-text (.txt) or HTML (.html) files, "
        "or folders of them"
    )
    b = commands.add_parser(
        "build",
        parents=[common, writing, reading, distributing],
        help="index everything anew, beside the live index, and switch to it when complete",
    )
    b.add_argument(
        "sources",
        nargs="*",
        type=Path,
        default=[BUNDLED_CORPUS],
        metavar="SOURCE",
        help=sources_help + " (default: the bundled corpus)",
    )
    b.add_argument(
        "--procs",
        type=positive,
        metavar="N",
        help=f"segment writer processes (default {INDEX_PROCS.env}, else one per core, one "
        "fewer while a server serves INDEX_DIR)",
    )
    u = commands.add_parser(
        "update",
        parents=[common, writing, reading, distributing],
        help="add new articles and replace changed ones (by id), without a rebuild",
    )
    u.add_argument("sources", nargs="+", type=Path, metavar="SOURCE", help=sources_help)
    d = commands.add_parser("delete", parents=[common, writing], help="remove articles by id")
    d.add_argument("ids", nargs="+", metavar="ID", help="article ids")
    s = commands.add_parser(
        "stats",
        parents=[common],
        help="articles, outlets, date range, size and last change of the live index",
    )
    s.add_argument("--json", action="store_true", help="print the statistics as JSON")
    r = commands.add_parser(
        "restore",
        parents=[common, writing],
        help="make a published generation live again (a damaged CURRENT, a rollback)",
    )
    r.add_argument("generation", metavar="GENERATION", help="its folder's name, gen-…")
    add_rollout(commands, [common])
    commands.add_parser(
        "ensure-demo",
        parents=[common, writing],
        help="what make runs: build the bundled corpus's index when there is none, or again "
        "when the indexing code or the corpus changed, only if it was built from the bundled "
        "corpus alone and never changed since",
    )
    return p


def positive(text: str) -> int:
    """A whole number above zero, for argparse."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number above 0, got {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if getattr(args, "procs", None) and args.dask:
        p.error("--procs is for a build on this machine; --dask uses the cluster's workers")
    try:
        store = IndexStore(index_dir(args.index_dir))
    except SettingError as err:
        print(f"error: {err}", file=sys.stderr)
        return USAGE
    if args.command == "stats":
        return _stats(store, args.json)
    if args.command == "rollout":
        return run_rollout(args, store)
    if args.command == "restore":
        return _restore(store, args.generation, args.wait)
    if args.command == "ensure-demo":
        decision = decide(store)
        if decision.action == "refuse":
            print(f"error: {decision.message}; nothing was changed", file=sys.stderr)
            return FAILED
        print(f"ensure-demo: {decision.message}", flush=True)
        if decision.action == "keep":
            return OK
        args.sources, args.source, args.rejects = bundled_sources(), "", None
    if args.command not in ("delete", "ensure-demo") and args.rejects is not None:
        problem = rejects_problem(args.rejects, args.sources)
        if problem is not None:
            print(f"error: {problem}; nothing was changed", file=sys.stderr)
            return USAGE
    procs = None
    if args.command in ("build", "ensure-demo"):
        try:
            procs = _procs(args)
        except SettingError as err:
            print(f"error: {err}", file=sys.stderr)
            return USAGE
    lower_priority(args.nice)
    try:
        if args.command == "delete":
            report = delete(args.ids, store, wait=args.wait)
        elif args.command == "ensure-demo":
            check = functools.partial(still_to_build, store)
            report = build(
                args.sources, store, progress=True, wait=args.wait, check=check, procs=procs
            )
        else:
            run = build if args.command == "build" else update
            options = {"source": args.source, "wait": args.wait, "prefer": args.prefer}
            if args.dask:
                options["dask"] = DaskOptions(args.dask, args.dask_storage, args.dask_batch)
            elif args.command == "build":
                options["procs"] = procs
            report = run(args.sources, store, progress=True, **options)
    except NothingIndexed as err:
        _report(err.report, args, sys.stderr, FAILED)
        print(f"error: {err}", file=sys.stderr)
        return FAILED
    except (NoIndex, DamagedStore, OtherSchema) as err:
        print(f"error: {err}; nothing was changed", file=sys.stderr)
        return FAILED
    except DaskBuildFailed as err:
        print(f"error: {err}; the live index was left as it was", file=sys.stderr)
        return FAILED
    except WriterBusy as err:
        print(f"error: {err}", file=sys.stderr)
        return BUSY
    except Superseded as err:
        print(f"ensure-demo: the index changed meanwhile: {err}")
        return OK
    except (OSError, WhooshIndexError) as err:
        print(f"error: cannot write the index in {args.index_dir}: {err}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        print("interrupted: the live index was left as it was", file=sys.stderr)
        return INTERRUPTED
    return _report(report, args, sys.stdout, REJECTED if report.rejects or report.not_found else OK)


def _procs(args: argparse.Namespace) -> int | None:
    """The build's writer processes when the command line or the setting chose them, else
    None (the writer decides under its lock); says so when a live server makes them fewer."""
    chosen = getattr(args, "procs", None) or cast(int, INDEX_PROCS.value())  # a whole number
    if chosen or getattr(args, "dask", None):
        return chosen or None
    if served(args.index_dir) and parallel.cores() > 1:
        print(
            f"{args.command}: a server is serving {args.index_dir}: "
            f"{_processes(parallel.default_procs(args.index_dir))}, not {parallel.cores()},"
            " leaving it a core"
            f" (--procs N or {INDEX_PROCS.env} to choose)",
            flush=True,
        )
    return None


def _processes(n: int) -> str:
    return f"{n} writer process" + ("" if n == 1 else "es")


def _report(report: Report, args: argparse.Namespace, out, status: int) -> int:
    """Save the rejects, then print the report; the exit status, ``status`` unless
    the rejects could not be saved after the index changed."""
    path = failure = None
    if report.rejects:
        path = args.rejects or default_rejects_path(args.index_dir, report.command)
        try:
            write_rejects(report.rejects, path)
        except OSError as err:
            failure = err.strerror or str(err)
    print(report.summary(), file=out)
    if failure is not None:
        done = "nothing was changed" if status == FAILED else "the rest was done as reported above"
        print(
            f"error: the rejected input could not be written to {path}: {failure}; {done}",
            file=sys.stderr,
        )
        return FAILED if status == FAILED else UNSAVED
    if path is not None:
        print(
            f"rejected input written to {path}: fix it and run `python -m index update {path}`",
            file=out,
        )
    return status


def _restore(store: IndexStore, name: str, wait: float) -> int:
    try:
        with store.writing(wait, "restore", restoring=True):
            articles = store.restore(name)
    except ValueError as err:
        print(f"error: {err}; nothing was changed", file=sys.stderr)
        return FAILED
    except WriterBusy as err:
        print(f"error: {err}", file=sys.stderr)
        return BUSY
    except OSError as err:
        print(f"error: cannot write {store.root}: {err}", file=sys.stderr)
        return FAILED
    print(f"restore: {name} is live again ({articles} articles)")
    return OK


def _stats(store: IndexStore, as_json: bool) -> int:
    damage = store.damage()
    if damage is not None:
        print(f"error: {damage}", file=sys.stderr)
        return FAILED
    try:
        stats = index_stats(store)
    except (OSError, WhooshIndexError) as err:
        print(f"error: cannot read the index in {store.root}: {err}", file=sys.stderr)
        return FAILED
    if stats is None:
        print(f"error: no index in {store.root}: build one first", file=sys.stderr)
        return FAILED
    print(json.dumps(stats.to_dict(), ensure_ascii=False, indent=2) if as_json else stats.text())
    return OK
