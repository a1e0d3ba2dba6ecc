"""CSV with a header row naming the fields (the same names and aliases as JSON Lines).

Each physical line is decoded on its own (UTF-8, else cp1252); a row that
spans an undecodable line, has the wrong number of fields or breaks the CSV
syntax is rejected with the line it starts on, and reading goes on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from index.encoding import Undecodable, decode
from index.ingest import MAX_BODY_CHARS, Article, Reject, article_from_record
from index.readers.jsonl import LINE_TOO_LONG, READ_ERRORS, is_binary_file, lines_of

# A field may be as long as the longest body we take, and a little more, so
# that a too-long body is rejected by its size rather than by the CSV parser.
FIELD_LIMIT = MAX_BODY_CHARS + 1


class _Lines:
    """The decoded lines of a file for :mod:`csv`, remembering which were bad."""

    def __init__(self, path: Path) -> None:
        self._lines = lines_of(path)
        self.bad: dict[int, str] = {}

    def __iter__(self):
        return self

    def __next__(self) -> str:
        number, data = next(self._lines)
        if data is None:
            self.bad[number] = LINE_TOO_LONG
            return "\n"
        if number == 1:
            data = data.removeprefix(b"\xef\xbb\xbf")
        try:
            return decode(data, whole_file=False)[0]
        except Undecodable as err:
            self.bad[number] = f"undecodable bytes ({err})"
            return data.decode("utf-8", "replace")


def read_csv(path: Path, source: str = "") -> Iterator[Article | Reject]:
    """Articles and rejects of one CSV file, in file order."""
    name = str(path)
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    lines = _Lines(path)
    rows = csv.reader(lines)
    start = 1
    try:
        if is_binary_file(path):
            yield Reject(name, 0, "binary file, not CSV")
            return
        header = [h.strip().lower() for h in next(rows, [])]
        if 1 in lines.bad:
            yield Reject(name, 1, lines.bad[1])
            return
        if not any(header):
            yield Reject(name, 1, "no header row")
            return
        while True:
            start = rows.line_num + 1
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as err:
                yield Reject(name, start, f"broken CSV row ({err})")
                continue
            bad = [lines.bad[n] for n in range(start, rows.line_num + 1) if n in lines.bad]
            if not bad and not any(cell.strip() for cell in row):
                continue  # a row of empty cells holds nothing to lose
            record = dict(zip(header, row, strict=False))
            if bad:
                yield Reject(name, start, bad[0], record)
            elif len(row) != len(header):
                reason = f"{len(row)} fields where the header names {len(header)}"
                yield Reject(name, start, reason, {**record, "_raw": row})
            else:
                result = article_from_record(record, source, origin=f"{name}:{start}")
                yield Reject(name, start, result, record) if isinstance(result, str) else result
    except (OSError, *READ_ERRORS) as err:
        yield Reject(name, start, f"unreadable file ({err})")
