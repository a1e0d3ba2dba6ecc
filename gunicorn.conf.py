"""Production serving: ``gunicorn 'web:create_app()'`` reads this file from the repository root.

Searching is pure Python and holds the GIL, so one worker process per core
does the work and two threads per worker keep it busy while another request
is being read or written. Of 1, 2 and 4 threads, 4 was never better and runs
disagree between 1 and 2 (``make bench-http``, ``bench/http.py``; figures in
``docs/performance.md``). Each
thread keeps its own searcher open (``search/state/searchers.py``); each worker has
its own result cache. The app is loaded and warmed (``TELUSUR_WARM_MB``) in
the arbiter before the workers are forked, so the postings decoded then are
shared by every worker (copy-on-write) instead of decoded again in each.
Workers, threads, the address and the access log are settings of
``web/settings.py``'s table (``TELUSUR_WORKERS``, ``TELUSUR_THREADS``, ``HOST``,
``PORT``, ``TELUSUR_ACCESS_LOG``); every setting is checked here, before the
arbiter starts: one out of its range is a one-line message and exit status 2.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from web.settings import SettingError, defaults_from_env  # noqa: E402

try:
    settings = defaults_from_env()
except SettingError as err:
    print(f"Telusur: {err}", file=sys.stderr)
    sys.exit(2)

host = settings["HOST"]
bind = f"[{host}]:{settings['PORT']}" if ":" in host else f"{host}:{settings['PORT']}"
workers = settings["WORKERS"]
threads = settings["THREADS"]
worker_class = "gthread"
# The app is created (and warmed, below) before the fork; each worker opens its own files.
preload_app = True
timeout = 30
graceful_timeout = 10
keepalive = 5
# A worker is replaced after this many requests (with jitter), bounding slow leaks.
max_requests = 20000
max_requests_jitter = 2000
accesslog = settings["ACCESS_LOG"]
errorlog = "-"


# The index folder's serving lock (index/serving.py), held by the arbiter while it runs.
serving = None


def when_ready(server) -> None:
    """Mark the index folder as served, then warm the preloaded app's engine in the
    arbiter, before any worker is forked.

    The mark makes a build started meanwhile use one process fewer. ``gc.freeze()``
    keeps the workers' garbage collector from touching (and so copying) the pages
    of the objects made so far.
    """
    import gc

    from index.serving import hold_serving
    from web.engine import warm_engine

    global serving
    app = server.app.wsgi()
    serving = hold_serving(app.config["INDEX_DIR"])
    warmed = warm_engine(app)
    gc.freeze()
    if warmed is None:
        server.log.warning("no index to warm yet")
    else:
        server.log.info(
            "warmed: %d words, %d postings, %.0f MB, %d phrases, %d articles split in %.1f s",
            warmed.terms,
            warmed.postings,
            warmed.bytes / 2**20,
            warmed.phrases,
            warmed.articles,
            warmed.seconds,
        )
