"""Snippets: the fragments of an article's body around the words that matched."""

from __future__ import annotations

from html import escape

from whoosh import highlight

SNIPPET_CHARS = 240
FRAGMENTS = 2


def formatter() -> highlight.Formatter:
    """Escapes the article's text; only the ``<mark>`` around matches is markup."""
    return highlight.HtmlFormatter(tagname="mark", classname="hl", between=" … ")


def fragmenter() -> highlight.Fragmenter:
    return highlight.ContextFragmenter(maxchars=SNIPPET_CHARS // FRAGMENTS, surround=50)


def lead(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of ``text``, escaped, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return escape(text, quote=False)
    cut = text.rfind(" ", 0, limit)
    return escape(text[: cut if cut > 0 else limit], quote=False) + " …"


def snippet(hit) -> str:
    """Highlighted fragments of the hit's body, else the body's lead."""
    fragments = " ".join(hit.highlights("body", top=FRAGMENTS).split())
    return fragments or lead(hit.get("body", ""))
