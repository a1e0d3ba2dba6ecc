"""The configurations the harness compares: an analyzer and a ranking each.

``baseline`` is plain Snowball stemming with the original ranking (title ×2);
``product`` is whatever the product ships by default. Variants between them
isolate one change each, so every step's effect can be read off one table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from whoosh.analysis import Analyzer

from index import analysis
from search.ranking import DEFAULT_RANKING, Ranking


@dataclass(frozen=True)
class Config:
    name: str
    analyzer: str  # a factory in index.analysis, see ANALYZERS
    ranking: Ranking = field(default_factory=Ranking)
    note: str = ""


ANALYZERS: dict[str, Callable[[], Analyzer]] = {
    "snowball": analysis.snowball_analyzer,
    "product": analysis.indonesian_analyzer,
}

BASELINE_RANKING = Ranking(field_boosts={"title": 2.0, "body": 1.0}, expand=False)


def _ranking(expand: bool = False, **boosts: float) -> Ranking:
    return Ranking(field_boosts=boosts, expand=expand)


CONFIGS = {
    c.name: c
    for c in [
        Config("baseline", "snowball", BASELINE_RANKING, "plain Snowball, title x2, BM25F"),
        Config("stemmer", "product", BASELINE_RANKING, "exceptions layer over Snowball"),
        Config("exact0.5", "product", _ranking(title=2, body=1, exact=0.5), "+ surface forms"),
        Config("exact1", "product", _ranking(title=2, body=1, exact=1), "+ surface forms"),
        Config("title3", "product", _ranking(title=3, body=1, exact=0.5), "title x3"),
        Config("title1.5", "product", _ranking(title=1.5, body=1, exact=0.5), "title x1.5"),
        Config("synonyms", "product", _ranking(True, title=2, body=1, exact=0.5), "+ synonyms"),
        Config("product", "product", DEFAULT_RANKING, "the product's defaults"),
    ]
}


def body_only(config: Config) -> Config:
    """The same configuration searching the body alone (the harder known-item set)."""
    boosts = {f: w for f, w in config.ranking.field_boosts.items() if f != "title"}
    ranking = Ranking(**{**config.ranking.__dict__, "field_boosts": boosts})
    return Config(config.name, config.analyzer, ranking, config.note)
