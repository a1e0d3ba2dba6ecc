""" "Did you mean": the query with its unknown words replaced by the index's closest words.

Only the words a person typed change; the rest of the text (quotes, ``-``,
fields, dates, operators) stays as written, so the suggestion is a query that
can be searched as it is.

A request's correction is bounded whatever it holds: only the first
``MAX_CORRECTED`` words that need one are looked up in the vocabulary (each
word's candidates are kept per vocabulary, ``search/state/vocabulary.py``), each has
at most ``MAX_OPTIONS`` options to count, and once ``BUDGET_SECONDS`` are spent
the words not yet reached stay as typed. A long query of misspellings would
otherwise cost a pass over the vocabulary for every word and a count of the
whole query for every option (words² × options).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from whoosh.analysis import Analyzer

from search.language import syntax
from search.state.vocabulary import Vocabulary

# Over stems, a word whose stem is in this many articles is taken as right.
KNOWN_STEM = 3
# Over words as written, a word in this many articles is taken as right: a typo is
# seldom repeated that often, and a known word has frequent neighbours a couple of
# edits away (``gempa``, 126 articles of the bundled corpus, and ``semua``).
KNOWN_WELL = 20
# Words looked up and options counted in one request, and the time they may take.
MAX_CORRECTED = 3
MAX_OPTIONS = 3
BUDGET_SECONDS = 0.25
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _needs_correction(word: str, vocabulary: Vocabulary, analyzer: Analyzer) -> bool:
    """Whether ``word`` (lower-cased) is looked up: not a word (over stems, a stem)
    the index knows well."""
    stems = [t.text for t in analyzer(word)]
    if not stems:
        return False
    if not vocabulary.stemmed:
        return vocabulary.frequency(word) < KNOWN_WELL
    return len(stems) == 1 and vocabulary.frequency(stems[0]) < KNOWN_STEM


def did_you_mean(
    text: str,
    vocabulary: Vocabulary,
    analyzer: Analyzer,
    count: Callable[[str], int] | None = None,
) -> str | None:
    """``text`` with its unknown or rare words corrected, or None when nothing changed.

    With ``count`` (how many articles a query finds), each word's correction
    is the one that finds the most together with the rest of the query, so
    ``gempa malku`` becomes ``gempa maluku`` rather than ``gempa malu``.
    A word the index knows well (``KNOWN_WELL``) is never changed. Bounded as the
    module says: the ``MAX_CORRECTED`` rarest words that need a correction (the
    first of equals), within ``BUDGET_SECONDS``.
    """
    deadline = time.monotonic() + BUDGET_SECONDS
    parsed = syntax.parse_query(text)
    asked = dict.fromkeys(
        w.lower() for phrase in syntax.words_of(parsed.node) for w in _TOKEN.findall(phrase)
    )
    wanted = [w for w in asked if _needs_correction(w, vocabulary, analyzer)]
    # The rarest first: the likeliest typos, each counted with the others as typed.
    wanted = sorted(wanted, key=vocabulary.frequency)[:MAX_CORRECTED]
    current = text
    for word in wanted:
        if time.monotonic() > deadline:
            break
        options = vocabulary.candidates(word)[:MAX_OPTIONS]
        if not options:
            continue
        best = options[0]
        # A word the index knows gives way only to an option that finds more.
        known = count is not None and vocabulary.frequency(word) > 0
        if count is not None and (known or len(options) > 1):
            best, found = (word, count(current)) if known else (best, -1)
            for option in options:
                if time.monotonic() > deadline:
                    break
                n = count(_replace(current, word, option))
                if n > found:
                    best, found = option, n
        current = _replace(current, word, best)
    return None if current == text else current


def _replace(text: str, word: str, replacement: str) -> str:
    return _TOKEN.sub(
        lambda m: _keep_case(m[0], replacement) if m[0].lower() == word else m[0], text
    )


def _keep_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement.capitalize()
    return replacement
