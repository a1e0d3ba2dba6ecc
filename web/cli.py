"""``python -m web``: serve the search page and API."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from web import create_app
from web.engine import warm_engine
from web.settings import SettingError


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m web", description=__doc__)
    p.add_argument("--index-dir", type=Path, help="index folder (env TELUSUR_INDEX_DIR)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--debug", action="store_true", help="Flask debug mode: never in production")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        app = create_app({"INDEX_DIR": str(args.index_dir)} if args.index_dir else None)
    except SettingError as err:
        print(f"Telusur: {err}", file=sys.stderr)
        return 2
    warmed = warm_engine(app)
    if warmed is not None:
        counts = f"{warmed.terms} words, {warmed.articles} articles"
        print(f"Telusur: warmed up in {warmed.seconds:.1f} s ({counts})")
    print(f"Telusur: http://{args.host}:{args.port}/  (index: {app.config['INDEX_DIR']})")
    app.run(host=args.host, port=args.port, debug=args.debug, threaded=True)
    return 0
