"""A build's analysis in several processes, each writing a segment of its own.

The parent reads, cleans and de-duplicates the articles and deals them out
in batches; each worker analyzes its batches into its own segment, on its own
core, and the parent's commit lists every worker's segment. A worker that
fails sends its error to the parent; a parent that stops never leaves a
worker waiting for more.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from whoosh import index as whoosh_index

from index.codec.segment import ArraySegmentWriter
from index.codec.whoosh_private import (
    added_documents,
    close_segment,
    commit_toc,
    finalize_segment,
    finish_writer,
    unlocked_writer,
)
from index.serving import served
from index.settings import INDEX_PROCS

# prctl(2): ask the kernel for a signal when the parent process ends.
PR_SET_PDEATHSIG = 1
# Articles sent to a segment worker at a time: large enough that pickling and
# queueing cost little, small enough that both workers start at once.
BATCH_SIZE = 250


@dataclass(frozen=True)
class WorkerOptions:
    """How each worker writes: ``prepare`` completes a document before it is added."""

    prepare: Callable[[dict], dict]
    limitmb: int
    compound: bool


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def default_procs(root: Path | str | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Segment writer processes for a build: ``TELUSUR_INDEX_PROCS`` when set above 0, else
    one per core, but one fewer (at least one) while a server serves ``root``, so that
    searches keep a core to themselves."""
    configured = cast(int, INDEX_PROCS.value(environ))  # a whole-number setting
    if configured:
        return configured
    if root is not None and served(root):
        return max(1, cores() - 1)
    return cores()


def _segment_worker(number: int, index_dir: str, jobs, results, parent: int, options) -> None:
    """One process: analyze the batches it is sent into a segment of its own."""
    _die_with(parent)
    ix = whoosh_index.open_dir(index_dir)
    try:
        segment = write_segment(ix, iter(lambda: _next_batch(jobs, parent), None), options)
        results.put((number, segment, None))
    except BaseException as err:  # sent to the parent, which raises it and discards the folder
        results.put((number, None, _picklable(err)))


def write_segment(ix, batches: Iterable[list[dict]], options: WorkerOptions):
    """A new segment of ``batches``' documents in ``ix``'s folder, None if there were none.

    The segment is not yet listed in the index's table of contents: the build's
    :func:`commit_segments` lists all of them at once.
    """
    writer = unlocked_writer(
        ArraySegmentWriter, ix, limitmb=options.limitmb, compound=options.compound
    )
    try:
        for batch in batches:
            for doc in batch:
                writer.add_document(**options.prepare(doc))
        return finalize_segment(writer) if added_documents(writer) else None
    except BaseException:
        with contextlib.suppress(Exception):
            close_segment(writer)
        raise


def commit_segments(writer, segments: list) -> None:
    """Commit ``writer`` with ``segments`` (written apart, in this order) added to its index."""
    close_segment(writer)
    commit_toc(writer, writer.segments + segments)
    finish_writer(writer)


def _die_with(parent: int) -> None:
    """End this worker when the build process ends, however it ends.

    A worker may be blocked reading a batch its killed parent sent only half
    of, and it holds a copy of the build's output (``… | tee`` would wait for
    it). On Linux the kernel kills it when the parent dies; elsewhere a
    thread watches the parent.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # died before the request was made
                    os._exit(1)
                return
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


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


def write_parallel(ix, docs: Iterable[dict], procs: int, options: WorkerOptions) -> None:
    """Index ``docs`` in ``procs`` worker processes, one new segment each, and commit.

    Each worker passes every document through ``options.prepare`` before adding it.

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
        context.Process(
            target=_segment_worker, args=(n, folder, jobs, results, os.getpid(), options)
        )
        for n, jobs in enumerate(queues)
    ]
    writer = ix.writer(limitmb=1, compound=options.compound)
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
        # A batch still in a queue's feeder thread would keep this process from exiting.
        for jobs in queues:
            jobs.cancel_join_thread()
        writer.cancel()
        raise
    commit_segments(writer, [segment for _, segment in sorted(done, key=lambda d: d[0]) if segment])


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
