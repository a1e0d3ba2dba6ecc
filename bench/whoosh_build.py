"""A build by Whoosh's own multi-process writer, to compare Telusur's build with.

    .venv/bin/python -m bench.whoosh_build CORPUS TARGET [--procs 2] [--merge]

The same articles (read, cleaned and de-duplicated as ``python -m index build``
does) and the same schema, written by ``MpWriter(procs=N)``: with
``multisegment=True`` (each sub-writer's segment kept, as Telusur's build keeps
one per worker) unless ``--merge``, where the parent merges them into one.
``bench.indexing --writers whoosh-mp`` runs it like the real build.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.multiproc import MpWriter

from index.ingest import read_sources
from index.report import Report
from index.schema import news_schema
from index.writer import COMPOUND, WRITER_LIMIT_MB, documents, prepared


def build(corpus: Path, target: Path, procs: int, merge: bool) -> int:
    """Index ``corpus`` into a new plain Whoosh index in ``target``; the articles written."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ix = whoosh_index.create_in(target, news_schema())
    writer = MpWriter(
        ix, procs=procs, multisegment=not merge, limitmb=WRITER_LIMIT_MB, compound=COMPOUND
    )
    report = Report()
    for doc in documents(prepared(read_sources([corpus], ""), report), report):
        writer.add_document(**doc)
    writer.commit()
    ix.close()
    return report.added


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.whoosh_build", description=__doc__)
    p.add_argument("corpus", type=Path)
    p.add_argument("target", type=Path)
    p.add_argument("--procs", type=int, default=2)
    p.add_argument("--merge", action="store_true", help="merge the sub-writers' segments")
    args = p.parse_args(argv)
    print(f"indexed {build(args.corpus, args.target, args.procs, args.merge)} articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
