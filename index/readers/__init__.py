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

import os
import stat
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
    elif (kind := special_kind(path)) is not None:
        yield Reject(str(path), 0, f"not a regular file ({kind})")
    else:
        reader = reader_for(path)
        if reader is None:
            yield Reject(str(path), 0, f"unknown kind of file (known: {KNOWN})")
        else:
            yield from reader(path, source)


def special_kind(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (a FIFO would block a reader, a
    device never ends), else None."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # the reader says why it cannot be read
    for test, kind in SPECIAL_KINDS:
        if test(mode):
            return kind
    return None if stat.S_ISREG(mode) else "neither a file nor a folder"


SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_folder(folder: Path, source: str = "") -> Iterator[Article | Reject]:
    """Every entry under ``folder`` (hidden ones aside), in name order: each file read,
    anything else (a link to nothing or to a folder, an unreadable folder) a reject."""
    entries: list[tuple[Path, str | None]] = []

    def unreadable(err: OSError) -> None:
        where = Path(err.filename) if err.filename else folder
        entries.append((where, f"unreadable folder ({err.strerror or err})"))

    for top, folders, files in os.walk(folder, onerror=unreadable):
        base = Path(top)
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in folders:
            if (base / name).is_symlink():
                entries.append((base / name, "a link to a folder (not followed)"))
        for name in files:
            if name.startswith("."):
                continue
            path = base / name
            entries.append((path, None if path.exists() else "a link to nothing"))
    for path, reason in sorted(entries, key=lambda entry: entry[0]):
        if reason is None:
            yield from read_source(path, source)
        else:
            yield Reject(str(path), 0, reason)
