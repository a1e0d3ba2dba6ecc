"""The side-by-side table of ``bench.native`` reports, as Markdown.

    .venv/bin/python -m bench.native.table REPORT [REPORT ...]

One report gives one table; several (a 1× run and a 10× run) are put side by
side by scale, each column from its own run.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROWS = (
    ("whoosh", "plain Whoosh"),
    ("xapian", "{version}"),
    ("lucene", "{version}"),
    ("lucene-stored", "{version}, `-storePositions -storeRaw`"),
    ("tantivy", "{version}"),
    ("sqlite", "{version}"),
    ("gunicorn", "Telusur, gunicorn over HTTP"),
    ("make-run", "Telusur, `make run` (`python -m web`: gunicorn)"),
    ("werkzeug", "Telusur, Flask's development server (`make run` before)"),
    ("empty", "an empty gunicorn endpoint"),
)


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def _scale(name: str) -> str:
    return name.replace("x", "×")


def table(report: dict, rows: tuple[tuple[str, str], ...] = ROWS) -> str:
    scales = list(report["scales"])
    last = _scale(scales[-1])
    head = [
        "engine",
        f"build {' / '.join(map(_scale, scales))} (s)",
        f"index {last} (MB)",
        *(f"query p50 / p99 {_scale(s)} (ms)" for s in scales),
        f"agree@10 {last}",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label in rows:
        cells = [by_scale["engines"].get(key, {}) for by_scale in report["scales"].values()]
        if not any(cells):
            continue
        version = next((c["version"] for c in cells if "version" in c), key)
        name = label.format(version=version)
        notes = {c["missing"]: s for s, c in zip(scales, cells, strict=True) if "missing" in c}
        if len(notes) == 1 and all("missing" in c for c in cells):
            lines.append(f"| {name}: not run, {next(iter(notes))} |" + " – |" * (len(head) - 1))
            continue
        name += "".join(f" ({_scale(s)}: {why})" for why, s in notes.items())
        builds = [c.get("build", {}).get("seconds") for c in cells]
        queries = [c.get("query", {}) for c in cells]
        row = [
            name,
            " / ".join(_number(b) for b in builds) if any(builds) else "–",
            _number(cells[-1].get("build", {}).get("index_mb")),
            *(f"{_number(q.get('p50'))} / {_number(q.get('p99'))}" if q else "–" for q in queries),
            str(cells[-1].get("agree_at_10_with_lucene", "–")),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def merged(reports: list[dict]) -> dict:
    """Several reports as one, by scale (a later report's scale replaces an earlier one's)."""
    out: dict = {"scales": {}}
    for report in reports:
        out["scales"].update(report["scales"])
    out["scales"] = dict(sorted(out["scales"].items(), key=lambda item: int(item[0][:-1])))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.native.table", description=__doc__)
    p.add_argument("reports", type=Path, nargs="+")
    args = p.parse_args(argv)
    reports = [json.loads(path.read_text(encoding="utf-8")) for path in args.reports]
    print(table(merged(reports)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
