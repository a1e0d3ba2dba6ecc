"""Growth: how query p99 and build time grow with the corpus, as a table and a plot.

    .venv/bin/python -m bench.growth                 # `make bench-growth`, from the latest reports
    .venv/bin/python -m bench.growth --run           # run bench.indexing and bench.search first

Reads the newest ``bench/results/search-*.json`` and ``indexing-*.json`` (or
the files given), prints a Markdown table (scale, documents, product and plain
p99, build seconds and articles/s on all cores) and draws
``docs/performance-growth.png``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PLOT = ROOT / "docs" / "performance-growth.png"


def newest(pattern: str) -> Path | None:
    found = sorted(RESULTS.glob(pattern))
    return found[-1] if found else None


def rows(search: dict, indexing: list[dict]) -> list[dict]:
    """One row per scale; Telusur's build on the most cores, from the newest report that has it
    (rows of another writer, ``bench.indexing --writers whoosh-mp``, are left out)."""
    builds = {}
    for run in (run for report in indexing for run in report.get("runs", [])):
        if run.get("writer"):
            continue
        best = builds.get(run["scale"])
        if best is None or run["procs"] >= best["procs"]:
            builds[run["scale"]] = run
    table = []
    for name, row in search.get("scales", {}).items():
        scale = int(name.rstrip("x"))
        build = builds.get(scale, {}).get("build", {})
        table.append(
            {
                "scale": scale,
                "documents": row["documents"],
                "product_p99_ms": row["product"]["p99"],
                "product_cold_p99_ms": row.get("product_cold", {}).get("p99"),
                "product_again_p99_ms": row.get("product_again", {}).get("p99"),
                "plain_p99_ms": row["plain"]["p99"],
                "build_s": build.get("seconds"),
                "build_articles_per_s": build.get("articles_per_s"),
            }
        )
    return sorted(table, key=lambda r: r["scale"])


def markdown(table: list[dict]) -> str:
    lines = [
        "| corpus | articles | product p99, first sight (ms) | not warmed (ms) "
        "| product p99, again (ms) | plain Whoosh p99 (ms) | build (s) | build articles/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in table:
        lines.append(
            f"| {r['scale']}× | {r['documents']:,} | {r['product_p99_ms']} "
            f"| {_or_dash(r['product_cold_p99_ms'])} "
            f"| {_or_dash(r['product_again_p99_ms'])} | {r['plain_p99_ms']} "
            f"| {_or_dash(r['build_s'])} | {_or_dash(r['build_articles_per_s'])} |"
        )
    return "\n".join(lines)


def _or_dash(value) -> str:
    return "—" if value is None else str(value)


def plot(table: list[dict], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    lines = [
        ("product_p99_ms", "o-", "Telusur, first sight"),
        ("product_cold_p99_ms", "o:", "Telusur, first sight, not warmed"),
        ("product_again_p99_ms", "o-", "Telusur, again (steady state)"),
        ("plain_p99_ms", "s--", "plain Whoosh (top 10)"),
    ]
    for key, style, label in lines:
        known = [r for r in table if r[key] is not None]  # older reports lack some series
        left.plot([r["documents"] for r in known], [r[key] for r in known], style, label=label)
    left.set(xscale="log", yscale="log", xlabel="articles", ylabel="query p99 (ms)")
    left.legend()
    built = [r for r in table if r["build_s"] is not None]
    right.plot([r["documents"] for r in built], [r["build_s"] for r in built], "o-")
    right.set(xscale="log", yscale="log", xlabel="articles", ylabel="full build (s, all cores)")
    for ax in (left, right):
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle("Telusur: cost as the corpus grows")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.growth", description=__doc__)
    p.add_argument("--search", type=Path, help="a bench.search report (default: the newest)")
    p.add_argument(
        "--indexing",
        type=Path,
        nargs="*",
        help="bench.indexing reports (default: all, oldest first)",
    )
    p.add_argument("--scales", type=int, nargs="+", default=[1, 10, 50])
    p.add_argument("--run", action="store_true", help="run the two benchmarks first")
    p.add_argument("--plot", type=Path, default=PLOT)
    args = p.parse_args(argv)
    if args.run:
        from bench import indexing, search

        scales = [str(s) for s in args.scales]
        indexing.main(["--scales", *scales, "--update", "0"])
        search.main(["--scales", *scales])
    search_file = args.search or newest("search-*.json")
    indexing_files = args.indexing or sorted(RESULTS.glob("indexing-*.json"))
    if search_file is None:
        print("no bench/results/search-*.json yet: run `make bench` first", file=sys.stderr)
        return 1
    search_report = json.loads(search_file.read_text(encoding="utf-8"))
    indexing_reports = [json.loads(f.read_text(encoding="utf-8")) for f in indexing_files]
    table = rows(search_report, indexing_reports)
    print(markdown(table))
    plot(table, args.plot)
    print(f"plot: {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
