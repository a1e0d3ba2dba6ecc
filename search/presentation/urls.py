"""Article links we are willing to show: http and https only.

An article's ``url`` comes from scraped data; ``javascript:``, ``data:`` and
other schemes would run or load content on a click, so they are dropped (an
empty url: the page shows the title without a link).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x1f\s]")  # \s: what str.isspace() calls space


# Results show the same articles again and again: each link is checked once (the last ones).
@functools.lru_cache(maxsize=8192)
def http_url(url: str) -> str:
    """``url`` if it is an absolute http(s) link with a host, else ``""``."""
    url = (url or "").strip()
    if _CONTROL_OR_SPACE.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else ""
