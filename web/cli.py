"""``python -m web``: serve the search page and API through gunicorn, as production does.

The settings and hooks are the project's ``gunicorn.conf.py`` (worker processes,
threads, keep-alive, the warm-up before the fork, the index folder's serving lock);
``--host``, ``--port`` and ``--index-dir`` override their settings. ``--debug`` is
Flask's development server instead (one process, reloader and debugger: never in
production).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from gunicorn.app.base import Application

from index.serving import hold_serving
from index.settings import SettingError
from web import create_app
from web.engine import warm_engine
from web.settings import defaults_from_env

CONFIG = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m web", description=__doc__)
    p.add_argument("--index-dir", type=Path, help="index folder (env TELUSUR_INDEX_DIR)")
    p.add_argument("--host", help="address to listen on (env HOST, default 127.0.0.1)")
    p.add_argument("--port", help="port (env PORT, default 8000)")
    p.add_argument(
        "--debug", action="store_true", help="Flask's development server: never in production"
    )
    return p


class Gunicorn(Application):
    """gunicorn configured by ``gunicorn.conf.py``, serving an app already made."""

    def __init__(self, app: Flask) -> None:
        self.application = app
        super().__init__(prog="python -m web")

    def load_config(self) -> None:
        self.load_config_from_file(str(CONFIG))  # it reads HOST and PORT from the environment

    def load(self) -> Callable[..., Any]:  # a WSGI app
        return self.application


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    given = {"INDEX_DIR": str(args.index_dir)} if args.index_dir else {}
    overrides = {name: value for name, value in (("HOST", args.host), ("PORT", args.port)) if value}
    try:
        app = create_app({**defaults_from_env({**os.environ, **overrides}), **given})
    except SettingError as err:
        print(f"Telusur: {err}", file=sys.stderr)
        return 2
    host, port = app.config["HOST"], app.config["PORT"]
    print(f"Telusur: http://{host}:{port}/  (index: {app.config['INDEX_DIR']})", flush=True)
    if args.debug:
        return debug_server(app, host, port)
    os.environ.update(overrides)  # for gunicorn.conf.py, which binds HOST:PORT
    Gunicorn(app).run()  # returns only by sys.exit: 0 after Ctrl-C or SIGTERM
    return 0


def debug_server(app: Flask, host: str, port: int) -> int:
    serving = hold_serving(app.config["INDEX_DIR"])  # a build meanwhile leaves a core to us
    warmed = warm_engine(app)
    if warmed is not None:
        counts = f"{warmed.terms} words, {warmed.articles} articles"
        print(f"Telusur: warmed up in {warmed.seconds:.1f} s ({counts})")
    try:
        app.run(host=host, port=port, debug=True, threaded=True)
    finally:
        if serving is not None:
            serving.close()
    return 0
