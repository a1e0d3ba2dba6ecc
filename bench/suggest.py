"""Suggestion benchmark: ``SearchEngine.suggest`` over prefixes typed from real headlines.

    .venv/bin/python -m bench.suggest                     # 1× and 10×
    .venv/bin/python -m bench.suggest --index-dir /tmp/ix # an index already built

For each corpus scale it opens the index ``bench.indexing`` built
(``var/bench/index-<N>x-p<P>``; built here when missing), reads the vocabulary,
the word pairs and the titles once (the time that takes is reported), then times
each prefix with the result cache off: 1-3 words of a headline, the last one cut
to one to four letters (``sri m``, ``pemindahan ib``). Each prefix is timed twice,
alternately: the product (titles found in memory, ``search/state/titles.py``) and
the baseline it replaced, the same suggestions with titles found by a Whoosh
query over the title field (:class:`WhooshTitles`), each first every other time.
Prints and reports the median and p99 in milliseconds of both, wall clock and the
thread's CPU time (on a busy machine the tail is mostly waiting for a core):
``bench/results/suggest-TIME.json``.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

from whoosh import query as Q

from bench.corpus import WORK, records
from bench.indexing import built_index
from bench.measure import summary_ms, write_report
from index.ingest import BUNDLED_CORPUS
from search.engine import SearchEngine
from search.presentation.suggest import suggestions

_WORD = re.compile(r"[^\W\d_]{2,}")


def make_prefixes(count: int = 1000, seed: int = 42, source: Path = BUNDLED_CORPUS) -> list[str]:
    """``count`` texts as typed: a headline's first 1-3 words, the last one cut short."""
    titles = [t for t in (str(r.get("title", "")) for r in records(source)) if _WORD.search(t)]
    if not titles:
        raise SystemExit(f"no headline with a word in {source}")
    rng = random.Random(seed)
    prefixes: list[str] = []
    while len(prefixes) < count:
        words = [w.lower() for w in _WORD.findall(rng.choice(titles))]
        start = rng.randrange(len(words))
        typed = words[start : start + rng.choice((1, 2, 3))]
        typed[-1] = typed[-1][: rng.randint(1, 4)]
        prefixes.append(" ".join(typed))
    return prefixes


class WhooshTitles:
    """The baseline: titles found by a Whoosh query over the title field, best
    scored first, as suggestions did before ``search/state/titles.py``."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher

    def find(self, every: list[str], one_of: list[str], limit: int) -> Iterator[tuple[str, str]]:
        parts: list[Q.Query] = [Q.Term("title", term) for term in every]
        parts.append(Q.Or([Q.Term("title", term) for term in one_of]))
        for hit in self.searcher.search(Q.And(parts), limit=limit):
            if hit.get("title"):
                yield hit["title"], hit["id"]


def bench_index(root: Path, prefixes: list[str]) -> dict:
    """The time to read what suggestions need, then each prefix's time, on ``root``:
    the product's and the baseline's, alternately."""
    engine = SearchEngine(root, cache_size=0)
    try:
        started = time.perf_counter()
        engine.suggest("a b")  # reads the vocabulary, the word pairs and the titles
        ready = time.perf_counter() - started
        searcher = engine.searcher()
        vocabulary = engine.vocabulary(searcher)
        pairs, _ = engine.typing_aids(searcher)
        baseline = WhooshTitles(searcher)
        both = {
            "suggest": lambda text: engine.suggest(text),
            "whoosh_titles": lambda text: suggestions(
                searcher, vocabulary, text, 8, pairs, baseline
            ),
        }
        for run in both.values():  # the first use of a few library paths, untimed
            run("presiden jok")
        seconds: dict[str, list[float]] = {
            key: [] for name in both for key in (name, f"{name}_cpu")
        }
        for n, text in enumerate(prefixes):
            # Alternately first: the second reads the completions the first kept.
            for name in sorted(both, reverse=n % 2 == 1):
                started, cpu = time.perf_counter(), time.thread_time()
                both[name](text)
                seconds[f"{name}_cpu"].append(time.thread_time() - cpu)
                seconds[name].append(time.perf_counter() - started)
        return {"documents": searcher.doc_count(), "ready_s": round(ready, 2)} | {
            name: summary_ms(times) for name, times in seconds.items()
        }
    finally:
        engine.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.suggest", description=__doc__)
    p.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    p.add_argument("--prefixes", type=int, default=1000)
    p.add_argument("--procs", type=int, default=1, help="processes of a build made here")
    p.add_argument("--index-dir", type=Path, help="time this index instead of the scales'")
    p.add_argument("--source", type=Path, help="a corpus other than the bundled one (smoke runs)")
    p.add_argument("--work", type=Path, default=WORK, help="where the indexes are")
    p.add_argument("--out", type=Path, help="report file (default bench/results/suggest-*.json)")
    args = p.parse_args(argv)

    prefixes = make_prefixes(args.prefixes, source=args.source or BUNDLED_CORPUS)
    report = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "prefixes": len(prefixes), "runs": {}}
    runs = (
        [("index", args.index_dir)]
        if args.index_dir
        else [(f"{s}x", built_index(s, args.procs, args.work, args.source)) for s in args.scales]
    )
    for name, root in runs:
        report["runs"][name] = row = bench_index(root, prefixes)
        print(f"{name}: {row['documents']} articles, ready in {row['ready_s']} s", flush=True)
        for key, said in (("suggest", "product"), ("whoosh_titles", "titles by a Whoosh query")):
            wall, cpu = row[key], row[f"{key}_cpu"]
            print(
                f"  {said}: median {wall['p50']} ms, p99 {wall['p99']} ms "
                f"(CPU time of the thread: median {cpu['p50']} ms, p99 {cpu['p99']} ms)",
                flush=True,
            )
    write_report(report, "suggest", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
