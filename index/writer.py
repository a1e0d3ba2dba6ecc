"""Writing articles into a new index generation and publishing it."""

from __future__ import annotations

import contextlib
import gzip
import multiprocessing
import os
import pickle
import queue
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from index.ingest import Article, Reject, read_sources
from index.schema import news_schema
from index.store import IndexStore

# Memory for each writer's posting pool before it spills a sorted run to disk.
WRITER_LIMIT_MB = 256
# Articles sent to a segment worker at a time: large enough that pickling and
# queueing cost little, small enough that both workers start at once.
BATCH_SIZE = 250
# Segments written as separate files: a searcher opens them in well under a
# millisecond, where a compound file is copied into memory at every open.
COMPOUND = False


class NothingIndexed(RuntimeError):
    """A build found no article to index; the live index was left as it was."""

    def __init__(self, report: BuildReport) -> None:
        super().__init__("no article could be indexed; the live index was left as it was")
        self.report = report


@dataclass
class BuildReport:
    indexed: int = 0
    rejects: list[Reject] = field(default_factory=list)
    seconds: float = 0.0
    generation: Path | None = None

    def summary(self) -> str:
        lines = [
            f"indexed {self.indexed} articles, skipped {len(self.rejects)} in {self.seconds:.1f} s"
        ]
        lines += [f"  skipped {reject}" for reject in self.rejects]
        return "\n".join(lines)


def document(article: Article) -> dict:
    """The stored and indexed fields of one article."""
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
    return doc


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
        path = Path(path)
        opener = gzip.open if path.suffix == ".gz" else open
        try:
            with opener(path, "rb") as f:
                while chunk := f.read(1 << 20):
                    total += chunk.count(b"\n")
        except (OSError, EOFError):
            return None
    return total


def progress_bar(items: Iterable, total: int | None, enabled: bool) -> tqdm:
    """Articles done, articles/s and, when the total is known, time left."""
    return tqdm(
        items,
        total=total,
        unit=" articles",
        disable=None if enabled else True,
        mininterval=0.5,
        smoothing=0.1,
    )


def articles_to_index(items: Iterable[Article | Reject], report: BuildReport) -> Iterable[dict]:
    """The documents to add, in order; rejects and repeated ids go to ``report``."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Reject):
            report.rejects.append(item)
        elif item.id in seen:
            report.rejects.append(Reject("", 0, f"duplicate id {item.id!r}, first kept"))
        else:
            seen.add(item.id)
            report.indexed += 1
            yield document(item)


def write_articles(
    writer, items: Iterable[Article | Reject], report: BuildReport, progress: bool
) -> None:
    """Add every article to ``writer``; rejects and repeated ids go to ``report``."""
    for doc in progress_bar(articles_to_index(items, report), None, progress):
        writer.add_document(**doc)


def _segment_worker(number: int, index_dir: str, jobs, results, parent: int) -> None:
    """One process: analyze the batches it is sent into a segment of its own."""
    ix = whoosh_index.open_dir(index_dir)
    writer = SegmentWriter(ix, _lk=False, limitmb=WRITER_LIMIT_MB, compound=COMPOUND)
    try:
        while (batch := _next_batch(jobs, parent)) is not None:
            for doc in batch:
                writer.add_document(**doc)
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
        try:
            return jobs.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:
                os._exit(1)


def write_parallel(ix, docs: Iterable[dict], procs: int) -> None:
    """Index ``docs`` in ``procs`` worker processes, one new segment each, and commit.

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


def build(
    sources: Iterable[Path],
    store: IndexStore,
    progress: bool = False,
    procs: int | None = None,
) -> BuildReport:
    """Index ``sources`` into a new generation of ``store`` and make it live.

    The live index is untouched until the new one is complete: a failure
    discards the new generation and re-raises, and a build that indexed
    nothing is never made live (:class:`NothingIndexed`). With ``procs`` > 1
    (default: one per core) the analysis runs in that many processes.
    """
    started = time.perf_counter()
    sources = [Path(s) for s in sources]
    procs = default_procs() if procs is None else procs
    report = BuildReport()
    generation = store.new_generation()
    try:
        ix = whoosh_index.create_in(generation, news_schema())
        total = count_lines(sources) if progress else None
        docs = progress_bar(articles_to_index(read_sources(sources), report), total, progress)
        if procs > 1:
            write_parallel(ix, docs, procs)
        else:
            writer = ix.writer(limitmb=WRITER_LIMIT_MB, compound=COMPOUND)
            try:
                for doc in docs:
                    writer.add_document(**doc)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
        ix.close()
        if report.indexed == 0:
            raise NothingIndexed(report)
    except BaseException:
        store.discard(generation)
        raise
    store.publish(generation)
    report.generation = generation
    report.seconds = time.perf_counter() - started
    return report
