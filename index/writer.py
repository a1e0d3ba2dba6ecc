"""Writing articles into the index: full builds, updates and deletions.

Each runs under the store's writer lock and ends by publishing a new
generation (see :mod:`index.store`), so a reader sees the index before or
after it, never in between, and a writer that fails or is killed leaves the
live index as it was. Reading and checking the input (:func:`prepared`) is
kept apart from the Whoosh writer (:func:`open_writer`, :func:`add_all`), so
either can change without the other.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import queue
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index

from index.dedupe import Deduplicator, Duplicate
from index.ingest import Article, Reject, read_sources
from index.readers.jsonl import READ_ERRORS, open_binary
from index.report import Report
from index.schema import JOINED, news_schema
from index.segment import ArraySegmentWriter
from index.store import IndexStore

# Memory for each writer's posting pool before it spills a sorted run to disk.
WRITER_LIMIT_MB = 256
# Memory for a build writer's token arrays (4 bytes a word) before it sorts
# them into a run on disk. The 10x corpus's half for one worker is ~200 MB;
# with 128 the two workers' last runs and sorts took the build to 1.58 GB.
TOKENS_LIMIT_MB = 64
# Articles sent to a segment worker at a time: large enough that pickling and
# queueing cost little, small enough that both workers start at once.
BATCH_SIZE = 250
# Segments written as separate files: a searcher opens them in well under a
# millisecond, where a compound file is copied into memory at every open.
COMPOUND = False
DEFAULT_WAIT = 60.0
# The stored fields that make an article what it is; equal ones are "unchanged".
COMPARED = ("title", "body", "url", "source", "category", "published")


class NothingIndexed(RuntimeError):
    """A build found no article to index; the live index was left as it was."""

    def __init__(self, report: Report) -> None:
        super().__init__("no article could be indexed; the live index was left as it was")
        self.report = report


class NoIndex(RuntimeError):
    """There is no live index to change."""


def document(article: Article, joined: bool = True) -> dict:
    """The stored and indexed fields of one article; without ``joined``, those
    made by joining others are left for :func:`with_joined` to add."""
    doc = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "url": article.url,
        "source": article.source,
        "category": article.category,
    }
    if article.published is not None:
        doc["published"] = article.published.astimezone(UTC).replace(tzinfo=None)
    return with_joined(doc) if joined else doc


def with_joined(doc: dict) -> dict:
    """``doc`` with the fields made by joining others (:data:`index.schema.JOINED`).

    A build sends its workers documents without them: each would carry the body
    twice more through the pipe, pickled and unpickled, for a join that costs less.
    """
    for name, parts in JOINED.items():
        doc[name] = "\n".join(doc[part] for part in parts)
    return doc


def prepared(items: Iterable[Article | Reject], report: Report) -> Iterator[Article]:
    """The articles to write: rejects, repeats and repairs (``Report.note``) go to ``report``."""
    seen = Deduplicator()
    for item in items:
        checked = item if isinstance(item, Reject) else seen.check(item)
        if isinstance(checked, Reject):
            report.rejects.append(checked)
        elif isinstance(checked, Duplicate):
            report.duplicates.append(checked)
        else:
            yield report.note(checked)


def open_writer(ix):
    return ix.writer(limitmb=WRITER_LIMIT_MB, compound=COMPOUND)


def documents(articles: Iterable[Article], report: Report, joined: bool = True) -> Iterator[dict]:
    """The document of each article to add, counted as added (``joined``: see :func:`document`)."""
    for article in articles:
        report.added += 1
        yield document(article, joined)


def write_articles(
    writer, items: Iterable[Article | Reject], report: Report, progress: bool = False
) -> None:
    """Add every article of ``items`` to ``writer``; the rest goes to ``report``."""
    for doc in progress_bar(documents(prepared(items, report), report), None, progress):
        writer.add_document(**doc)


def default_procs() -> int:
    """Segment writer processes for a build: one per core (``TELUSUR_INDEX_PROCS``)."""
    configured = os.environ.get("TELUSUR_INDEX_PROCS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def count_lines(sources: Iterable[Path]) -> int | None:
    """Lines in JSON Lines sources, for a progress bar with time left; None if unknown."""
    total = 0
    for path in sources:
        try:
            with open_binary(Path(path)) as f:
                while chunk := f.read(1 << 20):
                    total += chunk.count(b"\n")
        except (OSError, *READ_ERRORS):
            return None
    return total


def bar_shown(enabled: bool) -> bool:
    """Whether :func:`progress_bar` draws a bar: asked for, and standard error is a
    terminal (tqdm's own rule). Only then are the lines counted, which reads every
    source a second time (1.1 s for the 10x corpus)."""
    return enabled and sys.stderr.isatty()


def progress_bar(items: Iterable, total: int | None, enabled: bool) -> tqdm:
    """Articles done, articles/s and, when the total is known, time left."""
    return tqdm(
        items,
        total=total,
        unit=" articles",
        disable=not bar_shown(enabled),
        mininterval=0.5,
        smoothing=0.1,
    )


def _segment_worker(number: int, index_dir: str, jobs, results, parent: int) -> None:
    """One process: analyze the batches it is sent into a segment of its own."""
    ix = whoosh_index.open_dir(index_dir)
    writer = ArraySegmentWriter(ix, _lk=False, limitmb=TOKENS_LIMIT_MB, compound=COMPOUND)
    try:
        while (batch := _next_batch(jobs, parent)) is not None:
            for doc in batch:
                writer.add_document(**with_joined(doc))
        segment = writer._finalize_segment() if writer._added else None
        results.put((number, segment, None))
    except BaseException as err:  # sent to the parent, which raises it and discards the folder
        results.put((number, None, _picklable(err)))
        with contextlib.suppress(Exception):
            writer._close_segment()


def _picklable(err: BaseException) -> BaseException:
    """``err`` itself if it can travel to the parent process (an OSError can), else its text."""
    try:
        pickle.loads(pickle.dumps(err))
    except Exception:
        return RuntimeError(f"an indexing process failed: {type(err).__name__}: {err}")
    return err


def _next_batch(jobs, parent: int) -> list[dict] | None:
    """The next batch of documents, None at the end; exits if the parent process died."""
    while True:
        if os.getppid() != parent:
            os._exit(1)
        try:
            return jobs.get(timeout=1.0)
        except queue.Empty:
            continue


def write_parallel(ix, docs: Iterable[dict], procs: int) -> None:
    """Index ``docs`` (without their joined fields: :func:`document`) in ``procs``
    worker processes, one new segment each, and commit.

    This process reads, cleans and de-duplicates the articles (cheap) and
    deals them out in batches, in turn; each worker does the costly part, analysis and
    writing its segment, on its own core. The commit lists every worker's
    segment in the index's table of contents, as Whoosh's multi-segment
    writer does, without merging them.
    """
    context = multiprocessing.get_context("fork")
    queues = [context.Queue(2) for _ in range(procs)]
    results = context.Queue()
    folder = str(ix.storage.folder)
    workers = [
        context.Process(target=_segment_worker, args=(n, folder, jobs, results, os.getpid()))
        for n, jobs in enumerate(queues)
    ]
    writer = ix.writer(limitmb=1, compound=COMPOUND)
    try:
        for worker in workers:
            worker.start()
        batch: list[dict] = []
        turn = 0
        for doc in docs:
            batch.append(doc)
            if len(batch) >= BATCH_SIZE:
                _put(queues[turn], batch, workers, results)
                batch, turn = [], (turn + 1) % procs
        if batch:
            _put(queues[turn], batch, workers, results)
        for jobs in queues:
            _put(jobs, None, workers, results)
        done = []
        for _ in workers:
            number, segment, error = _get(results, workers)
            if error is not None:
                raise error
            done.append((number, segment))
        for worker in workers:
            worker.join()
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.kill()
            worker.join()
        writer.cancel()
        raise
    segments = [segment for _, segment in sorted(done, key=lambda d: d[0]) if segment]
    writer._close_segment()
    writer._commit_toc(writer.segments + segments)
    writer._finish()


def _get(results, workers) -> tuple:
    """A worker's result, failing fast if a worker died without sending one."""
    while True:
        try:
            return results.get(timeout=1.0)
        except queue.Empty as err:
            if not all(w.is_alive() or w.exitcode == 0 for w in workers):
                raise ChildProcessError("an indexing process stopped unexpectedly") from err


def _put(jobs, item, workers, results) -> None:
    """Queue ``item``, failing fast if a worker stopped instead of blocking forever."""
    while True:
        try:
            jobs.put(item, timeout=1.0)
            return
        except queue.Full:
            if not all(w.is_alive() for w in workers):
                raise _failure(results) from None


def _failure(results) -> BaseException:
    """The error a stopped worker sent, else a ChildProcessError."""
    try:
        while True:
            _, _, error = results.get(timeout=1.0)
            if error is not None:
                return error
    except queue.Empty:
        return ChildProcessError("an indexing process stopped unexpectedly")


def _finish(store: IndexStore, generation: Path, writer, ix, report: Report, parent) -> None:
    """Commit ``writer`` and make ``generation`` live, or drop it if nothing changed."""
    if not report.changed:
        writer.cancel()
        ix.close()
        store.discard(generation)
        report.generation = parent
        if parent is not None:
            report.articles = _count(parent)
        return
    writer.commit()
    with ix.searcher() as searcher:
        report.articles = searcher.doc_count()
    ix.close()
    meta = {"command": report.command, "parent": parent.name if parent else None}
    store.publish(generation, {**meta, **report.counts(), "articles": report.articles})
    report.generation = generation


def _count(generation: Path) -> int:
    ix = whoosh_index.open_dir(str(generation))
    try:
        return ix.doc_count()
    finally:
        ix.close()


def _run(store: IndexStore, command: str, wait: float, notify, body) -> Report:
    started = time.perf_counter()
    report = Report(command)
    with store.writing(wait, command, notify):
        body(report)
    report.seconds = time.perf_counter() - started
    return report


def build(
    sources: Iterable[Path],
    store: IndexStore,
    progress: bool = False,
    source: str = "",
    wait: float = DEFAULT_WAIT,
    notify=None,
    procs: int | None = None,
) -> Report:
    """Index ``sources`` into a new, empty generation of ``store`` and make it live.

    The live index is untouched until the new one is complete: a failure
    discards the new generation and re-raises, and a build that indexed
    nothing is never made live (:class:`NothingIndexed`). With ``procs`` > 1
    (default: one per core) the analysis runs in that many processes.
    """
    sources = [Path(s) for s in sources]
    procs = default_procs() if procs is None else procs

    def body(report: Report) -> None:
        generation = store.new_generation()
        try:
            ix = whoosh_index.create_in(generation, news_schema())
            total = count_lines(sources) if bar_shown(progress) else None
            articles = prepared(read_sources(sources, source), report)
            docs = progress_bar(documents(articles, report, joined=procs == 1), total, progress)
            if procs > 1:
                write_parallel(ix, docs, procs)
            else:
                writer = ArraySegmentWriter(ix, limitmb=TOKENS_LIMIT_MB, compound=COMPOUND)
                try:
                    for doc in docs:
                        writer.add_document(**doc)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit(merge=False)
            if report.added == 0:
                ix.close()
                raise NothingIndexed(report)
            with ix.searcher() as searcher:
                report.articles = searcher.doc_count()
            ix.close()
            meta = {"command": "build", "parent": None, **report.counts()}
            store.publish(generation, {**meta, "articles": report.articles})
            report.generation = generation
        except BaseException:
            store.discard(generation)
            raise

    return _run(store, "build", wait, notify, body)


def update(
    sources: Iterable[Path],
    store: IndexStore,
    progress: bool = False,
    source: str = "",
    wait: float = DEFAULT_WAIT,
    notify=None,
) -> Report:
    """Add the new articles of ``sources`` and replace changed ones, by id.

    An article whose stored fields are all equal is left alone; one whose URL
    is already in the index under another id is a duplicate. Without a live
    index, the update builds the first one.
    """

    def body(report: Report) -> None:
        base = store.current()
        generation = store.new_generation(base)
        try:
            if base is None:
                ix = whoosh_index.create_in(generation, news_schema())
            else:
                ix = whoosh_index.open_dir(str(generation))
            writer = open_writer(ix)
            try:
                with ix.searcher() as searcher:
                    articles = prepared(read_sources(sources, source), report)
                    for article in progress_bar(articles, None, progress):
                        _upsert(searcher, writer, article, report)
            except BaseException:
                writer.cancel()
                ix.close()
                raise
            _finish(store, generation, writer, ix, report, base)
        except BaseException:
            store.discard(generation)
            raise

    return _run(store, "update", wait, notify, body)


def _upsert(searcher, writer, article: Article, report: Report) -> None:
    doc = document(article)
    old = searcher.document(id=article.id)
    if old is None:
        other = searcher.document(url=article.url) if article.url else None
        if other is not None:
            why = "same URL"
            report.duplicates.append(Duplicate(article, why, other["id"], "in the index"))
            return
        writer.add_document(**doc)
        report.added += 1
    elif all(old.get(name) == doc.get(name) for name in COMPARED):
        report.unchanged += 1
    else:
        writer.update_document(**doc)
        report.replaced += 1


def delete(
    ids: Iterable[str], store: IndexStore, wait: float = DEFAULT_WAIT, notify=None
) -> Report:
    """Remove the articles with these ids; unknown ids are reported, not an error."""

    def body(report: Report) -> None:
        base = store.current()
        if base is None:
            raise NoIndex(f"no index in {store.root}: nothing to delete")
        generation = store.new_generation(base)
        try:
            ix = whoosh_index.open_dir(str(generation))
            writer = open_writer(ix)
            for article_id in dict.fromkeys(ids):
                if writer.delete_by_term("id", article_id):
                    report.deleted += 1
                else:
                    report.not_found.append(article_id)
            _finish(store, generation, writer, ix, report, base)
        except BaseException:
            store.discard(generation)
            raise

    return _run(store, "delete", wait, notify, body)


# The name the relevance harness (bench/relevance) knows the report by.
BuildReport = Report
