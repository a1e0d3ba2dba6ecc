"""The Indonesian analyzer, defined once and used for indexing and querying alike.

Every word is indexed, stop words included: a reader who types ``tahun baru``,
``ibu negara`` or ``"ibu kota baru"`` means each word, and a quoted phrase must
match its very words. How much a very common word counts is decided at query
time (``search/language/matching.py``). The stop-word list serves that, and the plain
baseline the relevance harness compares against (:func:`snowball_analyzer`).

Whoosh pickles the analyzer into the index's schema, so every piece here must
pickle: the stop words are a frozenset, :class:`IndonesianStemFilter` holds no
state (its dictionaries load once per process, see ``index/stemming.py``) and
the baseline's ``PyStemmerFilter`` drops and rebuilds its PyStemmer object.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    PyStemmerFilter,
    RegexTokenizer,
    StopFilter,
)

from index.stemming import snowball_stem, stem

__all__ = [
    "analyze",
    "indonesian_analyzer",
    "snowball_analyzer",
    "snowball_stem",
    "stopwords",
    "surface_analyzer",
    "surface_words",
]

DATA_DIR = Path(__file__).parent / "data"
STOPWORDS_FILE = DATA_DIR / "stopwords-id.txt"

# A decimal number with its separators (17,5 or 1.000.000), else a word with
# hyphenated parts kept together (anak-anak, kupu-kupu, covid-19). A comma
# between letters is a scraping artifact, never part of a token.
TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|\w+(?:-\w+)*"

STEMMER_CACHE_SIZE = 50_000


@cache
def stopwords() -> frozenset[str]:
    """The Indonesian stop words bundled in ``data/stopwords-id.txt``."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def snowball_analyzer() -> Analyzer:
    """Tokenize, lowercase, drop stop words, stem with plain Snowball ``indonesian``.

    The relevance baseline that the product's analyzer is measured against.
    """
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=stopwords(), minsize=1)
        | PyStemmerFilter("indonesian", cachesize=STEMMER_CACHE_SIZE)
    )


class IndonesianStemFilter(Filter):
    """Snowball ``indonesian`` behind the exceptions of :func:`index.stemming.stem`
    (a token a filter before it stopped is left as it is)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


def indonesian_analyzer() -> Analyzer:
    """The product's analyzer for title and body: tokenize, lowercase, stem (every word kept)."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | IndonesianStemFilter()


def surface_analyzer() -> Analyzer:
    """The words as written (lower-cased, every word kept): for exact matches and phrases."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter()


_TOKENS = re.compile(TOKEN_PATTERN)


def surface_words(text: str) -> list[str]:
    """What :func:`surface_analyzer` gives for ``text``, as plain strings.

    The index writer analyses every article through this (and :func:`stem`
    for the stemmed fields): the same tokens at a small part of the cost of
    Whoosh's token objects passing through a chain of generators.
    """
    return list(map(str.lower, _TOKENS.findall(text)))


def analyze(text: str, analyzer: Analyzer | None = None) -> list[str]:
    """The index terms ``text`` becomes: what tests and tools compare against."""
    return [t.text for t in (analyzer or indonesian_analyzer())(text)]
