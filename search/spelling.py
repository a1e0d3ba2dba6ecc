""" "Did you mean": the query with its unknown words replaced by the index's closest words.

Only the words a person typed change; the rest of the text (quotes, ``-``,
fields, dates, operators) stays as written, so the suggestion is a query that
can be searched as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh.analysis import Analyzer

from search import syntax
from search.vocabulary import Vocabulary

# Over stems, a word whose stem is in this many articles is taken as right.
KNOWN_STEM = 3
_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _options(word: str, vocabulary: Vocabulary, analyzer: Analyzer) -> list[str]:
    """Replacements for ``word``, best first; none when it is fine as it is."""
    lowered = word.lower()
    stems = [t.text for t in analyzer(lowered)]
    if not stems:
        return []  # a stop word
    if not vocabulary.stemmed:
        return vocabulary.candidates(lowered)
    if len(stems) > 1 or vocabulary.frequency(stems[0]) >= KNOWN_STEM:
        return []
    return vocabulary.candidates(lowered)


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
    """
    parsed = syntax.parse_query(text)
    asked = dict.fromkeys(
        w.lower() for phrase in syntax.words_of(parsed.node) for w in _TOKEN.findall(phrase)
    )
    current = text
    for word in asked:
        options = _options(word, vocabulary, analyzer)
        if not options:
            continue
        if count is not None and len(options) > 1:
            best = max(options, key=lambda option: count(_replace(current, word, option)))
        else:
            best = options[0]
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
