"""A saved article page: trafilatura finds its main text, title, date and URL.

trafilatura tells the article from the navigation, ads and footer around it
and reads the date from the page's metadata (htmldate); the encoding is taken
from the page itself. The id is the file name, as for plain-text files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from index.dates import parse_published
from index.encoding import nfkc
from index.ingest import Article, Reject, article_from_record
from index.readers.textfile import read_file_bytes

MAX_HTML_BYTES = 10_000_000
DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True}


def read_html(path: Path, source: str = "") -> Iterator[Article | Reject]:
    """The one article of a saved HTML page, or why it is rejected."""
    import trafilatura  # a second to import: only for those who read HTML

    name = str(path)
    data = read_file_bytes(path, MAX_HTML_BYTES)
    if isinstance(data, str):
        yield Reject(name, 0, data)
        return
    page = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, date_extraction_params=DATE_PARAMS
    )
    if page is None or not (page.text or "").strip():
        yield Reject(name, 0, "no article text found in the page")
        return
    title = nfkc(page.title or "").strip()
    paragraphs = [p.strip() for p in nfkc(page.text).splitlines() if p.strip()]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    record = {
        "id": nfkc(path.stem),
        "title": title,
        "body": "\n\n".join(paragraphs),
        "url": page.url or "",
        "source": source or page.hostname or "",
        "category": (page.categories or [""])[0],
        "published": parse_published(page.date) if page.date else None,
    }
    result = article_from_record(record, source, origin=name)
    yield Reject(name, 0, result, record) if isinstance(result, str) else result
