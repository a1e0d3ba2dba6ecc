"""Pool the top results of several configurations, to judge them (query set b).

    python -m bench.relevance.pool [--configs baseline,stemmer,product] [--depth 10]

Prints, per query, every article found in the top ``depth`` of any configuration
that ``reader.qrels`` does not judge yet: its id, title and the start of its body.
A person reads them and adds ``qid 0 docid grade`` lines to ``reader.qrels``
following the rules in ``JUDGING.md``.
"""

from __future__ import annotations

import argparse

from bench.relevance.configs import named
from bench.relevance.metrics import read_qrels, read_queries
from bench.relevance.run import FACQA, measure, query_sets
from index.ingest import Article, read_sources

LEAD_CHARS = 220


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.pool")
    p.add_argument("--configs", default="baseline,stemmer,product")
    p.add_argument("--depth", type=int, default=10)
    args = p.parse_args(argv)
    reader = query_sets(FACQA)["reader"]
    queries = read_queries(reader.queries)
    judged = read_qrels(reader.qrels) if reader.qrels.exists() else {}
    pooled: dict[str, list[str]] = {qid: [] for qid in queries}
    for name in args.configs.split(","):
        run = measure(named(name), reader, queries)
        for qid, ranking in run.items():
            for docid in ranking[: args.depth]:
                if docid not in pooled[qid] and docid not in judged.get(qid, {}):
                    pooled[qid].append(docid)
    wanted = {d for docs in pooled.values() for d in docs}
    articles = {
        a.id: a
        for a in read_sources(reader.collection)
        if isinstance(a, Article) and a.id in wanted
    }
    for qid, docs in pooled.items():
        print(f"## {qid} {queries[qid]}")
        for docid in docs:
            a = articles[docid]
            lead = " ".join(a.body.split())[:LEAD_CHARS]
            print(f"{docid} | {a.title} | {lead}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
