"""SQLite FTS5 (Python's ``sqlite3``): a contentless table over the tokens, ``bm25`` rank."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.native.tokens import read_tokens

NAME = "SQLite FTS5"
# The tokens are Telusur's already: split on spaces only, keep "17,5" and "anak-anak" whole.
TOKENIZE = "unicode61 remove_diacritics 0 tokenchars '-.,_'"
TOP = (
    "SELECT ids.id FROM (SELECT rowid, rank FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10)"
    " AS top JOIN ids ON ids.rowid = top.rowid ORDER BY top.rank"
)


def missing() -> str | None:
    con = sqlite3.connect(":memory:")
    try:
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.OperationalError as err:
        return f"this sqlite3 has no FTS5 ({err})"
    finally:
        con.close()
    return None


def version() -> str:
    return f"SQLite {sqlite3.sqlite_version} FTS5"


def build(tokens: Path, target: Path) -> int:
    target.mkdir(parents=True, exist_ok=True)
    path = target / "fts.sqlite"
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    options = f'contents, content="", tokenize="{TOKENIZE}"'
    con.execute(f"CREATE VIRTUAL TABLE docs USING fts5({options})")
    con.execute("CREATE TABLE ids (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL)")
    count = 0
    with con:
        for n, record in enumerate(read_tokens(tokens), start=1):
            con.execute("INSERT INTO ids VALUES (?, ?)", (n, record["id"]))
            con.execute("INSERT INTO docs (rowid, contents) VALUES (?, ?)", (n, record["contents"]))
            count = n
        con.execute("INSERT INTO docs (docs) VALUES ('optimize')")
    con.close()
    return count


def match(tokens: list[str]) -> str:
    """An FTS5 query: any of ``tokens``, each quoted."""
    return " OR ".join('"' + token.replace('"', '""') + '"' for token in tokens)


class Searcher:
    def __init__(self, target: Path) -> None:
        self.con = sqlite3.connect(f"file:{target / 'fts.sqlite'}?mode=ro", uri=True)

    def search(self, tokens: list[str]) -> list[str]:
        return [row[0] for row in self.con.execute(TOP, (match(tokens),))]

    def close(self) -> None:
        self.con.close()
