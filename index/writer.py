"""Writing articles into a new index generation and publishing it."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from tqdm import tqdm
from whoosh import index as whoosh_index

from index.ingest import Article, Reject, read_sources
from index.schema import news_schema
from index.store import IndexStore

WRITER_LIMIT_MB = 256


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


def write_articles(
    writer, items: Iterable[Article | Reject], report: BuildReport, progress: bool
) -> None:
    """Add every article to ``writer``; rejects and repeated ids go to ``report``."""
    seen: set[str] = set()
    bar = tqdm(items, unit=" articles", disable=None if progress else True, mininterval=0.5)
    for item in bar:
        if isinstance(item, Reject):
            report.rejects.append(item)
        elif item.id in seen:
            report.rejects.append(Reject("", 0, f"duplicate id {item.id!r}, first kept"))
        else:
            seen.add(item.id)
            writer.add_document(**document(item))
            report.indexed += 1


def build(sources: Iterable[Path], store: IndexStore, progress: bool = False) -> BuildReport:
    """Index ``sources`` into a new generation of ``store`` and make it live.

    The live index is untouched until the new one is complete: a failure
    discards the new generation and re-raises, and a build that indexed
    nothing is never made live (:class:`NothingIndexed`).
    """
    started = time.perf_counter()
    report = BuildReport()
    generation = store.new_generation()
    try:
        ix = whoosh_index.create_in(generation, news_schema())
        writer = ix.writer(limitmb=WRITER_LIMIT_MB)
        try:
            write_articles(writer, read_sources(sources), report, progress)
        except BaseException:
            writer.cancel()
            raise
        if report.indexed == 0:
            writer.cancel()
            raise NothingIndexed(report)
        writer.commit()
        ix.close()
    except BaseException:
        store.discard(generation)
        raise
    store.publish(generation)
    report.generation = generation
    report.seconds = time.perf_counter() - started
    return report
