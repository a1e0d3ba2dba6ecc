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
# Each byte of UTF-8 text as a word reads it: ASCII letters lower-cased, digits
# and "_" kept (``\w`` in ASCII), every other ASCII byte a space; the bytes of
# other characters kept, for ``_WORDS`` to read.
_ASCII_WORDS = bytes(
    (b + 32 if 65 <= b <= 90 else b if b >= 128 or chr(b).isalnum() or b == 95 else 32)
    for b in range(256)
)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


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
    return _digest(b" ".join(folded_words(f"{title}\n{body}")))


def folded_words(text: str) -> list[bytes]:
    """``_WORDS.findall(text.casefold())``, each word in UTF-8.

    Most of a news text is ASCII, which one byte table splits into words at C
    speed; only the pieces between ASCII separators that hold other characters
    go through the pattern (casefold, like the pattern, takes one character at a time).
    Half the time of the pattern over the whole text, where it cost 8% of a build.
    """
    pieces = text.encode("utf-8", "surrogatepass").translate(_ASCII_WORDS).split()
    if text.isascii():
        return pieces
    found = []
    for piece in pieces:
        if piece.isascii():
            found.append(piece)
        else:
            folded = piece.decode("utf-8", "surrogatepass").casefold()
            found += [word.encode("utf-8", "surrogatepass") for word in _WORDS.findall(folded)]
    return found


def url_id(url: str) -> str:
    """The id of an article known only by its URL."""
    return "url-" + _digest(canonical_url(url).encode("utf-8"))


def content_id(title: str, body: str) -> str:
    """The id of an article with neither id nor URL."""
    return "txt-" + text_key(title, body)


# The column's value for a document without one (Whoosh's default for an unsigned
# 64-bit column): no key is ever equal to it.
NO_URL_KEY = 2**64 - 1


def url_key(url: str) -> int:
    """A 64-bit hash of ``url`` as given (not canonical: an update's same-URL check
    compares the URL as stored), never :data:`NO_URL_KEY`. Two URLs may share one; the
    check compares the stored URLs of the documents found."""
    digest = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest) % NO_URL_KEY
