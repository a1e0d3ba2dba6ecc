"""The application's search engine: one per app, opened lazily, shared by requests.

A read replica (``TELUSUR_REPLICA``) keeps one engine per open generation
(``web/replica.py``); a request then reads the one its ``gen=`` names, or the
one the fleet serves.
"""

from __future__ import annotations

import threading
from functools import partial

from flask import Flask, current_app, g, has_request_context, request

from search.engine import IndexUnavailable, SearchEngine
from search.state.warming import Warmed
from web.replica import Chosen, Replica
from web.replica_workers import Workers

KEY = "telusur.engine"
REPLICA_KEY = "telusur.replica"


def init_engine(app: Flask) -> None:
    config = app.config
    make = partial(
        SearchEngine,
        config["INDEX_DIR"],
        cache_size=config["RESULT_CACHE_SIZE"],
        postings_cache_bytes=config["POSTINGS_CACHE_MB"] * 1024 * 1024,
        max_query_chars=config["MAX_QUERY_CHARS"],
    )
    app.extensions[KEY] = make()
    if config["REPLICA"]:
        app.extensions[REPLICA_KEY] = Replica(
            config["REPLICA"],
            config["INDEX_DIR"],
            lambda generation: make(generation=generation),
            lambda found: _warm(app, found),
        )


def replica(app: Flask | None = None) -> Replica | None:
    """The app's replica state; None when the app is not a read replica."""
    return (app or current_app).extensions.get(REPLICA_KEY)


def chosen() -> Chosen | None:
    """The generation this request reads, on a replica (None elsewhere)."""
    found = replica()
    if found is None:
        return None
    if "telusur_chosen" not in g:
        g.telusur_chosen = found.choose(request.args.get("gen"))
    return g.telusur_chosen


def engine() -> SearchEngine:
    """The engine this request reads (on a replica: the generation chosen for it)."""
    found = replica()
    if found is None:
        return current_app.extensions[KEY]
    if not has_request_context():
        return found.serving()
    picked = chosen()
    assert picked is not None  # a replica's request
    return picked.engine


def serving_engine(app: Flask) -> SearchEngine:
    """What a warm-up warms: the app's engine, or a replica's serving one."""
    found = replica(app)
    return app.extensions[KEY] if found is None else found.serving()


def _warm(app: Flask, found: SearchEngine) -> Warmed:
    return found.warm(
        app.config["WARM_MB"] * 1024 * 1024, app.config["WARM_ARTICLES_MB"] * 1024 * 1024
    )


def warm_engine(app: Flask) -> Warmed | None:
    """Warm ``app``'s engine (``WARM_MB``, ``WARM_ARTICLES_MB``), then close its files,
    so that worker processes forked afterwards share what was made and open their own files.

    None when it could not: no index yet, or one that fails to read. Warming only
    saves time, so a failure is logged and the server starts all the same (the
    requests then get the index's own error).
    """
    found = None
    try:
        found = serving_engine(app)
        return _warm(app, found)
    except IndexUnavailable as err:
        app.logger.warning("no warm-up: %s", err)
    except Exception:  # a broken index can fail in many ways; serving must still start
        app.logger.exception("warm-up failed; serving without it")
    finally:
        if found is not None:
            found.close()
    return None


def version_name(key: tuple[str, int] | None) -> str:
    """An index version as the logs name it: ``gen-000002-…#1``, or ``nothing``."""
    return "nothing" if key is None else f"{key[0]}#{key[1]}"


def warm_worker(app: Flask) -> tuple[str, str, Warmed | None]:
    """In a worker just forked: warm the live index version unless the arbiter's
    warm-up (inherited by the fork) was of that version already.

    A worker replaced after an update or a rebuild is forked from an arbiter that
    warmed the version live when it started; without this, its first requests
    decode what the change made new and stall every connection it accepted.
    Segments the arbiter decoded are carried over (``search/state/carryover.py``),
    so after an update only the new segment is decoded. Returns the live version,
    the arbiter's, and what was warmed here (None when nothing needed it or the
    index cannot be read: the requests then get the index's own error).
    """
    try:
        found = serving_engine(app)
    except IndexUnavailable:
        return "nothing", "nothing", None
    arbiter = version_name(found.warmed)
    try:
        live = found.live_version()
    except IndexUnavailable:
        found.close()
        return "nothing", arbiter, None
    if live == found.warmed:
        found.close()
        return version_name(live), arbiter, None
    return version_name(live), arbiter, warm_engine(app)


def share_replica_folder(app: Flask, workers: int) -> Workers | None:
    """In gunicorn's arbiter, before the fork: the folder through which a replica's worker
    processes follow a prepare (``web/replica_workers.py``); None when not a replica."""
    found = replica(app)
    if found is None:
        return None
    found.workers = Workers.make(found.name)
    found.workers.set_count(workers)
    return found.workers


def follow_rollouts(app: Flask) -> None:
    """In a worker just forked: count it among the replica's workers, prepare what a
    rollout asked for meanwhile, then follow the next prepares from a thread."""
    found = replica(app)
    if found is None or found.workers is None:
        return
    found.register()
    threading.Thread(
        target=found.follow, args=(threading.Event(),), name="telusur-replica", daemon=True
    ).start()
