"""An update's new segments written on Dask workers (``python -m index update --dask ADDRESS``).

The comparison stays in the update process, under the writer lock: each
article is looked up in the live index, as a local update does, and only the
documents to write (new articles, changed ones) go to Dask, in batches, each
one segment (:func:`index.dask_build.dask_segments`), while the comparison goes
on. The index's own copy of a changed article is deleted here, by id, as
``update_document`` does. The commit then lists the new segments after the
live ones and merges small segments by the policy a local update's commit
follows (Whoosh's ``MERGE_SMALL``), so both leave the same documents and
statistics. A task that fails, after Dask's retries, fails the update: the
new generation is discarded and the live index is left as it was.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator

from whoosh.writing import MERGE_SMALL

from index.dask_build import DaskOptions, dask_client, dask_segments
from index.parallel import WorkerOptions
from index.schema import JOINED


def update_on_dask(
    writer, ix, changes: Iterable[tuple[dict, bool]], dask: DaskOptions, options: WorkerOptions
) -> Callable[[], None]:
    """Write ``changes``' documents (each with whether it replaces the index's own of
    its id) in segments on Dask; return what commits ``writer`` with them.

    ``options.prepare`` completes each document on its worker: the fields made by
    joining others (:data:`index.schema.JOINED`) are not sent.
    """
    with dask_client(dask.address) as client:
        docs = _sent(writer, changes)
        written = dask_segments(client, ix, docs, options, dask.storage, dask.batch)
    return functools.partial(writer.commit, mergetype=functools.partial(_merged, written=written))


def _sent(writer, changes: Iterable[tuple[dict, bool]]) -> Iterator[dict]:
    """Each document to send, its replaced one deleted by ``writer``, joined fields left out."""
    for doc, replaces in changes:
        if replaces:
            writer.delete_by_term("id", doc["id"])
        yield {name: value for name, value in doc.items() if name not in JOINED}


def _merged(writer, segments: list, written: list) -> list:
    """The commit's segments: the live ones after a local commit's merge, then ``written``.

    The commit lists the writer's own segment, holding the merged documents, last. A
    local update's writer holds its new documents and then the merged ones, so the
    documents are numbered in the same order either way, and equal scores, which go to
    the lower number, rank alike."""
    return MERGE_SMALL(writer, segments) + written
