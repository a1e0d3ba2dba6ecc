"""What each generation records about how it was made, and what ``make`` may rebuild.

Every publish saves, beside the counts, the inputs that went into the index
(``sources``: a build's, plus those of every update since) and a digest of
the indexing code and its word lists (``indexing``). A build of the bundled
corpus alone also saves the corpus's digest. ``make run``/``serve``/``index``
call :func:`ensure_demo`: it builds or rebuilds only an index made that way,
from the bundled corpus and never changed since, because rebuilding any other
would lose what ``index update`` added to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index.ingest import BUNDLED_CORPUS
from index.store import IndexStore

PACKAGE = Path(__file__).resolve().parent
# The bundled corpus under a name that survives moving the checkout.
BUNDLED = "bundled:" + BUNDLED_CORPUS.name


def _digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as f:
            digest.update(hashlib.file_digest(f, "sha256").digest())
    return digest.hexdigest()[:16]


def indexing_digest() -> str:
    """The code and word lists that turn news into an index: a change changes the index."""
    code = [*PACKAGE.glob("*.py"), *PACKAGE.glob("readers/*.py")]
    words = [*PACKAGE.glob("data/*.txt"), *PACKAGE.glob("data/*.tsv")]
    return _digest(code + words)


def corpus_digest() -> str:
    return _digest([BUNDLED_CORPUS])


def source_names(sources: Iterable[Path]) -> list[str]:
    """Sources as recorded: absolute paths, the bundled corpus as :data:`BUNDLED`."""
    names = []
    for source in sources:
        path = Path(source).resolve()
        names.append(BUNDLED if path == BUNDLED_CORPUS.resolve() else str(path))
    return names


def made(command: str, sources: Iterable[Path], parent: dict | None) -> dict:
    """The provenance to publish with a generation made by ``command`` from ``sources``
    on top of a generation whose saved meta is ``parent`` (None for a build)."""
    given = source_names(sources)
    names: list[str] | None = given
    if parent is not None:
        inherited = parent.get("sources")
        names = None if inherited is None else list(dict.fromkeys([*inherited, *given]))
    info: dict = {"sources": names, "indexing": indexing_digest()}
    if command == "build" and names == [BUNDLED]:
        info["corpus"] = corpus_digest()
    return info


class Superseded(RuntimeError):
    """Another writer changed the index between the decision to build and the lock."""


def bundled_sources() -> list[Path]:
    return [BUNDLED_CORPUS]


def still_to_build(store: IndexStore) -> None:
    """Refuse a build decided before the lock was held if its reason no longer holds."""
    decision = decide(store)
    if decision.action != "build":
        raise Superseded(decision.message)


@dataclass(frozen=True)
class Decision:
    """What ``make`` does with the index: ``build``, ``keep`` it, or ``refuse`` (damaged)."""

    action: str
    message: str


def decide(store: IndexStore) -> Decision:
    """Whether ``make`` may build the index of the bundled corpus into ``store``."""
    damage = store.damage()
    if damage is not None:
        return Decision("refuse", damage)
    live = store.current()
    if live is None:
        return Decision("build", f"no index in {store.root} yet: building the bundled corpus's")
    meta = store.meta(live)
    changed = meta.get("indexing") != indexing_digest()
    if meta.get("command") == "build" and meta.get("sources") == [BUNDLED]:
        if not changed and meta.get("corpus") == corpus_digest():
            return Decision("keep", f"{live.name}, the bundled corpus's index, is up to date")
        return Decision(
            "build",
            f"the indexing code or the bundled corpus changed since {live.name} was built "
            "from the bundled corpus alone: building it again",
        )
    made_by = _made_by(meta)
    if not changed:
        return Decision("keep", f"{live.name} ({made_by}) is kept as it is")
    sources = meta.get("sources") or []
    paths = [str(BUNDLED_CORPUS) if s == BUNDLED else s for s in sources] or ["SOURCE ..."]
    demo = " (`make rebuild` if it holds only the bundled corpus)" if not sources else ""
    return Decision(
        "keep",
        f"the indexing code changed since {live.name} was written ({made_by}); make rebuilds "
        "only an index it built from the bundled corpus alone, so this one is kept and served "
        f"as it is. To index it with the new code: `python -m index build {' '.join(paths)} "
        f"--index-dir {store.root}`{demo} (and delete again what `index delete` removed)",
    )


def _made_by(meta: dict) -> str:
    command = meta.get("command", "an unknown command")
    sources = meta.get("sources")
    if sources is None:
        return f"last changed by {command}, its sources not recorded"
    shown = ", ".join("the bundled corpus" if s == BUNDLED else s for s in sources)
    return f"last changed by {command}, from {shown or 'no source'}"
