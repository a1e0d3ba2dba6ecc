"""Production serving: ``gunicorn 'web:create_app()'`` reads this file from the repository root.

Searching is pure Python and holds the GIL, so one worker process per core
does the work and two threads per worker keep it busy while another request
is being read or written. Of 1, 2 and 4 threads, 4 was never better and runs
disagree between 1 and 2 (``make bench-http``, ``bench/http.py``; figures in
``docs/performance.md``). Each
thread keeps its own searcher open (``search/searchers.py``); each worker has
its own result cache. The app is loaded and warmed (``TELUSUR_WARM_MB``) in
the arbiter before the workers are forked, so the postings decoded then are
shared by every worker (copy-on-write) instead of decoded again in each.
``TELUSUR_WORKERS``, ``TELUSUR_THREADS``, ``HOST`` and
``PORT`` override the defaults.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("TELUSUR_WORKERS", len(os.sched_getaffinity(0))))
threads = int(os.environ.get("TELUSUR_THREADS", 2))
worker_class = "gthread"
# The app is created (and warmed, below) before the fork; each worker opens its own files.
preload_app = True
timeout = 30
graceful_timeout = 10
keepalive = 5
# A worker is replaced after this many requests (with jitter), bounding slow leaks.
max_requests = 20000
max_requests_jitter = 2000
accesslog = os.environ.get("TELUSUR_ACCESS_LOG", "-")
errorlog = "-"


def when_ready(server) -> None:
    """Warm the preloaded app's engine in the arbiter, before any worker is forked.

    ``gc.freeze()`` then keeps the workers' garbage collector from touching (and
    so copying) the pages of the objects made so far.
    """
    import gc

    from web.engine import warm_engine

    warmed = warm_engine(server.app.wsgi())
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
