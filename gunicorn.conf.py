"""Production serving: ``gunicorn 'web:create_app()'`` reads this file from the repository root.

Searching is pure Python and holds the GIL, so one worker process per core
does the work and two threads per worker keep it busy while another request
is being read or written (``make bench-http`` compares thread counts). Each
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
from web.whole_answers import install  # noqa: E402

# Headers and body in one write: a replica killed mid-answer leaves nginx nothing it cannot retry.
install()

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
# A worker is replaced after this many requests (with jitter), a bound on a leak that no
# cache accounts for. Every cache the engine keeps is bounded by its own setting (results by
# count, postings and articles by bytes), so memory does not grow with requests; a replacement
# instead costs a warm-up of the live version (``post_worker_init``) while the other
# workers carry the load alone, so it should be rare: at 200,000 a worker serving 100 requests a
# second lasts about half an hour.
max_requests = 200000
max_requests_jitter = 20000
accesslog = settings["ACCESS_LOG"]
errorlog = "-"


# The index folder's serving lock (index/serving.py), held by the arbiter while it runs.
serving = None


def _log_warmed(log, what: str, warmed) -> None:
    log.info(
        "%s: %d words, %d postings, %.0f MB, %d phrases, %d articles split in %.1f s",
        what,
        warmed.terms,
        warmed.postings,
        warmed.bytes / 2**20,
        warmed.phrases,
        warmed.articles,
        warmed.seconds,
    )


def on_starting(server) -> None:
    """A read replica (``TELUSUR_REPLICA``) warms before it listens: until then nginx finds
    its port closed and sends the request to another replica at once, where a server
    alone rather queues its first requests while it warms (``when_ready``). Its workers
    share a folder through which each follows a rollout's prepare (``web/replica_workers.py``)."""
    if settings["REPLICA"]:
        from web.engine import share_replica_folder

        share_replica_folder(server.app.wsgi(), server.num_workers)
        _warm(server)


def _replica_workers(server):
    from web.engine import replica

    found = replica(server.app.wsgi())
    return None if found is None else found.workers


def nworkers_changed(server, new_value, old_value) -> None:
    """A replica's prepare waits for this many workers (``TTIN``/``TTOU`` change it)."""
    workers = _replica_workers(server) if settings["REPLICA"] else None
    if workers is not None:
        workers.set_count(new_value)


def child_exit(server, worker) -> None:
    """A replica's worker exited (killed, or replaced): a prepare no longer waits for it."""
    workers = _replica_workers(server) if settings["REPLICA"] else None
    if workers is not None:
        workers.forget(worker.pid)


def on_exit(server) -> None:
    workers = _replica_workers(server) if settings["REPLICA"] else None
    if workers is not None:
        workers.remove()


def when_ready(server) -> None:
    """Warm the preloaded app in the arbiter once listening, before any worker is forked."""
    if not settings["REPLICA"]:
        _warm(server)


def _warm(server) -> None:
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
        _log_warmed(server.log, "warmed", warmed)


def post_worker_init(worker) -> None:
    """A worker forked after the index changed warms the live version before it
    accepts a request (the arbiter's warm-up, which it inherits, is of the version
    live when the server started).

    Until this returns the worker accepts nothing, so the other workers take the
    connections. It tells the arbiter it is alive meanwhile (``timeout`` would
    otherwise kill a long warm-up, which ``WARM_MB`` bounds).
    """
    import os
    import threading

    from web.engine import follow_rollouts, warm_worker

    done = threading.Event()

    def heartbeat() -> None:
        while not done.wait(max(worker.timeout / 4, 0.5)):
            worker.notify()

    beating = threading.Thread(target=heartbeat, name="telusur-warm-heartbeat", daemon=True)
    beating.start()
    try:
        live, arbiter, warmed = warm_worker(worker.wsgi)
        follow_rollouts(worker.wsgi)  # a replica's worker: what a rollout prepares, here too
    finally:
        done.set()
        beating.join()
    pid = os.getpid()
    if live == arbiter:
        worker.log.info("worker %d serves %s, warmed by the arbiter", pid, live)
    elif warmed is None:
        worker.log.warning("worker %d serves %s cold: it could not be warmed", pid, live)
    else:
        what = f"worker {pid} warmed {live} (the arbiter's: {arbiter}) before accepting requests"
        _log_warmed(worker.log, what, warmed)
