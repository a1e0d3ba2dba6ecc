"""``python -m web``: serve the search page and API."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from index.serving import hold_serving
from index.settings import SettingError
from web import create_app
from web.engine import warm_engine
from web.settings import defaults_from_env


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m web", description=__doc__)
    p.add_argument("--index-dir", type=Path, help="index folder (env TELUSUR_INDEX_DIR)")
    p.add_argument("--host", help="address to listen on (env HOST, default 127.0.0.1)")
    p.add_argument("--port", help="port (env PORT, default 8000)")
    p.add_argument("--debug", action="store_true", help="Flask debug mode: never in production")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    given = {"INDEX_DIR": str(args.index_dir)} if args.index_dir else {}
    try:
        environ = dict(os.environ)
        environ.update(
            {name: value for name, value in (("HOST", args.host), ("PORT", args.port)) if value}
        )
        app = create_app({**defaults_from_env(environ), **given})
    except SettingError as err:
        print(f"Telusur: {err}", file=sys.stderr)
        return 2
    host, port = app.config["HOST"], app.config["PORT"]
    serving = hold_serving(app.config["INDEX_DIR"])  # a build meanwhile leaves a core to us
    warmed = warm_engine(app)
    if warmed is not None:
        counts = f"{warmed.terms} words, {warmed.articles} articles"
        print(f"Telusur: warmed up in {warmed.seconds:.1f} s ({counts})")
    print(f"Telusur: http://{host}:{port}/  (index: {app.config['INDEX_DIR']})")
    try:
        app.run(host=host, port=port, debug=args.debug, threaded=True)
    finally:
        if serving is not None:
            serving.close()
    return 0
