"""What indexing every word costs: index size and query time, stop words dropped or kept.

    python -m bench.relevance.cost [--articles 3000] [--queries 300]

Both indexes hold the same first ``--articles`` articles of the bundled corpus,
written by Whoosh's own writer (the only writer that takes an analyzer with a
stop filter), and are searched by the product's search code with the default
ranking; the query times are medians over the known-item queries, each run
once to warm and then timed.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import statistics
import sys
import time
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter

from bench.relevance.metrics import read_queries
from bench.relevance.run import CACHE, HERE
from index.analysis import TOKEN_PATTERN, IndonesianStemFilter, stopwords
from index.ingest import BUNDLED_CORPUS, read_sources
from index.schema import news_schema
from index.store import IndexStore
from index.writer import Report, open_writer, write_articles
from search.engine import SearchEngine
from search.language.request import SearchRequest


def dropping_stop_words():
    """The schema the product had before every word was indexed."""
    stop = StopFilter(stoplist=stopwords(), minsize=1)
    schema = news_schema(
        RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | stop | IndonesianStemFilter()
    )
    schema["exact"].analyzer = RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | stop
    return schema


def build(root: Path, schema, articles: int) -> int:
    """A fresh index of the first ``articles`` articles; its size in bytes."""
    shutil.rmtree(root, ignore_errors=True)
    store = IndexStore(root)
    generation = store.new_generation()
    ix = whoosh_index.create_in(generation, schema)
    writer = open_writer(ix)
    write_articles(writer, itertools.islice(read_sources([BUNDLED_CORPUS]), articles), Report())
    writer.commit()
    store.publish(generation)
    return sum(f.stat().st_size for f in generation.iterdir())


def query_ms(root: Path, queries: list[str]) -> float:
    engine = SearchEngine(root)
    for text in queries:
        engine.ranked_ids(SearchRequest(text), 10)
    times = []
    for text in queries:
        started = time.perf_counter()
        engine.ranked_ids(SearchRequest(text), 10)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.cost", description=__doc__)
    p.add_argument("--articles", type=int, default=3000)
    p.add_argument("--queries", type=int, default=300)
    args = p.parse_args(argv)
    queries = list(read_queries(HERE / "known-item.queries.tsv").values())[: args.queries]
    queries += list(read_queries(HERE / "reader.queries.tsv").values())
    print("| index | size (MB) | median query (ms) |\n|---|---:|---:|")
    for name, schema in (
        ("stop words dropped", dropping_stop_words()),
        ("every word", news_schema()),
    ):
        root = CACHE / f"cost-{name.split()[0]}"
        size = build(root, schema, args.articles)
        print(f"| {name} | {size / 1e6:.1f} | {query_ms(root, queries):.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
