"""Articles as every reader delivers them: clean records, or rejects saying why not.

A reader (``index/readers/``) turns one kind of input into a stream of
:class:`Article` and :class:`Reject`; a bad line or file never stops the rest.
:func:`read_sources` picks the reader for each path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from index.datecheck import checked_published
from index.dates import parse_published
from index.encoding import nfkc
from index.fields import ALIASES, INPUT
from index.ids import content_id, url_id
from index.normalize import clean_body, clean_title, normalize_category, normalize_source
from index.notes import Note
from index.repair import repair

BUNDLED_CORPUS = Path(__file__).parent / "data" / "click-id.jsonl.gz"
# The input fields :func:`article_from_record` reads each in its own way; any other
# field of the table is one line of plain text.
CLEANED = ("id", "title", "body", "url", "source", "category", "published")
PLAIN = tuple(name for name in INPUT if name not in CLEANED)

# A news article is a few thousand characters; far more is a dump, not an article.
MAX_BODY_CHARS = 1_000_000


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    body: str
    url: str = ""
    source: str = ""
    category: str = ""
    author: str = ""
    published: datetime | None = None
    # Where it was read ("file:line") and what was repaired or doubted in it
    # (:mod:`index.notes`), for reports; not part of the article.
    origin: str = field(default="", compare=False, repr=False)
    notes: tuple[Note, ...] = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Reject:
    """Input that could not become an article: where it is, why, and what it held.

    ``record`` is the input's fields as far as they could be read, so that the
    rejects file can be fixed and imported again.
    """

    file: str
    line: int
    reason: str
    record: Mapping[str, object] | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


def article_record(article: Article) -> dict[str, object]:
    """An article's fields as a record a reader takes back (for the rejects file)."""
    return {name: getattr(article, name) for name in INPUT}


def raw_field(record: Mapping, name: str) -> str:
    """A field's text under its name or an alias, as the input gave it."""
    for alias in ALIASES.get(name, (name,)):
        value = record.get(alias)
        if value is not None and str(value).strip():
            return str(value)
    return ""


def text_field(record: Mapping, name: str) -> str:
    """A field's text under its name or an alias, stripped and NFKC-normalized."""
    return nfkc(raw_field(record, name)).strip()


def repaired_field(record: Mapping, name: str, found: set[str]) -> str:
    """A field of running text (title, body) as :func:`text_field`, repaired first
    (:mod:`index.repair`: before NFKC, which would change the mojibake); the kinds
    of repair go to ``found``."""
    text, wrong = repair(raw_field(record, name))
    found |= wrong
    return nfkc(text).strip()


def article_from_record(
    record: object, default_source: str = "", origin: str = ""
) -> Article | str:
    """An Article from one record of named fields, or the reason it cannot be one.

    ``published`` may already be a datetime (a reader that found the date itself).
    """
    if not isinstance(record, Mapping):
        return "not a JSON object"
    size = len(raw_field(record, "body").strip())
    if size > MAX_BODY_CHARS:
        return f"body too large ({size} characters, limit {MAX_BODY_CHARS})"
    found: set[str] = set()
    body = clean_body(repaired_field(record, "body", found))
    if not body:
        return "no body"
    title = clean_title(repaired_field(record, "title", found))
    url = text_field(record, "url")
    given = " ".join(text_field(record, "id").split())
    published = record.get("published")
    when = ""
    if not isinstance(published, datetime):
        when = text_field(record, "published")
        published = parse_published(when, text_field(record, "time")) if when else None
    published, dated = checked_published(published, url, when)
    notes = tuple(Note(kind) for kind in sorted(found)) + ((dated,) if dated else ())
    plain = {name: " ".join(text_field(record, name).split()) for name in PLAIN}
    return Article(
        id=given or (url_id(url) if url else content_id(title, body)),
        title=title,
        body=body,
        url=url,
        source=normalize_source(text_field(record, "source") or default_source),
        category=normalize_category(text_field(record, "category")),
        published=published,
        origin=origin,
        notes=notes,
        **plain,
    )


def read_sources(paths, source: str = "") -> Iterator[Article | Reject]:
    """Every article of every source (file or folder), in order.

    ``source`` names the outlet of articles whose input does not say it.
    """
    from index.readers import read_source

    for path in paths:
        yield from read_source(Path(path), source=source)
