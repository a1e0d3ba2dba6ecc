"""Query-time expansion: abbreviations and synonyms of Indonesian news.

The groups live in ``data/synonyms-id.txt`` (documented there). A query word,
or a run of consecutive query words, equal to one expression of a group also
matches every other expression of it: ``menhan`` finds "Menteri Pertahanan",
``joko widodo`` finds "Jokowi". Expansion happens at query time only, so the
file can change without rebuilding the index; ``SearchRequest.expand=False``
switches it off. What an expression found this way weighs against the words
typed is the ranking's choice (``Ranking.expansion_weight``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms-id.txt"


def normalize(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class Synonyms:
    """Each expression, normalised, and the other expressions of its group."""

    others: dict[str, tuple[str, ...]]
    longest: int = 0  # words in the longest expression

    def __call__(self, text: str) -> tuple[str, ...]:
        """What ``text`` (one word, or words joined by spaces) expands to; () when nothing."""
        return self.others.get(normalize(text), ())

    def run_length(self, words: Sequence[str]) -> int:
        """How many of ``words``, from the first, form the longest expression of 2+ words."""
        for n in range(min(len(words), self.longest), 1, -1):
            if normalize(" ".join(words[:n])) in self.others:
                return n
        return 0

    @classmethod
    def parse(cls, text: str) -> Synonyms:
        others: dict[str, tuple[str, ...]] = {}
        for line in text.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            group = [normalize(part) for part in line.split("|") if part.strip()]
            for expression in group:
                extra = tuple(e for e in group if e != expression)
                known = others.get(expression, ())
                others[expression] = known + tuple(e for e in extra if e not in known)
        return cls(others, max((len(key.split()) for key in others), default=0))


@cache
def synonyms() -> Synonyms:
    """The bundled groups, read once per process."""
    return Synonyms.parse(SYNONYMS_FILE.read_text(encoding="utf-8"))
