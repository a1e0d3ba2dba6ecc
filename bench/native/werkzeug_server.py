"""What ``make run`` served until 2026-12-02: Flask's development server (Werkzeug, threaded,
a new connection for each request), warmed as ``python -m web`` warmed it then.

    .venv/bin/python -m bench.native.werkzeug_server INDEX_DIR PORT
"""

from __future__ import annotations

import sys
from pathlib import Path

from web import create_app
from web.engine import warm_engine
from web.settings import defaults_from_env


def main(argv: list[str]) -> int:
    index_dir, port = Path(argv[0]), int(argv[1])
    app = create_app({**defaults_from_env(), "INDEX_DIR": str(index_dir)})
    warm_engine(app)
    app.run(host="127.0.0.1", port=port, threaded=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
