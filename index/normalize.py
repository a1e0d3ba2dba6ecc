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
# The same where there are only spaces: a literal start, which ``re`` finds in C.
_SPACES_ONLY = re.compile(r"  +")


def clean_body(text: str) -> str:
    """Article text with paragraphs separated by a blank line, artifacts removed."""
    text = _LEADING_DASH.sub("", text.strip())
    text = _PARAGRAPH_COMMAS.sub("\n\n", text)
    if ",," in text:  # else _COMMA_RUN has nothing to do
        text = _COMMA_RUN.sub(" ", text)
    text = _GLUED_COMMA.sub(" ", text)
    if "\t" in text or "\u00a0" in text:
        text = _SPACES.sub(" ", text)
    elif "  " in text:
        text = _SPACES_ONLY.sub(" ", text)
    return blank_lines(text).strip(" ,\n")


def blank_lines(text: str) -> str:
    """Every run of white space holding a line break made one blank line.

    Split at the breaks in C: a pattern for such runs starts at any space,
    and ``re`` tried it at each of them.
    """
    if "\n" not in text:
        return text
    first, *middle, last = text.split("\n")
    return "\n\n".join([first.rstrip(), *filter(None, map(str.strip, middle)), last.lstrip()])


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
