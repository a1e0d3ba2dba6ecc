"""Xapian 1.4 (the ``xapian-bindings-binary`` wheel): one term per token, no positions, BM25."""

from __future__ import annotations

from pathlib import Path

from bench.native.tokens import read_tokens

NAME = "Xapian"
MAX_TERM_BYTES = 240  # Xapian refuses longer terms (245 bytes in its glass backend)


def missing() -> str | None:
    try:
        import xapian  # noqa: F401
    except ImportError:
        return "xapian is not installed (make bench-native installs requirements-bench.lock)"
    return None


def version() -> str:
    import xapian

    return f"Xapian {xapian.version_string()}"


def build(tokens: Path, target: Path) -> int:
    import xapian

    db = xapian.WritableDatabase(str(target), xapian.DB_CREATE_OR_OVERWRITE)
    count = 0
    for record in read_tokens(tokens):
        doc = xapian.Document()
        for term in record["contents"].split():
            if len(term.encode()) <= MAX_TERM_BYTES:
                doc.add_term(term)
        doc.set_data(record["id"])
        db.add_document(doc)
        count += 1
    db.commit()
    db.close()
    return count


class Searcher:
    def __init__(self, target: Path) -> None:
        import xapian

        self.xapian = xapian
        self.db = xapian.Database(str(target))
        self.enquire = xapian.Enquire(self.db)
        self.enquire.set_weighting_scheme(xapian.BM25Weight())

    def search(self, tokens: list[str]) -> list[str]:
        query = self.xapian.Query(self.xapian.Query.OP_OR, tokens)
        self.enquire.set_query(query)
        return [match.document.get_data().decode() for match in self.enquire.get_mset(0, 10)]

    def close(self) -> None:
        self.db.close()
