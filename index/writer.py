"""Writing articles into the index: full builds, updates and deletions.

Each runs under the store's writer lock and ends by publishing a new
generation (see :mod:`index.store`), so a reader sees the index before or
after it, never in between, and a writer that fails or is killed leaves the
live index as it was. Reading and checking the input (:func:`prepared`) is
kept apart from the Whoosh writer (:func:`open_writer`, :func:`add_all`), so
either can change without the other.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC
from pathlib import Path

from whoosh import index as whoosh_index

from index.codec.segment import ArraySegmentWriter
from index.dask_build import DaskOptions, write_on_dask
from index.dask_update import update_on_dask
from index.dedupe import Deduplicator, Duplicate
from index.fields import COMPARED, INPUT
from index.groups import Grouper
from index.ids import url_key
from index.ingest import Article, Reject, read_sources
from index.parallel import WorkerOptions, default_procs, write_parallel
from index.progress import bar_shown, count_lines, progress_bar
from index.provenance import made
from index.report import Report
from index.schema import JOINED, SCHEMA_KEY, SCHEMA_VERSION, news_schema, schema_problem
from index.schema import schema_version as version_of
from index.store import IndexStore
from index.supersede import DEFAULT_PREFER, Superseded, drop_superseded
from index.urls import URL_KEY, IndexedUrls

# Memory for each writer's posting pool before it spills a sorted run to disk.
WRITER_LIMIT_MB = 256
# Memory for a build writer's token arrays (4 bytes a word) before it sorts
# them into a run on disk. The 10x corpus's half for one worker is ~200 MB;
# with 128 the two workers' last runs and sorts took the build to 1.58 GB.
TOKENS_LIMIT_MB = 64
# Segments written as separate files: a searcher opens them in well under a
# millisecond, where a compound file is copied into memory at every open.
COMPOUND = False
DEFAULT_WAIT = 60.0


class NothingIndexed(RuntimeError):
    """A build found no article to index; the live index was left as it was."""

    def __init__(self, report: Report) -> None:
        super().__init__("no article could be indexed; the live index was left as it was")
        self.report = report


class NoIndex(RuntimeError):
    """There is no live index to change."""


class OtherSchema(RuntimeError):
    """The live index was built by another schema version than this code writes:
    adding documents of this one to it would fail half-way or mix two layouts."""


def document(article: Article, joined: bool = True) -> dict:
    """The stored and indexed fields of one article (:data:`index.fields.INPUT`, and
    its URL's key: :mod:`index.urls`); without ``joined``, those made by joining
    others are left for :func:`with_joined`."""
    doc = {name: getattr(article, name) for name in INPUT}
    if article.url:
        doc[URL_KEY] = url_key(article.url)
    if article.published is None:
        del doc["published"]
    else:
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


def prepared(
    items: Iterable[Article | Reject], report: Report, seen: Deduplicator | None = None
) -> Iterator[Article]:
    """The articles to write: rejects, repeats, superseded records and repairs go to ``report``.

    A later record that replaces an earlier one of its id is written too: the
    caller removes the earlier once committed (``seen.kept``, :mod:`index.supersede`).
    """
    seen = Deduplicator() if seen is None else seen
    for item in items:
        if isinstance(item, Reject):
            report.rejects.append(item)
            continue
        checked = seen.check(item)
        if isinstance(checked, Duplicate):
            report.duplicates.append(checked)
        elif isinstance(checked, Superseded):
            report.superseded.append(checked)
            if checked.prefer == "last":
                yield report.note(item)
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


def _finish(
    store: IndexStore,
    generation: Path,
    writer,
    ix,
    report: Report,
    parent,
    kept=None,
    sources=(),
    commit: Callable[[], None] | None = None,
) -> None:
    """Commit ``writer`` and make ``generation`` live, or drop it if nothing changed;
    ``kept``: ids whose earlier records this import replaced (:func:`drop_superseded`);
    ``sources``: what the change read, recorded with it (:func:`index.provenance.made`);
    ``commit``: how, when not ``writer.commit`` (an update on Dask)."""
    version = version_of(store.meta(parent), ix.schema) if parent else SCHEMA_VERSION
    if not report.changed:
        writer.cancel()
        ix.close()
        store.discard(generation)
        report.generation = parent
        if parent is not None:
            report.articles = _count(parent)
        return
    (commit or writer.commit)()
    drop_superseded(ix, kept or {})
    with ix.searcher() as searcher:
        report.articles = searcher.doc_count()
    ix.close()
    meta = {"command": report.command, "parent": parent.name if parent else None}
    meta[SCHEMA_KEY] = version
    meta |= made(report.command, sources, store.meta(parent) if parent else None)
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
    prefer: str = DEFAULT_PREFER,
    check: Callable[[], None] | None = None,
    dask: DaskOptions | None = None,
) -> Report:
    """Index ``sources`` into a new, empty generation of ``store`` and make it live.

    The live index is untouched until the new one is complete: a failure
    discards the new generation and re-raises, and a build that indexed
    nothing is never made live (:class:`NothingIndexed`). With ``procs`` > 1
    the analysis runs in that many processes (default: :func:`default_procs`, decided
    under the writers' lock: one per core, one fewer while a server serves the index). ``prefer``:
    which record of an id read twice is kept (:mod:`index.supersede`).
    ``check``, called under the writer lock before anything is written, may
    raise to refuse the build (a decision that needs the lock to hold). With
    ``dask``, the segments are written by Dask workers instead (:mod:`index.dask_build`).
    """
    sources = [Path(s) for s in sources]

    def body(report: Report) -> None:
        if check is not None:
            check()
        count = default_procs(store.root) if procs is None else procs
        generation = store.new_generation()
        try:
            ix = whoosh_index.create_in(generation, news_schema())
            total = count_lines(sources) if bar_shown(progress) else None
            seen, grouper = Deduplicator(prefer), Grouper()
            articles = prepared(read_sources(sources, source), report, seen)
            joined = count == 1 and dask is None
            docs: Iterable[dict] = grouper.stamped(documents(articles, report, joined))
            docs = progress_bar(docs, total, progress)
            options = WorkerOptions(with_joined, TOKENS_LIMIT_MB, COMPOUND)
            if dask is not None:
                write_on_dask(ix, docs, dask, options)
            elif count > 1:
                write_parallel(ix, docs, count, options)
            else:
                writer = ArraySegmentWriter(ix, limitmb=TOKENS_LIMIT_MB, compound=COMPOUND)
                try:
                    for doc in docs:
                        writer.add_document(**doc)
                except BaseException:
                    writer.cancel()
                    raise
                writer.commit(merge=False)
            report.added -= drop_superseded(ix, seen.kept)
            if report.added == 0:
                ix.close()
                raise NothingIndexed(report)
            with ix.searcher() as searcher:
                report.articles = searcher.doc_count()
            ix.close()
            grouper.save(generation)
            meta = {"command": "build", "parent": None, SCHEMA_KEY: SCHEMA_VERSION}
            meta |= made("build", sources, None)
            meta |= report.counts()
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
    prefer: str = DEFAULT_PREFER,
    dask: DaskOptions | None = None,
) -> Report:
    """Add the new articles of ``sources`` and replace changed ones, by id.

    An article whose stored fields are all equal is left alone; one whose URL
    is already in the index under another id is a duplicate. Without a live
    index, the update builds the first one. An index of another schema version
    is refused (:class:`OtherSchema`): it needs a build. With ``dask``, the
    comparison stays here and the new documents' segments are written by Dask
    workers (:mod:`index.dask_update`).
    """
    sources = [Path(s) for s in sources]

    def body(report: Report) -> None:
        base = store.current()
        generation = store.new_generation(base)
        try:
            if base is None:
                ix = whoosh_index.create_in(generation, news_schema())
            else:
                ix = whoosh_index.open_dir(str(generation))
                problem = schema_problem(version_of(store.meta(base), ix.schema))
                if problem is not None:
                    ix.close()
                    raise OtherSchema(problem)
            writer = open_writer(ix)
            grouper = Grouper.load(base)
            try:
                seen = Deduplicator(prefer)
                with ix.searcher() as searcher:
                    articles = prepared(read_sources(sources, source), report, seen)
                    shown = progress_bar(articles, None, progress)
                    changes = _changes(searcher, shown, report, grouper, IndexedUrls(searcher))
                    if dask is None:
                        for doc, replaces in changes:
                            (writer.update_document if replaces else writer.add_document)(**doc)
                        commit = writer.commit
                    else:
                        options = WorkerOptions(with_joined, TOKENS_LIMIT_MB, COMPOUND)
                        commit = update_on_dask(writer, ix, changes, dask, options)
            except BaseException:
                writer.cancel()
                ix.close()
                raise
            grouper.save(generation)
            _finish(store, generation, writer, ix, report, base, seen.kept, sources, commit)
        except BaseException:
            store.discard(generation)
            raise

    return _run(store, "update", wait, notify, body)


def _changes(
    searcher, articles: Iterable[Article], report: Report, grouper: Grouper, urls: IndexedUrls
) -> Iterator[tuple[dict, bool]]:
    """Each document the update writes, and whether it replaces the index's own of
    its id (:func:`_upsert`); ``searcher``: the live index, as it was before, and
    ``urls`` its articles by URL."""
    outcomes: dict[str, str] = {}
    for article in articles:
        again = outcomes.get(article.id)
        outcome, doc = _upsert(searcher, article, report, again, grouper, urls)
        outcomes[article.id] = outcome
        if doc is not None:
            yield doc, outcome != "added"


def _upsert(
    searcher,
    article: Article,
    report: Report,
    again: str | None,
    grouper: Grouper,
    urls: IndexedUrls,
) -> tuple[str, dict | None]:
    """What ``article`` is to the index (``added``, ``replaced``, ``unchanged``,
    ``duplicate``) and the document to write for it, if any. ``again``: what an
    earlier record of its id in this import was, now replaced by this one (and
    removed at the end) and no longer counted. ``grouper``: where near-copies are grouped."""
    doc = document(article)
    if again in ("added", "replaced", "unchanged"):
        setattr(report, again, getattr(report, again) - 1)
    old = searcher.document(id=article.id)
    if old is None:
        other = urls.document(article.url)
        if other is not None:
            why = "same URL"
            report.duplicates.append(Duplicate(article, why, other["id"], "in the index"))
            return "duplicate", None
        report.added += 1
        return "added", grouper.stamp(doc)
    if all(old.get(name) == doc.get(name) for name in COMPARED):
        report.unchanged += 1
        # The earlier record deleted the index's own: write it back.
        return "unchanged", grouper.stamp(doc) if again == "replaced" else None
    report.replaced += 1
    return "replaced", grouper.stamp(doc)


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
