"""TREC-style qrels and runs, and the measures the harness reports."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

Qrels = dict[str, dict[str, int]]  # qid -> docid -> grade (0 = judged not relevant)


def read_qrels(path: Path) -> Qrels:
    """``qid 0 docid grade`` lines (TREC qrels)."""
    qrels: Qrels = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        qid, _, docid, grade = line.split()
        qrels.setdefault(qid, {})[docid] = int(grade)
    return qrels


def write_qrels(path: Path, qrels: Mapping[str, Mapping[str, int]]) -> None:
    lines = [
        f"{qid} 0 {docid} {grade}" for qid, docs in qrels.items() for docid, grade in docs.items()
    ]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_queries(path: Path) -> dict[str, str]:
    """``qid<TAB>query text`` lines."""
    queries = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            qid, text = line.split("\t", 1)
            queries[qid] = text
    return queries


def reciprocal_rank(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    for rank, docid in enumerate(ranking[:k], start=1):
        if judged.get(docid, 0) > 0:
            return 1.0 / rank
    return 0.0


def ndcg(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """nDCG@k with gains ``2**grade - 1`` and the usual log2 discount."""
    gains = [2 ** judged.get(docid, 0) - 1 for docid in ranking[:k]]
    ideal = sorted((2**g - 1 for g in judged.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    if idcg == 0:
        return 0.0
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains)) / idcg


def recall(ranking: Sequence[str], judged: Mapping[str, int], k: int) -> float:
    relevant = {d for d, g in judged.items() if g > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranking[:k])) / len(relevant)


MEASURES = ("MRR@10", "nDCG@10", "R@10", "R@100")


def evaluate(run: Mapping[str, Sequence[str]], qrels: Qrels) -> dict[str, float]:
    """Mean of each measure over the queries that have a relevant document."""
    qids = [q for q, docs in qrels.items() if any(g > 0 for g in docs.values())]
    sums = dict.fromkeys(MEASURES, 0.0)
    for qid in qids:
        ranking, judged = run.get(qid, []), qrels[qid]
        sums["MRR@10"] += reciprocal_rank(ranking, judged)
        sums["nDCG@10"] += ndcg(ranking, judged)
        sums["R@10"] += recall(ranking, judged, 10)
        sums["R@100"] += recall(ranking, judged, 100)
    return {m: s / max(1, len(qids)) for m, s in sums.items()}


def table(rows: Iterable[tuple[str, dict[str, float]]], title: str) -> str:
    """A Markdown table: one row per configuration, one column per measure."""
    out = [f"{title}", "", "| configuration | " + " | ".join(MEASURES) + " |"]
    out.append("|---|" + "---:|" * len(MEASURES))
    for name, scores in rows:
        out.append(f"| {name} | " + " | ".join(f"{scores[m]:.4f}" for m in MEASURES) + " |")
    return "\n".join(out)
