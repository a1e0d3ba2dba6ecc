"""Stand-ins for trafilatura, run in the extracting child process.

Used by tests/index/test_html_limits.py."""

import time

from index.readers.extraction import extract_page


def slow_when_asked(data: bytes):
    """trafilatura's answer, except for a page that says ``lambat``: that one never ends."""
    if b"lambat" in data:
        time.sleep(3600)
    return extract_page(data)


def broken(data: bytes):
    raise ValueError("halaman rusak")
