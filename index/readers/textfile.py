"""A plain-text article file: id from the file name, date from the text, outlet from the caller."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from index.dates import date_in_text
from index.encoding import Undecodable, decode, looks_binary, nfkc
from index.ingest import Article, Reject, article_from_record
from index.readers.plaintext import parse_text_article

# A long article is some tens of kilobytes of text.
MAX_TEXT_BYTES = 2_000_000


def read_file_bytes(path: Path, limit: int) -> bytes | str:
    """The bytes of a small file, or the reason it is not read."""
    try:
        size = path.stat().st_size
        if size > limit:
            return f"file too large ({size} bytes, limit {limit})"
        data = path.read_bytes()
    except OSError as err:
        return f"unreadable file ({err.strerror or err})"
    if not data.strip():
        return "empty file"
    if looks_binary(data):
        return "binary file, not text"
    return data


def read_text(path: Path, source: str = "") -> Iterator[Article | Reject]:
    """The one article of a plain-text file, or why it is rejected."""
    name = str(path)
    data = read_file_bytes(path, MAX_TEXT_BYTES)
    if isinstance(data, str):
        yield Reject(name, 0, data)
        return
    try:
        text = decode(data)[0]  # NFKC after the repair of mojibake (article_from_record)
    except Undecodable as err:
        yield Reject(name, 0, f"undecodable bytes ({err})")
        return
    parsed = parse_text_article(text)
    record = {
        "id": nfkc(path.stem),
        "title": parsed.title,
        "body": parsed.body,
        "source": source,
        "published": date_in_text(parsed.body) if parsed.body else None,
    }
    result = article_from_record(record, source, origin=name)
    yield Reject(name, 0, result, record) if isinstance(result, str) else result
