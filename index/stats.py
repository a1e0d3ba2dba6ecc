"""What the live index holds: articles, outlets, date range, size, last change."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from whoosh import index as whoosh_index
from whoosh.util.times import long_to_datetime

from index.codec.columns import column_values
from index.dates import WIB
from index.store import IndexStore


@dataclass(frozen=True)
class IndexStats:
    generation: str
    articles: int
    outlets: list[tuple[str, int]]
    first: datetime | None
    last: datetime | None
    undated: int
    size_bytes: int
    last_change: str
    last_command: str

    def to_dict(self) -> dict:
        return {
            "generation": self.generation,
            "articles": self.articles,
            "outlets": [{"value": name, "count": n} for name, n in self.outlets],
            "first_published": self.first.isoformat() if self.first else None,
            "last_published": self.last.isoformat() if self.last else None,
            "undated": self.undated,
            "size_bytes": self.size_bytes,
            "last_change": self.last_change,
            "last_command": self.last_command,
        }

    def text(self) -> str:
        span = (
            f"{self.first.date().isoformat()} … {self.last.date().isoformat()}"
            if self.first and self.last
            else "none"
        )
        outlets = ", ".join(f"{name or '(none)'} {n}" for name, n in self.outlets)
        return "\n".join(
            [
                f"articles     {self.articles}",
                f"outlets      {len(self.outlets)}: {outlets}",
                f"published    {span} ({self.undated} without a date)",
                f"index size   {self.size_bytes / 1e6:.1f} MB",
                f"last change  {self.last_change} ({self.last_command})",
                f"generation   {self.generation}",
            ]
        )


def index_stats(store: IndexStore) -> IndexStats | None:
    """Statistics of the live generation, or None when there is none."""
    generation = store.current()
    if generation is None:
        return None
    meta = store.meta(generation)
    ix = whoosh_index.open_dir(str(generation))
    try:
        with ix.reader() as reader:
            sources = column_values(reader, "source")
            # Raw numbers: a missing date is a sentinel that Whoosh cannot turn back.
            dates = column_values(reader, "published", translate=False)
            outlets: Counter[str] = Counter()
            first = last = None
            undated = 0
            for docnum in reader.all_doc_ids():
                outlets[sources[docnum]] += 1
                moment = _moment(dates[docnum])
                if moment is None:
                    undated += 1
                    continue
                first = moment if first is None or moment < first else first
                last = moment if last is None or moment > last else last
            articles = reader.doc_count()
    finally:
        ix.close()
    return IndexStats(
        generation=generation.name,
        articles=articles,
        outlets=sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0])),
        first=_wib(first),
        last=_wib(last),
        undated=undated,
        size_bytes=store.size(generation),
        last_change=meta.get("published", ""),
        last_command=meta.get("command", ""),
    )


def _moment(raw) -> datetime | None:
    """A raw ``published`` value as naive UTC; 0 is the first instant of year 1, not a
    missing date (that is the largest 64-bit number, which no datetime holds)."""
    try:
        return None if raw is None else long_to_datetime(raw)
    except (OverflowError, ValueError, TypeError):
        return None


def _wib(moment: datetime | None) -> datetime | None:
    """A naive UTC moment in WIB; past the last one a datetime can hold there, that last one."""
    if moment is None:
        return None
    try:
        return moment.replace(tzinfo=UTC).astimezone(WIB)
    except OverflowError:
        return datetime.max.replace(tzinfo=WIB)
