"""Derive the stemmer's corpus data from a news collection (the bundled one by default).

    python -m bench.relevance.make_lexicon [--collection FILE ...]

Writes two files into ``index/data/``, both general facts about Indonesian news
rather than about any query or gold list:

- ``names-id.txt``: words written capitalised in at least 90% of their 5 or more
  occurrences away from a sentence's start, outside the root-word dictionary,
  that the stemmer would change and that no prefix explains (``megawati``,
  ``jokowi``, ``setiawan``): proper names, never to be stemmed.
- ``root-frequency.tsv``: how often each dictionary root occurs as a word, used
  only to choose between two readings of a suffix (``pasuk+an`` or ``pasu+kan``,
  ``beri+kan`` or ``berik+an``): the more frequent root wins.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from index import stemming
from index.ingest import BUNDLED_CORPUS, Article, read_sources

WORD = re.compile(r"[^\W\d_]+")
SENTENCE_END = re.compile(r"[.!?\"“”:;]\s*$")
MIN_COUNT = 5
MIN_CAPITALISED = 0.9


def count_words(paths: list[Path]) -> tuple[Counter, Counter]:
    """Occurrences of each lower-cased word, and how many of them were capitalised."""
    total, capitalised = Counter(), Counter()
    for article in read_sources(paths):
        if not isinstance(article, Article):
            continue
        for text in (article.title, article.body):
            for m in WORD.finditer(text):
                word = m.group().lower()
                total[word] += 1
                before = text[max(0, m.start() - 3) : m.start()]
                if m.start() == 0 or SENTENCE_END.search(before) or "\n" in before:
                    continue  # a sentence's first word is capitalised anyway
                capitalised[word] += m.group()[0].isupper()
                capitalised[word, "seen"] += 1
    return total, capitalised


def proper_names(total: Counter, capitalised: Counter) -> list[str]:
    roots = stemming.roots()
    found = []
    for word, count in total.items():
        seen = capitalised[word, "seen"]
        if count < MIN_COUNT or seen < MIN_COUNT or word in roots or not word.isascii():
            continue
        if capitalised[word] / seen < MIN_CAPITALISED:
            continue
        if stemming.stem(word) != word and next(stemming.prefixed_roots(word), None) is None:
            found.append(word)
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.make_lexicon")
    p.add_argument("--collection", type=Path, nargs="+", default=[BUNDLED_CORPUS])
    args = p.parse_args(argv)
    total, capitalised = count_words(args.collection)
    roots = stemming.roots()
    freq = sorted((w, n) for w, n in total.items() if w in roots)
    lines = [f"{w}\t{n}" for w, n in freq]
    stemming.FREQUENCY_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Judge every word by what the stemmer does without the names list.
    stemming.names = frozenset
    stemming.root_frequency.cache_clear()
    stemming.stem.cache_clear()
    names = proper_names(total, capitalised)
    header = "# Proper names never stemmed: see bench/relevance/make_lexicon.py\n"
    stemming.NAMES_FILE.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names, {len(freq)} root frequencies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
