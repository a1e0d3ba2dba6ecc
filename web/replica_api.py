"""The generation every answer names, and a read replica's rollout endpoints under ``/_replica``.

Every answer that read the index says which generation (``X-Telusur-Generation``),
so a client or a test can tell that pages came from one. On a replica,
``POST /_replica/prepare?generation=G`` opens and warms ``G`` beside the one
serving, in every worker process of the replica, and answers once all hold it;
``POST /_replica/switch?generation=G`` then serves it; ``GET /_replica`` says
what is served and open. These are for the rollout (``python -m index
rollout``), not for readers: with ``TELUSUR_REPLICA_TOKEN`` they ask for it as
a bearer token; without one they answer only requests from the loopback address
that no proxy forwarded (``deploy/nginx.conf.template`` also refuses ``/_replica/``).
"""

from __future__ import annotations

import contextlib
import hmac

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request

from search.engine import IndexUnavailable
from web.engine import chosen, engine, replica
from web.messages import said
from web.replica import Replica
from web.replica_workers import NotPrepared

bp = Blueprint("replica", __name__, url_prefix="/_replica")

GENERATION = "X-Telusur-Generation"
UNAVAILABLE = "X-Telusur-Generation-Unavailable"
LOOPBACK = ("127.0.0.1", "::1")
# Answers that never read the index.
NO_INDEX = ("/static/", "/_replica")
# A prepare answers within this (the rollout waits index/rollout.py's PREPARE_TIMEOUT, longer).
PREPARE_WAIT = 570.0


def register_generation(app: Flask) -> None:
    """Name the generation read in every answer of the index; the replica's endpoints."""

    @app.after_request
    def name_generation(response: Response) -> Response:
        if request.path.startswith(NO_INDEX):
            return response
        try:
            picked = chosen()
        except IndexUnavailable:
            return response
        if picked is not None:
            response.headers[GENERATION] = picked.generation
            if picked.unavailable is not None:
                response.headers[UNAVAILABLE] = picked.unavailable
            return response
        with contextlib.suppress(IndexUnavailable):
            response.headers[GENERATION] = engine().status().generation
        return response

    if app.config["REPLICA"]:
        app.register_blueprint(bp)


@bp.before_request
def only_the_rollout() -> None:
    token = current_app.config["REPLICA_TOKEN"]
    if token:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            abort(403, description=said("a valid bearer token is required", "token tidak sah"))
    elif request.remote_addr not in LOOPBACK or "X-Forwarded-For" in request.headers:
        abort(403, description=said("only from this machine", "hanya dari mesin ini"))


def this_replica() -> Replica:
    found = replica()
    assert found is not None  # the blueprint is registered on replicas only
    return found


def wanted_generation() -> str:
    name = request.args.get("generation", "")
    if not name:
        abort(400, description=said("'generation' is required", "'generation' wajib diisi"))
    return name


@bp.get("")
def state():
    return jsonify(this_replica().state())


@bp.post("/prepare")
def prepare():
    name = wanted_generation()
    try:
        seconds = this_replica().prepare_all(name, PREPARE_WAIT)
    except LookupError as err:
        abort(404, description=str(err))
    except NotPrepared as err:
        abort(503, description=str(err))
    return jsonify(
        {
            **this_replica().state(),
            "prepared_generation": name,
            "warm_seconds": max(seconds.values()),
            "prepared_by": {str(pid): s for pid, s in seconds.items()},
        }
    )


@bp.post("/switch")
def switch():
    name = wanted_generation()
    try:
        this_replica().switch(name)
    except LookupError as err:
        abort(409, description=str(err))
    return jsonify(this_replica().state())
