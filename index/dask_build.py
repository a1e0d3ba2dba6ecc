"""A build's segments written on Dask workers (``python -m index build --dask ADDRESS``).

The build process reads, cleans and de-duplicates the articles as a local
build does (de-duplication needs one ordered view of them) and cuts them into
batches; each batch is one Dask task, which writes one segment with the
project's segment writer (:func:`index.parallel.write_segment`). With
*shipped* storage (the default) a task writes into a temporary index of its
own and returns the segment's files as bytes, which the build places in the
new generation; with *shared* storage the workers see the generation's folder
at the same path and write into it directly. The build then lists every
segment, in input order, in one table of contents (:func:`index.parallel.commit_segments`),
exactly as the local parallel build does. A task that fails, after Dask's own
retries on other workers when one is lost, fails the build: the new generation
is discarded and the live index is left as it was.
"""

from __future__ import annotations

import contextlib
import logging
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from whoosh import index as whoosh_index

from index.parallel import WorkerOptions, commit_segments, default_procs, write_segment

LOCAL = "local"
SHIPPED, SHARED = "shipped", "shared"
STORAGES = (SHIPPED, SHARED)
# Articles in each task, hence in each segment: large enough that a search
# opens few segments, small enough that every worker gets several.
DASK_BATCH = 5000
# Tasks queued for each worker thread, so that the build never holds more
# than a few batches (and their segments' bytes) at once.
IN_FLIGHT_PER_THREAD = 2
CONNECT_SECONDS = 10.0
WORKERS_SECONDS = 60.0


@dataclass(frozen=True)
class DaskOptions:
    """Where a build's segments are written: the scheduler's ``address`` (or ``local``),
    how their files reach the generation (``storage``), articles per task (``batch``)."""

    address: str
    storage: str = SHIPPED
    batch: int = DASK_BATCH


class DaskBuildFailed(RuntimeError):
    """The Dask part of a build or an update failed; the new generation was discarded."""


def _task(batch: list[dict], options: WorkerOptions, schema, shared: str | None):
    """On a worker: one segment of ``batch``; with ``shared``, written into that folder,
    else into a temporary index whose files are returned as ``{name: bytes}``."""
    if shared is not None:
        return write_segment(whoosh_index.open_dir(shared), [batch], options), {}
    with tempfile.TemporaryDirectory(prefix="telusur-dask-") as folder:
        ix = whoosh_index.create_in(folder, schema)
        segment = write_segment(ix, [batch], options)
        files = {
            name: (Path(folder) / name).read_bytes() for name in segment.list_files(ix.storage)
        }
    return segment, files


@contextlib.contextmanager
def dask_client(address: str) -> Iterator:
    """A client of the scheduler at ``address``, or of a new ``LocalCluster`` for ``local``."""
    from distributed import Client, LocalCluster

    try:
        if address == LOCAL:
            cluster = LocalCluster(
                n_workers=default_procs(),
                threads_per_worker=1,
                dashboard_address=":0",  # any free port: 8787 may be taken
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
        else:
            cluster, client = None, Client(address, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError) as err:
        raise DaskBuildFailed(f"cannot use the Dask scheduler at {address}: {err}") from err
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError as err:
            message = (
                f"no Dask worker joined the scheduler at {address} within {WORKERS_SECONDS:g} s"
            )
            raise DaskBuildFailed(message) from err
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def write_on_dask(ix, docs: Iterable[dict], dask: DaskOptions, options: WorkerOptions) -> None:
    """Index ``docs`` in segments written by Dask tasks (``dask.batch`` documents each); commit."""
    writer = ix.writer(limitmb=1, compound=options.compound)
    try:
        with dask_client(dask.address) as client:
            segments = dask_segments(client, ix, iter(docs), options, dask.storage, dask.batch)
    except BaseException:
        writer.cancel()
        raise
    commit_segments(writer, segments)


def dask_segments(client, ix, docs: Iterator[dict], options, storage: str, size: int) -> list:
    """Every batch's segment, in input order, its files placed in ``ix``'s folder."""
    from distributed import as_completed

    folder = Path(ix.storage.folder)
    shared = str(folder) if storage == SHARED else None
    schema = ix.schema  # sent with each task: scattered data would die with its worker
    batches = enumerate(iter(lambda: list(islice(docs, size)), []))
    running = as_completed(loop=client.loop)
    numbers: dict = {}

    def submit() -> None:
        for number, batch in islice(batches, 1):
            with warnings.catch_warnings():  # the batch is the task's data, sent once
                warnings.filterwarnings("ignore", "Sending large graph", UserWarning)
                future = client.submit(_task, batch, options, schema, shared, pure=False)
            numbers[future.key] = number
            running.add(future)

    for _ in range(max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_THREAD):
        submit()
    found = {}
    try:
        for future in running:
            try:
                segment, files = future.result()
            except Exception as err:
                raise DaskBuildFailed(f"a Dask task failed: {type(err).__name__}: {err}") from err
            for name, data in files.items():
                (folder / name).write_bytes(data)
            found[numbers[future.key]] = segment
            submit()
    except BaseException:
        client.cancel(list(running.futures))
        raise
    return [found[number] for number in sorted(found) if found[number] is not None]
