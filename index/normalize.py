"""Cleaning what scraping left in article text and metadata."""

from __future__ import annotations

import re

_LEADING_DASH = re.compile(r"^\s*[-–—]\s+")
_QUOTES = "\"”’'"
# Each pattern below starts with one character class, so that ``re`` skips in C
# to the characters a match can start with; the plainer forms, which try every
# position, made cleaning most of the cost of reading an article. They match
# what the forms in tests/test_normalize.py (READABLE) match, string for string.
#
# Commas right after the end of a sentence (or of a quoted one), or a run of
# commas before a capital, stand where paragraph breaks were.
#
# After their first character, the comma patterns first check that a comma is
# that character or comes after nothing but spaces: every match has one, and an
# ordinary space before a word then fails at once, not in each alternative.
_PARAGRAPH_COMMAS = re.compile(
    rf"[\s,](?:(?<=,)|(?=\s*,))(?:(?<=[.!?]\s)\s*,+\s*|(?<=[.!?][{_QUOTES}]\s)\s*,+\s*"
    rf"|(?<=[.!?],),*\s*|(?<=[.!?][{_QUOTES}],),*\s*"
    r"|(?<=\s)\s*,{2,}\s*(?=[A-Z\"“])|(?<=,),+\s*(?=[A-Z\"“]))"
)
# A run of commas elsewhere, or one comma glued between two letters, is where
# a link or an embed was cut out of the text.
_COMMA_RUN = re.compile(r"[\s,](?=\s*,)(?:(?<=,),+\s*|(?<=\s)\s*,{2,}\s*)")
_GLUED_COMMA = re.compile(r",(?<=[^\W\d_],)(?=[^\W\d_])")
# Runs of spaces and tabs; a single space, already what it becomes, is skipped.
_SPACES = re.compile(r"[ \t\u00a0](?:(?<= )[ \t\u00a0]+|(?<=[\t\u00a0])[ \t\u00a0]*)")
_BLANK_LINES = re.compile(r"\s(?:(?<=\n)\s*|\s*\n\s*)(?:\n\s*)*")


def clean_body(text: str) -> str:
    """Article text with paragraphs separated by a blank line, artifacts removed."""
    text = _LEADING_DASH.sub("", text.strip())
    text = _PARAGRAPH_COMMAS.sub("\n\n", text)
    text = _COMMA_RUN.sub(" ", text)
    text = _GLUED_COMMA.sub(" ", text)
    if "  " in text or "\t" in text or "\u00a0" in text:  # else _SPACES has nothing to do
        text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip(" ,\n")


def clean_title(text: str) -> str:
    """A headline on one line."""
    return " ".join(text.split())


def normalize_source(name: str) -> str:
    """One spelling per outlet: ``Kompas.com``, ``kompas.com `` → ``kompas.com``."""
    name = name.strip().lower()
    return name.removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")


def normalize_category(name: str) -> str:
    """One spelling per category: ``SELEBRITI`` and ``selebriti`` → ``Selebriti``.

    Mixed-case names (``News & Entertainment``) and short acronyms (``TV``)
    are kept; a placeholder such as ``-`` means no category.
    """
    name = " ".join(name.split())
    if not any(ch.isalnum() for ch in name):
        return ""
    if (name.isupper() and len(name) > 3) or name.islower():
        return name.title()
    return name
