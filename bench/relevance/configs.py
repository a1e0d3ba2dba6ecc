"""The configurations the harness compares: an analyzer and a ranking each.

``baseline`` is a plain Whoosh + PyStemmer engine: Snowball ``indonesian`` with
the same stop words, Whoosh's BM25F (k1 1.2, b 0.75), title ×2, every word
required and any word when nothing matches; ``product`` is whatever the product
ships (:data:`search.evaluation.ranking.DEFAULT_RANKING`), measured through the JSON API.
The steps between them add one change each, so every change's effect can be
read off one table; ``GRID`` and ``VARIANTS`` are the alternatives measured
against the default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from whoosh.analysis import Analyzer

from index import analysis
from search.evaluation.ranking import DEFAULT_RANKING, Ranking


@dataclass(frozen=True)
class Config:
    name: str
    analyzer: str  # a factory in index.analysis, see ANALYZERS
    ranking: Ranking = field(default_factory=Ranking)
    note: str = ""
    api: bool = False  # measured through /api/search rather than the engine


ANALYZERS: dict[str, Callable[[], Analyzer]] = {
    "snowball": analysis.snowball_analyzer,
    "product": analysis.indonesian_analyzer,
}

PLAIN = Ranking(
    field_boosts={"title": 2.0, "body": 1.0},
    k1=1.2,
    b=0.75,
    recency=0,
    relax=True,
    fill=0,  # any word only when no article has every word, not below a few full ones
    expand=False,
    common_weight=None,
)


def _with(base: Ranking, **changes) -> Ranking:
    return replace(base, **changes)


_EXACT = _with(PLAIN, field_boosts={"title": 2.0, "body": 1.0, "exact": 0.5})
_SYN = _with(_EXACT, expand=True)

STEPS = [
    Config("baseline", "snowball", PLAIN, "plain Whoosh + PyStemmer, title x2, all words else any"),
    Config("stemmer", "product", PLAIN, "+ the product's analysis"),
    Config("exact", "product", _EXACT, "+ surface forms (exact x0.5)"),
    Config("synonyms", "product", _SYN, "+ abbreviations/synonyms (x0.1)"),
    Config("recency", "product", _with(_SYN, recency=0.01), "+ recency 1%"),
    Config("engine", "product", DEFAULT_RANKING, "the default ranking, through the engine"),
    Config("product", "product", DEFAULT_RANKING, "the default, through /api/search", api=True),
]


def _weights(title: float, exact: float) -> dict[str, float]:
    weights = {"title": title, "body": 1.0}
    return {**weights, "exact": exact} if exact else weights


# The grid of ranking weights (title, surface forms, BM25 k1), each on top of the
# product's other choices: ``grid-t3-e1-k1.2`` is title x3, exact x1, k1 1.2.
GRID = [
    Config(
        f"grid-t{t}-e{e}-k{k}",
        "product",
        _with(DEFAULT_RANKING, field_boosts=_weights(t, e), k1=k),
    )
    for t in (2, 3, 4)
    for e in (0, 0.25, 0.5, 1)
    for k in (0.9, 1.2, 1.6)
]


def _prox(weight: float, window: int) -> Ranking:
    return _with(DEFAULT_RANKING, proximity=weight, proximity_window=window)


VARIANTS = [
    Config("syn0.5", "product", _with(DEFAULT_RANKING, expansion_weight=0.5)),
    Config("syn0.25", "product", _with(DEFAULT_RANKING, expansion_weight=0.25)),
    Config("noexpand", "product", _with(DEFAULT_RANKING, expand=False)),
    Config("b0.5", "product", _with(DEFAULT_RANKING, b=0.5)),
    Config("b0.9", "product", _with(DEFAULT_RANKING, b=0.9)),
    *(
        Config(f"prox{w}", "product", _with(DEFAULT_RANKING, proximity=w))
        for w in (0.5, 1.0, 2.0, 4.0, 8.0)
    ),
    *(Config(f"prox{w}-win{n}", "product", _prox(w, n)) for w in (1.0, 2.0, 4.0) for n in (3, 10)),
    *(
        Config(f"lead{w}-{n}", "product", _with(DEFAULT_RANKING, lead=w, lead_words=n))
        for w in (0.25, 0.5, 1.0, 2.0)
        for n in (20, 40, 80)
    ),
    *(Config(f"fill{n}", "product", _with(DEFAULT_RANKING, fill=n)) for n in (10, 100)),
    *(
        Config(f"titleb{b}", "product", _with(DEFAULT_RANKING, field_b={"title": b, "exact": b}))
        for b in (0.0, 0.3, 0.5, 0.9)
    ),
    *(
        Config(f"bodyb{b}", "product", _with(DEFAULT_RANKING, field_b={"body": b}))
        for b in (0.5, 0.6, 0.9)
    ),
    *(
        Config(f"title{t}", "product", _with(DEFAULT_RANKING, field_boosts=_weights(t, 1.0)))
        for t in (2.0, 2.5)
    ),
    *(Config(f"k1-{k}", "product", _with(DEFAULT_RANKING, k1=k)) for k in (0.7, 1.2)),
    Config("required", "product", _with(DEFAULT_RANKING, common_weight=None)),
    Config("allwords", "product", _with(DEFAULT_RANKING, all_up_to=1000)),
    Config("share0.5", "product", _with(DEFAULT_RANKING, share=0.5)),
    Config("share0", "product", _with(DEFAULT_RANKING, share=0.0)),
    Config("share0.3", "product", _with(DEFAULT_RANKING, share=0.3)),
    Config("share0.25", "product", _with(DEFAULT_RANKING, share=0.25)),
    Config("upto4", "product", _with(DEFAULT_RANKING, all_up_to=4, share=0.25)),
    Config("share0.4", "product", _with(DEFAULT_RANKING, share=0.4)),
    Config("orcoord", "product", _with(DEFAULT_RANKING, all_up_to=1, share=0.0)),
    Config("or", "product", _with(DEFAULT_RANKING, all_up_to=1, share=0.0, coordination=False)),
    Config("share0.6", "product", _with(DEFAULT_RANKING, share=0.6)),
    Config("share0.9", "product", _with(DEFAULT_RANKING, share=0.9)),
    Config("nocoord", "product", _with(DEFAULT_RANKING, coordination=False)),
    Config("common0", "product", _with(DEFAULT_RANKING, common_weight=0.0)),
    Config("common0.1", "product", _with(DEFAULT_RANKING, common_weight=0.1)),
    Config("common0.5", "product", _with(DEFAULT_RANKING, common_weight=0.5)),
    Config("pairs0", "product", _with(DEFAULT_RANKING, pair_weight=0.0)),
    Config("pairs0.5", "product", _with(DEFAULT_RANKING, pair_weight=0.5)),
    Config("pairs2", "product", _with(DEFAULT_RANKING, pair_weight=2.0)),
    Config("pairsall", "product", _with(DEFAULT_RANKING, pair_words="all")),
    Config("pairsall2", "product", _with(DEFAULT_RANKING, pair_words="all", pair_weight=2.0)),
    Config("ownidf", "product", _with(DEFAULT_RANKING, pair_idf="own")),
    Config("ownidfall", "product", _with(DEFAULT_RANKING, pair_idf="own", pair_words="all")),
]
CONFIGS = {c.name: c for c in STEPS + GRID + VARIANTS}


def body_only(config: Config) -> Config:
    """The same configuration searching the body alone (the harder known-item set)."""
    boosts = {f: w for f, w in config.ranking.field_boosts.items() if f not in ("title", "exact")}
    return replace(config, ranking=replace(config.ranking, field_boosts=boosts), api=False)


def named(name: str) -> Config:
    """A named configuration, or the default with changes written into its name:
    ``default+fill=10+lead=0.5`` (numbers, ``true``/``false``, or words)."""
    if name in CONFIGS or not name.startswith("default+"):
        return CONFIGS[name]
    changes: dict[str, object] = {}
    for part in name.split("+")[1:]:
        key, _, text = part.partition("=")
        current = getattr(DEFAULT_RANKING, key)  # AttributeError: no such option
        if isinstance(current, bool):
            changes[key] = text == "true"
        elif isinstance(current, int | float):
            changes[key] = type(current)(float(text)) if isinstance(current, float) else int(text)
        else:
            changes[key] = text
    return Config(name, "product", _with(DEFAULT_RANKING, **changes))
