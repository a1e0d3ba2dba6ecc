"""The side-by-side table of a ``bench.native`` report, as Markdown."""

from __future__ import annotations

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


def table(report: dict, rows: tuple[tuple[str, str], ...] = ROWS) -> str:
    scales = list(report["scales"])
    last = scales[-1]
    head = [
        "engine",
        f"build {' / '.join(s.replace('x', '×') for s in scales)} (s)",
        f"index {last.replace('x', '×')} (MB)",
        *(f"query p50 / p99 {s.replace('x', '×')} (ms)" for s in scales),
        f"agree@10 {last.replace('x', '×')}",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label in rows:
        cells = [by_scale["engines"].get(key, {}) for by_scale in report["scales"].values()]
        missing = next((c["missing"] for c in cells if "missing" in c), None)
        if missing:
            lines.append(f"| {label} | not run: {missing} |" + " |" * (len(head) - 2))
            continue
        if not any(cells):
            continue
        version = next((c["version"] for c in cells if "version" in c), key)
        name = label.format(version=version)
        builds = [c.get("build", {}).get("seconds") for c in cells]
        size = cells[-1].get("build", {}).get("index_mb")
        queries = [c.get("query", {}) for c in cells]
        row = [
            name,
            " / ".join(_number(b) for b in builds) if any(builds) else "–",
            _number(size),
            *(f"{_number(q.get('p50'))} / {_number(q.get('p99'))}" if q else "–" for q in queries),
            str(cells[-1].get("agree_at_10_with_lucene", "–")),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
