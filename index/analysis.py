"""The Indonesian analyzer, defined once and used for indexing and querying alike.

Whoosh pickles the analyzer into the index's schema, so every piece here must
pickle: the stop words are a frozenset and the stemmer is Whoosh's
``PyStemmerFilter``, which drops and rebuilds its PyStemmer object on pickling.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from whoosh.analysis import Analyzer, LowercaseFilter, PyStemmerFilter, RegexTokenizer, StopFilter

DATA_DIR = Path(__file__).parent / "data"
STOPWORDS_FILE = DATA_DIR / "stopwords-id.txt"

# A decimal number with its separators (17,5 or 1.000.000), else a word with
# hyphenated parts kept together (anak-anak, kupu-kupu, covid-19). A comma
# between letters is a scraping artifact, never part of a token.
TOKEN_PATTERN = r"\d+(?:[.,]\d+)+|\w+(?:-\w+)*"

STEMMER_CACHE_SIZE = 50_000


@cache
def _snowball():
    import Stemmer

    return Stemmer.Stemmer("indonesian")


@lru_cache(maxsize=STEMMER_CACHE_SIZE)
def snowball_stem(word: str) -> str:
    """Plain Snowball ``indonesian`` (PyStemmer): the stage under our exceptions."""
    return _snowball().stemWord(word)


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


def indonesian_analyzer() -> Analyzer:
    """The product's analyzer for title and body."""
    return snowball_analyzer()


def analyze(text: str, analyzer: Analyzer | None = None) -> list[str]:
    """The index terms ``text`` becomes: what tests and tools compare against."""
    return [t.text for t in (analyzer or indonesian_analyzer())(text)]
