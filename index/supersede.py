"""One id read twice in one import: which record is kept (``--prefer``), and
the earlier writes a kept later record makes obsolete.

Sources are read in the order given, so a rebuild over an archive and the
updates that corrected it reads each correction after the text it corrects:
by default the last record of an id wins (``prefer="last"``); ``"first"``
keeps the first. A build writes each record as it comes (it cannot know
whether a later one will follow), so when a later record wins, the earlier
one is already in a segment: after the commit, :func:`drop_superseded` deletes
every document of such an id except one holding the kept record's fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from whoosh.index import Index

from index.fields import BY_NAME, COMPARED, DATETIME
from index.ingest import Article

PREFERENCES = ("last", "first")
DEFAULT_PREFER = "last"
# The stored fields that make an article what it is (index/fields.py); equal ones are
# "unchanged". Dates apart: the index holds them naive, in UTC.
TEXTS = tuple(name for name in COMPARED if BY_NAME[name].kind != DATETIME)
DATES = tuple(name for name in COMPARED if BY_NAME[name].kind == DATETIME)


@dataclass(frozen=True)
class Superseded:
    """A record not indexed because another record of its id was kept."""

    id: str
    origin: str  # where the record not kept was read
    kept: str  # where the record kept was read
    prefer: str

    def __str__(self) -> str:
        which = "later" if self.prefer == "last" else "earlier"
        return f"{self.origin}: id {self.id!r}, the {which} record {self.kept} is kept instead"


def article_fingerprint(article: Article) -> int:
    """:func:`fingerprint` of an article as read."""
    return hash(tuple(getattr(article, name) for name in TEXTS + DATES))


def fingerprint(fields: Mapping[str, object]) -> int:
    """What tells two records of one id apart: Python's hash of the compared fields,
    from the index's stored fields (dates naive, in UTC) or, equal for the same
    article, from :func:`article_fingerprint`. Only ever compared within the process
    of one import, where it is stable, and cheap: a string's hash is computed once."""
    texts = tuple(str(fields.get(name) or "") for name in TEXTS)
    dates = tuple(_aware(fields.get(name)) for name in DATES)
    return hash(texts + dates)


def _aware(stored: object) -> datetime | None:
    return stored.replace(tzinfo=UTC) if isinstance(stored, datetime) else None


def drop_superseded(ix: Index, kept: Mapping[str, int]) -> int:
    """Delete, for each id of ``kept``, its documents but one with the kept fingerprint
    (all of them when none has it); commit, and return how many were deleted."""
    if not kept:
        return 0
    writer = ix.writer()
    dropped = 0
    try:
        with writer.reader() as reader:
            for article_id, wanted in kept.items():
                if ("id", article_id) not in reader:
                    continue
                found = False
                for docnum in reader.postings("id", article_id).all_ids():
                    if reader.is_deleted(docnum):
                        continue
                    if not found and fingerprint(reader.stored_fields(docnum)) == wanted:
                        found = True
                    else:
                        writer.delete_document(docnum)
                        dropped += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)
    return dropped
