"""``python -m index rollout``: a new generation onto every read replica, in two phases.

First every replica *prepares* the generation, all at once (opens and warms it
beside the one it serves, in each of its worker processes, ``POST
/_replica/prepare``); only once all that answer have done so,
each *switches* to it (``POST /_replica/switch``), which moves the store's pin
(``index/fleet.py``). No replica serves the new generation before every other
can answer it, so a reader's next page (``gen=``) finds it on any replica. A
replica that cannot be reached is skipped: when it starts again it reads the
pin and serves the fleet's generation. A replica that answers but fails to
prepare stops the rollout before any switch (after every prepare has answered).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from index.store import IndexStore

PREPARE_TIMEOUT = 600.0  # a warm-up of a large index takes minutes
SWITCH_TIMEOUT = 30.0


class RolloutFailed(RuntimeError):
    """A replica that answered could not prepare or switch: the message says which and why."""


@dataclass
class Rollout:
    """What a rollout did: the replicas switched, and those skipped as unreachable."""

    generation: str
    switched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def replica_urls(text: str) -> list[str]:
    """``http://host:port`` addresses, comma-separated; ``ValueError`` for a bad one."""
    urls = [part.strip().rstrip("/") for part in text.split(",") if part.strip()]
    if not urls:
        raise ValueError("no replica given")
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{url!r} is not an http(s)://host:port address")
    return urls


def _post(url: str, token: str, timeout: float) -> dict:
    """POST to a replica; its JSON answer, ``RolloutFailed`` for an error status,
    ``OSError`` when it cannot be reached."""
    request = urllib.request.Request(url, data=b"", method="POST")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8", "replace")
        try:
            message = json.loads(body)["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = body[:200]
        raise RolloutFailed(f"{url}: HTTP {err.code}: {message}") from None


def _prepare(url: str, name: str, token: str, timeout: float) -> dict | OSError | RolloutFailed:
    """One replica's prepare: its answer, or what went wrong (returned, not raised, so that
    every replica's outcome is known before the rollout decides)."""
    try:
        return _post(f"{url}/_replica/prepare?generation={name}", token, timeout)
    except (OSError, RolloutFailed) as err:
        return err


def rollout(
    generation: str,
    replicas: list[str],
    token: str = "",
    say: Callable[[str], None] = print,
    prepare_timeout: float = PREPARE_TIMEOUT,
) -> Rollout:
    """Prepare ``generation`` on every reachable replica at once, then switch each to it.

    Each replica warms on its own cores (or its own share of them), so the prepares run
    in parallel: the rollout waits for the slowest, not for their sum. A replica that
    answers with an error fails the whole rollout once every prepare has answered, and
    none is switched."""
    done = Rollout(generation)
    name = quote(generation)
    with ThreadPoolExecutor(max_workers=len(replicas), thread_name_prefix="prepare") as pool:
        outcomes = list(pool.map(lambda url: _prepare(url, name, token, prepare_timeout), replicas))
    prepared, failed = [], []
    for url, outcome in zip(replicas, outcomes, strict=True):
        if isinstance(outcome, RolloutFailed):
            say(f"rollout: {outcome}")
            failed.append(str(outcome))
        elif isinstance(outcome, OSError):
            say(f"rollout: {url} skipped, not reachable ({outcome}); it serves the pin on start")
            done.skipped.append(url)
        else:
            workers = len(outcome.get("prepared_by", {})) or 1
            seconds = outcome.get("warm_seconds", 0)
            say(f"rollout: {url} prepared {generation} in {seconds:.1f} s ({workers} workers)")
            prepared.append(url)
    if failed:
        raise RolloutFailed(
            f"{len(failed)} of {len(replicas)} replicas could not prepare {generation}: "
            f"{'; '.join(failed)}; nothing was switched"
        )
    if not prepared:
        raise RolloutFailed("no replica could be reached: nothing was switched")
    for url in prepared:
        try:
            _post(f"{url}/_replica/switch?generation={name}", token, SWITCH_TIMEOUT)
        except OSError as err:
            say(f"rollout: {url} skipped at the switch ({err}); it serves the pin when it starts")
            done.skipped.append(url)
            continue
        say(f"rollout: {url} serves {generation}")
        done.switched.append(url)
    return done


def add_command(commands, parents: list) -> None:
    """``rollout`` among ``python -m index``'s commands."""
    r = commands.add_parser(
        "rollout",
        parents=parents,
        help="serve a generation (default: CURRENT's) on every read replica, prepared on all "
        "before any switches (docs/scale.md)",
    )
    r.add_argument(
        "--replicas",
        required=True,
        metavar="URL,URL,...",
        help="the replicas' own addresses (not the proxy's), e.g. http://127.0.0.1:8001",
    )
    r.add_argument("--generation", metavar="GENERATION", help="gen-… (default: CURRENT's)")
    r.add_argument(
        "--token-env",
        default="TELUSUR_REPLICA_TOKEN",
        metavar="NAME",
        help="environment variable holding the replicas' token (default TELUSUR_REPLICA_TOKEN)",
    )


def run_command(args, store: IndexStore) -> int:
    """``python -m index rollout``: 0 switched (some may be skipped), 1 failed, 2 usage."""
    try:
        urls = replica_urls(args.replicas)
    except ValueError as err:
        print(f"error: --replicas: {err}", file=sys.stderr)
        return 2
    generation = args.generation
    if generation is None:
        live = store.current()
        if live is None:
            print(f"error: {store.unavailable_reason()}", file=sys.stderr)
            return 1
        generation = live.name
    try:
        done = rollout(generation, urls, os.environ.get(args.token_env, ""))
    except RolloutFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    skipped = f", {len(done.skipped)} skipped" if done.skipped else ""
    print(f"rollout: {len(done.switched)} replicas serve {generation}{skipped}")
    return 0
