"""The Snowball stage of the analyzer reproduces the Snowball project's gold output exactly."""

import gzip
from pathlib import Path

import pytest

from index.analysis import snowball_stem

GOLD = Path(__file__).parents[1] / "data" / "snowball-indonesian-voc-output.tsv.gz"


@pytest.mark.slow
def test_snowball_indonesian_reproduces_every_gold_word():
    with gzip.open(GOLD, "rt", encoding="utf-8") as lines:
        pairs = [line.rstrip("\n").split("\t") for line in lines]
    assert len(pairs) == 64586
    wrong = [(word, expected, snowball_stem(word)) for word, expected in pairs]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert wrong == []
