"""Query set (a): known-item queries of 2–4 content words taken from titles.

    python -m bench.relevance.make_known_items [--count 1000] [--seed 2019]

For a seeded sample of articles, 2, 3 or 4 distinct content words of the title
(words of letters only, 3 letters or more, not stop words), in title order,
make the query; the relevant article is the one the title belongs to (and any
article with the very same title, a syndicated copy, graded 1 like it).
Writes ``known-item.queries.tsv`` and ``known-item.qrels`` beside this file.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from bench.relevance.metrics import write_qrels
from index.analysis import stopwords
from index.ingest import BUNDLED_CORPUS, Article, read_sources

HERE = Path(__file__).parent
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def content_words(title: str) -> list[str]:
    seen, words = set(), []
    for word in WORD.findall(title.lower()):
        if len(word) >= 3 and word not in stopwords() and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.make_known_items")
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--seed", type=int, default=2019)
    p.add_argument("--collection", type=Path, default=BUNDLED_CORPUS)
    args = p.parse_args(argv)
    articles = [a for a in read_sources([args.collection]) if isinstance(a, Article)]
    by_title: dict[str, list[str]] = {}
    for article in articles:
        by_title.setdefault(" ".join(article.title.lower().split()), []).append(article.id)
    rng = random.Random(args.seed)
    order = list(range(len(articles)))
    rng.shuffle(order)
    queries, qrels = {}, {}
    for i in order:
        article = articles[i]
        words = content_words(article.title)
        size = rng.choice((2, 3, 4))
        if len(words) < size:
            continue
        picked = sorted(rng.sample(range(len(words)), size))
        qid = f"k{len(queries) + 1:04d}"
        queries[qid] = " ".join(words[j] for j in picked)
        qrels[qid] = dict.fromkeys(by_title[" ".join(article.title.lower().split())], 1)
        if len(queries) == args.count:
            break
    lines = [f"{qid}\t{text}" for qid, text in queries.items()]
    (HERE / "known-item.queries.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_qrels(HERE / "known-item.qrels", qrels)
    print(f"{len(queries)} queries from {len(articles)} articles (seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
