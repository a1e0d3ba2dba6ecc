"""The articles as Telusur's analyzer sees them, for the native engines.

Each article is read, cleaned and de-duplicated as ``python -m index build``
does, then title and body are tokenized, lower-cased and stemmed by the
product's analysis (``index.analysis.surface_words`` and ``index.stemming.stem``,
every word kept). The native engines index these tokens as they are
(whitespace-separated, no analysis of their own), and their queries are the
same analysis of the query text, so that every engine matches the same words.
The analysis is done once here, before any build is timed.
"""

from __future__ import annotations

import gzip
import json
import multiprocessing
from collections.abc import Iterator
from pathlib import Path

from index.analysis import surface_words
from index.ingest import Article, read_sources
from index.report import Report
from index.stemming import stem
from index.writer import prepared

CHUNK = 500


def analyzed(text: str) -> list[str]:
    """The index terms of ``text``: Telusur's tokens, stemmed."""
    return [stem(word) for word in surface_words(text)]


def _record(article: tuple[str, str, str]) -> dict:
    id_, title, body = article
    contents = " ".join(analyzed(f"{title}\n{body}"))
    return {"id": id_, "contents": contents, "title": title, "body": body}


def _articles(corpus: Path) -> Iterator[tuple[str, str, str]]:
    for article in prepared(read_sources([corpus]), Report()):
        assert isinstance(article, Article)
        yield article.id, article.title, article.body


def write_tokens(corpus: Path, out: Path, procs: int = 2) -> int:
    """``corpus`` analysed into ``out`` (gzipped JSON Lines: id, contents; and the
    original title and body for the engines that store them); the articles written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    # Spawned, not forked: a child forked from a process with threads (a test session's
    # servers, the benchmark's own) can inherit a lock held by one of them and hang.
    pool = multiprocessing.get_context("spawn").Pool(procs)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=1) as lines, pool:
        for record in pool.imap(_record, _articles(corpus), chunksize=CHUNK):
            lines.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def read_tokens(path: Path) -> Iterator[dict]:
    """The records :func:`write_tokens` wrote."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)
