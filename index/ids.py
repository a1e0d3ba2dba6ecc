"""Stable article ids, and the keys that tell two copies of one article apart.

An article keeps the id its source gives it. Without one, the id is derived
from its URL, else from its text, so that importing the same file again gives
the same ids and replaces rather than duplicates.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that track a visit, not name a page.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|ref|page)$", re.IGNORECASE)
_WORDS = re.compile(r"\w+")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def canonical_url(url: str) -> str:
    """One spelling per page: scheme and host lower-cased, ``www.``, fragment,
    tracking parameters and a trailing slash dropped; ``http`` and ``https`` alike."""
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
    except ValueError:  # not a URL at all ("http://[::1"): compared as written
        return url
    host = parts.netloc.rpartition("@")[2].lower().removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    return urlunsplit(("", host, parts.path.rstrip("/"), query, "")).removeprefix("//")


def text_key(title: str, body: str) -> str:
    """A digest of an article's words, blind to case, spacing and punctuation."""
    words = _WORDS.findall(f"{title}\n{body}".casefold())
    return _digest(" ".join(words))


def url_id(url: str) -> str:
    """The id of an article known only by its URL."""
    return "url-" + _digest(canonical_url(url))


def content_id(title: str, body: str) -> str:
    """The id of an article with neither id nor URL."""
    return "txt-" + text_key(title, body)
