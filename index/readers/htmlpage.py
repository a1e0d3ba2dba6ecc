"""A saved article page: trafilatura finds its main text, title, date and URL.

trafilatura tells the article from the navigation, ads and footer around it
and reads the date from the page's metadata (htmldate); the encoding is taken
from the page itself. The id is the file name, as for plain-text files.

Limits come before extraction: the file's size, then the page's text (read by
lxml in a fraction of trafilatura's time), which may not exceed the longest body
taken. trafilatura itself runs within a time budget (:mod:`index.readers.extraction`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.etree
import lxml.html

from index.dates import parse_published
from index.encoding import nfkc
from index.ingest import MAX_BODY_CHARS, Article, Reject, article_from_record
from index.readers.extraction import ExtractionFailed, extractor
from index.readers.textfile import read_file_bytes

MAX_HTML_BYTES = 10_000_000
# Elements whose text is never an article's.
NOT_TEXT = ("script", "style", "noscript", "template")


def page_text_chars(data: bytes) -> int:
    """How many characters of text the page shows, spaces collapsed (0: no page)."""
    try:
        root = lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError):
        return 0
    lxml.etree.strip_elements(root, *NOT_TEXT, with_tail=False)
    return len(" ".join(root.text_content().split()))


def read_html(path: Path, source: str = "") -> Iterator[Article | Reject]:
    """The one article of a saved HTML page, or why it is rejected."""
    name = str(path)
    data = read_file_bytes(path, MAX_HTML_BYTES)
    if isinstance(data, str):
        yield Reject(name, 0, data)
        return
    chars = page_text_chars(data)
    if chars > MAX_BODY_CHARS:
        reason = f"page text too large ({chars} characters, limit {MAX_BODY_CHARS}), not extracted"
        yield Reject(name, 0, reason)
        return
    try:
        page = extractor().extract(data) if chars else None
    except ExtractionFailed as err:
        yield Reject(name, 0, str(err))
        return
    if page is None or not (page["text"] or "").strip():
        yield Reject(name, 0, "no article text found in the page")
        return
    # NFKC after the repair of mojibake (article_from_record)
    title = (page["title"] or "").strip()
    paragraphs = [p.strip() for p in page["text"].splitlines() if p.strip()]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    record = {
        "id": nfkc(path.stem),
        "title": title,
        "body": "\n\n".join(paragraphs),
        "url": page["url"] or "",
        "source": source or page["hostname"] or "",
        "category": (page["categories"] or [""])[0],
        "published": parse_published(page["date"]) if page["date"] else None,
    }
    result = article_from_record(record, source, origin=name)
    yield Reject(name, 0, result, record) if isinstance(result, str) else result
