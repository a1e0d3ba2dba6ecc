"""A smoke run of the worst-case benchmark on the fixture corpus: it runs end to end and
reports each part, before and after its bound (the figures of a tiny corpus mean nothing)."""

from __future__ import annotations

import json

from bench import worst_case
from search.language import query
from search.presentation import spelling
from tests.conftest import ARTICLES


def test_worst_case_reports_every_part_and_restores_the_bounds(tmp_path):
    out = tmp_path / "worst-case.json"
    argv = ["--source", str(ARTICLES), "--work", str(tmp_path), "--repeat", "1", "--out", str(out)]
    assert worst_case.main(argv) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert list(report) == [
        "index",
        "articles",
        "repeat",
        "did_you_mean",
        "relaxed",
        "facets",
        "related",
        "suggest",
        "after_update",
        "first_searches_after_update",
    ]
    assert report["articles"] == 13
    assert report["did_you_mean"]["chars"] <= 500
    assert report["relaxed"]["words"] > 2
    assert report["facets"]["matches"] == 13
    assert list(report["suggest"]) == ["yang ma", "banjir ma"]
    assert report["after_update"]["terms"] > 0
    for part in ("did_you_mean", "relaxed", "related", "first_searches_after_update"):
        assert {"before_s", "after_s"} <= set(report[part])
    # The bounds lifted for the "before" runs are back in place.
    assert spelling.MAX_CORRECTED == 3 and spelling.BUDGET_SECONDS == 0.25
    assert query.MAX_RELAXED_PARTS == 32
