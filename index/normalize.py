"""Cleaning what scraping left in article text and metadata."""

from __future__ import annotations

import re

_LEADING_DASH = re.compile(r"^\s*[-–—]\s+")
_SENTENCE_ENDS = frozenset(".!?")
_QUOTES = frozenset("\"”’'")
# What follows a run of commas that stands for a paragraph break: a capital or an opening quote.
_OPENINGS = frozenset('ABCDEFGHIJKLMNOPQRSTUVWXYZ"“')
# Each pattern below starts with one character class, so that ``re`` skips in C
# to the characters a match can start with; the plainer forms, which try every
# position, made cleaning most of the cost of reading an article. They match
# what the forms in tests/index/test_normalize.py (READABLE) match, string for string.
#
# A run of commas elsewhere, or one comma glued between two letters, is where
# a link or an embed was cut out of the text. After its first character, the
# comma-run pattern first checks that a comma is that character or comes after
# nothing but spaces: an ordinary space before a word then fails at once.
_COMMA_RUN = re.compile(r"[\s,](?=\s*,)(?:(?<=,),+\s*|(?<=\s)\s*,{2,}\s*)")
_GLUED_COMMA = re.compile(r",(?<=[^\W\d_],)(?=[^\W\d_])")
# Runs of spaces and tabs; a single space, already what it becomes, is skipped.
_SPACES = re.compile(r"[ \t\u00a0](?:(?<= )[ \t\u00a0]+|(?<=[\t\u00a0])[ \t\u00a0]*)")
# The same where there are only spaces: a literal start, which ``re`` finds in C.
_SPACES_ONLY = re.compile(r"  +")
# Invisible characters that mark nothing a reader sees in running text but split a
# word for the tokenizer ("Sep\u00adtember"): the soft hyphen, the left-to-right and
# right-to-left marks, a byte-order mark inside the text.
INVISIBLE = "\u00ad\u200e\u200f\ufeff"
_WITHOUT_INVISIBLE = str.maketrans("", "", INVISIBLE)


def without_invisible(text: str) -> str:
    """``text`` without the characters of :data:`INVISIBLE`."""
    if text.isascii() or not any(ch in text for ch in INVISIBLE):
        return text
    return text.translate(_WITHOUT_INVISIBLE)


def clean_body(text: str) -> str:
    """Article text with paragraphs separated by a blank line, artifacts removed."""
    text = paragraph_breaks(_LEADING_DASH.sub("", without_invisible(text).strip()))
    if ",," in text:  # else _COMMA_RUN has nothing to do
        text = _COMMA_RUN.sub(" ", text)
    text = _GLUED_COMMA.sub(" ", text)
    if "\t" in text or "\u00a0" in text:
        text = _SPACES.sub(" ", text)
    elif "  " in text:
        text = _SPACES_ONLY.sub(" ", text)
    return blank_lines(text).strip(" ,\n")


def paragraph_breaks(text: str) -> str:
    """Commas that stand where paragraph breaks were made breaks, with the white space
    around them: commas right after the end of a sentence (or of a quoted one),
    or a run of commas before a capital or an opening quote.

    The text is split at commas in C and each run of commas is looked at once,
    where a pattern for them (``PARAGRAPH_COMMAS`` in tests/index/test_normalize.py,
    whose replacement this matches string for string) was tried at every space:
    half the time of cleaning an article.
    """
    pieces = text.split(",")
    count = len(pieces)
    out = [pieces[0]]
    start = 1
    while start < count:
        # A run of commas: one before pieces[start], one more for each empty piece.
        end = start
        while end < count - 1 and not pieces[end]:
            end += 1
        before, after = pieces[start - 1].rstrip(), pieces[end]
        previous = "," if start > 1 else ""  # what stands before ``before``
        last, second = (before[-1:], before[-2:-1] or previous) if before else (previous, "")
        opening = after.lstrip()
        if (
            last in _SENTENCE_ENDS
            or (last in _QUOTES and second in _SENTENCE_ENDS)
            or (end > start and opening[:1] in _OPENINGS)
        ):
            out[-1] = out[-1].rstrip()
            out += ("\n\n", opening)
        else:
            out += ("," * (end - start + 1), after)
        start = end + 1
    return "".join(out)


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
    return " ".join(without_invisible(text).split())


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
