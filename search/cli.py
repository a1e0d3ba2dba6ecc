"""``python -m search "kata kunci"``: search the index from a terminal."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from html import unescape
from pathlib import Path

from index.settings import INDEX_DIR, SettingError, index_dir
from search.engine import IndexUnavailable, SearchEngine
from search.language.request import DEFAULT_FACETS, SORTS, QueryTooLong, SearchRequest
from search.presentation.formatting import format_date
from search.presentation.results import SearchResult

_TAGS = re.compile(r"</?mark[^>]*>")
# What the page says (web/templates/search.html) when partial matches are shown.
RELAXED = "Tidak ada hasil yang memuat semua kata; menampilkan hasil yang paling mendekati."
PARTIAL = "Hasil berikut tidak memuat semua kata yang dicari."


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m search", description=__doc__)
    p.add_argument("query", help="the words to search for")
    p.add_argument(
        "--index-dir", type=Path, help=f"index folder (default {INDEX_DIR.env}, else var/index)"
    )
    p.add_argument("--page", type=int, default=1, help="result page (default 1)")
    p.add_argument("--per-page", type=int, default=10, help="results per page, 1..100")
    p.add_argument("--sort", choices=SORTS, default="relevance", help="order (default relevance)")
    p.add_argument(
        "--from", dest="date_from", type=date.fromisoformat, help="first day, YYYY-MM-DD"
    )
    p.add_argument("--to", dest="date_to", type=date.fromisoformat, help="last day, YYYY-MM-DD")
    p.add_argument("--source", action="append", default=[], help="only this outlet (repeatable)")
    p.add_argument(
        "--category", action="append", default=[], help="only this category (repeatable)"
    )
    p.add_argument("--json", action="store_true", help="print exactly what the API returns")
    return p


def render_text(result: SearchResult) -> str:
    """Results for a terminal: rank, title, outlet, date and author, snippet, link; a
    line where the partial matches begin, as on the page."""
    lines = [f"{result.total} hasil untuk {result.query!r} ({result.took_ms:.0f} ms)"]
    if result.corrected:
        lines.append(f"Menampilkan hasil untuk: {result.corrected}")
    if result.suggestion:
        lines.append(f"Mungkin maksud Anda: {result.suggestion}")
    if result.relaxed and not result.full and result.hits:
        lines.append(RELAXED)
    split = 0 < result.full < result.total
    for rank, hit in enumerate(result.hits, start=result.first_rank):
        if split and hit.partial:
            lines += ["", f"-- {PARTIAL} --"]
            split = False
        snippet = " ".join(unescape(_TAGS.sub("*", hit.snippet)).split())
        meta = (hit.source, format_date(hit.published), hit.author and f"Penulis: {hit.author}")
        lines += [
            "",
            f"{rank}. {hit.title or '(tanpa judul)'}",
            "   " + " · ".join(filter(None, meta)),
            f"   {snippet}",
            f"   {hit.url}",
        ]
        if hit.similar:
            lines.append(
                f"   {len(hit.similar)} berita serupa dari {', '.join(hit.similar_sources)}:"
            )
            lines += [f"   - {other.title} ({other.source}) {other.url}" for other in hit.similar]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not args.query.strip():
        print("error: the query is empty", file=sys.stderr)
        return 2
    if args.page < 1 or not 1 <= args.per_page <= 100:
        print("error: --page must be 1 or more and --per-page 1..100", file=sys.stderr)
        return 2
    try:
        request = SearchRequest(
            args.query,
            page=args.page,
            per_page=args.per_page,
            sort=args.sort,
            date_from=args.date_from,
            date_to=args.date_to,
            sources=args.source,
            categories=args.category,
            facets=DEFAULT_FACETS if args.json else (),
        )
        result = SearchEngine(index_dir(args.index_dir)).search(request)
    except (QueryTooLong, SettingError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except IndexUnavailable as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(result))
    return 0
