"""One reader per kind of input, chosen by the path: a file by its name, a folder file by file.

| input                          | reader                 |
|--------------------------------|------------------------|
| ``*.jsonl``, ``*.json``, ``*.ndjson`` (``.gz`` too) | :mod:`index.readers.jsonl` |
| ``*.csv`` (``.gz`` too)        | :mod:`index.readers.csvfile` |
| ``*.txt``                      | :mod:`index.readers.textfile` |
| ``*.html``, ``*.htm``          | :mod:`index.readers.htmlpage` |
| a folder                       | each file in it, by the rules above, in name order |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from index.ingest import Article, Reject
from index.readers.csvfile import read_csv
from index.readers.htmlpage import read_html
from index.readers.jsonl import read_jsonl
from index.readers.textfile import read_text

Reader = Callable[[Path, str], Iterator[Article | Reject]]

READERS: tuple[tuple[tuple[str, ...], Reader], ...] = (
    ((".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz", ".ndjson.gz"), read_jsonl),
    ((".csv", ".csv.gz"), read_csv),
    ((".txt",), read_text),
    ((".html", ".htm"), read_html),
)
KNOWN = ", ".join(ext for exts, _ in READERS for ext in exts)


def reader_for(path: Path) -> Reader | None:
    name = path.name.lower()
    for extensions, reader in READERS:
        if name.endswith(extensions):
            return reader
    return None


def read_source(path: Path, source: str = "") -> Iterator[Article | Reject]:
    """The articles of one file or folder; ``source`` names the outlet where the input does not."""
    if path.is_dir():
        yield from read_folder(path, source)
    elif not path.exists():
        yield Reject(str(path), 0, "no such file or folder")
    else:
        reader = reader_for(path)
        if reader is None:
            yield Reject(str(path), 0, f"unknown kind of file (known: {KNOWN})")
        else:
            yield from reader(path, source)


def read_folder(folder: Path, source: str = "") -> Iterator[Article | Reject]:
    """Every file under ``folder`` (hidden ones aside), in name order."""
    try:
        paths = sorted(
            p
            for p in folder.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
    except OSError as err:
        yield Reject(str(folder), 0, f"unreadable folder ({err.strerror or err})")
        return
    for path in paths:
        yield from read_source(path, source)
