"""Reading articles from JSON Lines files (plain or gzip) into clean records.

Every line either becomes an :class:`Article` or a :class:`Reject` naming its
file, line number and reason; a bad line never stops the rest of the file.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from index.dates import parse_published
from index.normalize import clean_body, clean_title, normalize_category, normalize_source

BUNDLED_CORPUS = Path(__file__).parent / "data" / "click-id.jsonl.gz"

ALIASES = {"body": ("body", "content"), "published": ("published", "date")}


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    body: str
    url: str = ""
    source: str = ""
    category: str = ""
    published: datetime | None = None


@dataclass(frozen=True)
class Reject:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


def _text(record: dict, field: str) -> str:
    for name in ALIASES.get(field, (field,)):
        value = record.get(name)
        if value is not None and str(value).strip():
            return str(value).strip()
    return ""


def article_from_record(record: object) -> Article | str:
    """An Article from one decoded JSON object, or the reason it cannot be one."""
    if not isinstance(record, dict):
        return "not a JSON object"
    body = clean_body(_text(record, "body"))
    if not body:
        return "no body"
    url = _text(record, "url")
    article_id = _text(record, "id") or url
    if not article_id:
        return "no id or url"
    published = _text(record, "published")
    return Article(
        id=article_id,
        title=clean_title(_text(record, "title")),
        body=body,
        url=url,
        source=normalize_source(_text(record, "source")),
        category=normalize_category(_text(record, "category")),
        published=parse_published(published, _text(record, "time")) if published else None,
    )


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def read_jsonl(path: Path) -> Iterator[Article | Reject]:
    """Articles and rejects of one JSON Lines file, in file order."""
    number = 0
    try:
        with _open_text(path) as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    yield Reject(str(path), number, f"invalid JSON ({err.msg})")
                    continue
                result = article_from_record(record)
                yield Reject(str(path), number, result) if isinstance(result, str) else result
    except (OSError, EOFError) as err:
        yield Reject(str(path), number + 1, f"unreadable file ({err})")


def read_sources(paths: Iterable[Path]) -> Iterator[Article | Reject]:
    """Every article of every source file, in order."""
    for path in paths:
        yield from read_jsonl(Path(path))
