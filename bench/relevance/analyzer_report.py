"""Analyzer report: Snowball gold reproduced, and how often word forms meet their lemma.

    python -m bench.relevance.analyzer_report [--gold-dir ../shared/gold/stemmer]

For each analyzer (the plain-Snowball baseline and the product's): the share of
UniMorph form/lemma pairs, and of Sastrawi's word/root test pairs, where form and
lemma end up as the very same single index term. Pairs where either side is a
stop word (no term at all) are counted as not conflated. The Snowball stage
itself must reproduce the Snowball project's expected output for every word.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from bench.relevance.configs import ANALYZERS
from index.analysis import analyze
from index.stemming import snowball_stem

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = ROOT.parent / "shared" / "gold" / "stemmer"


def read_pairs(path: Path, form: str, lemma: str) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(row[form], row[lemma]) for row in rows]


def conflated(pairs: list[tuple[str, str]], analyzer) -> float:
    same = 0
    for form, lemma in pairs:
        terms = analyze(form, analyzer)
        same += len(terms) == 1 and terms == analyze(lemma, analyzer)
    return same / len(pairs)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.relevance.analyzer_report")
    p.add_argument("--gold-dir", type=Path, default=DEFAULT_GOLD)
    args = p.parse_args(argv)
    gold = args.gold_dir
    snowball = [
        line.rstrip("\n").split("\t")
        for line in (gold / "snowball-indonesian-voc-output.tsv").open(encoding="utf-8")
    ]
    wrong = sum(snowball_stem(word) != expected for word, expected in snowball)
    print(f"Snowball gold: {len(snowball) - wrong}/{len(snowball)} words reproduced exactly")
    print()
    sets = {
        "UniMorph form → lemma": read_pairs(gold / "unimorph-ind-form-lemma.tsv", "form", "lemma"),
        "Sastrawi word → root": read_pairs(
            gold / "sastrawi-test-pairs.tsv", "word", "expected_stem"
        ),
    }
    names = list(ANALYZERS)
    print("| pairs conflated | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for title, pairs in sets.items():
        shares = [conflated(pairs, ANALYZERS[name]()) for name in names]
        print(f"| {title} ({len(pairs)}) | " + " | ".join(f"{s:.1%}" for s in shares) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
