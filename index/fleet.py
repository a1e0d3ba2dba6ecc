"""The generation a fleet of read replicas serves: the pin, beside ``CURRENT``.

``CURRENT`` names the newest generation a writer published; replicas do not
follow it. They serve the generation named by the store's ``FLEET`` pin, which
only a rollout changes (``index/rollout.py``), once every replica has opened
and warmed the new generation. The pin also names the generation served before,
which replicas keep open for readers paging through it (``gen=``); the store
never prunes a generation the pin names. A replica that was down during a
rollout reads the pin when it starts, so it serves the fleet's generation, not
``CURRENT`` nor the one it served before.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

FLEET = "FLEET"


@dataclass(frozen=True)
class Pin:
    """What the fleet serves (``serving``) and served before (``previous``, or None)."""

    serving: str
    previous: str | None = None
    changed: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.serving,) if self.previous is None else (self.serving, self.previous)

    def to_dict(self) -> dict:
        return {"serving": self.serving, "previous": self.previous, "changed": self.changed}


def read_pin(root: Path | str) -> Pin | None:
    """The store's pin, or None when there is none (or it cannot be read as one)."""
    try:
        data = json.loads((Path(root) / FLEET).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not _is_name(data.get("serving")):
        return None
    previous = data.get("previous")
    return Pin(data["serving"], previous if _is_name(previous) else None, str(data.get("changed")))


def pinned(root: Path | str) -> set[str]:
    """The generations the pin names (none without a pin): never pruned."""
    pin = read_pin(root)
    return set(pin.names) if pin else set()


def write_pin(root: Path | str, serving: str, previous: str | None) -> Pin:
    """Pin ``serving`` (and ``previous``), replacing the pin atomically."""
    changed = datetime.now(UTC).isoformat(timespec="milliseconds")
    pin = Pin(serving, previous if previous != serving else None, changed)
    path = Path(root) / FLEET
    tmp = path.with_name(f"{FLEET}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(json.dumps(pin.to_dict()) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return pin


def pin_if_absent(root: Path | str, serving: str) -> Pin:
    """The pin, made first from ``serving`` when there is none (a fleet's first start:
    of replicas starting together, one makes it and every one reads that)."""
    found = read_pin(root)
    if found is not None:
        return found
    changed = datetime.now(UTC).isoformat(timespec="milliseconds")
    pin = Pin(serving, None, changed)
    path = Path(root) / FLEET
    tmp = path.with_name(f"{FLEET}.{os.getpid()}.new")
    tmp.write_text(json.dumps(pin.to_dict()) + "\n", encoding="utf-8")
    try:
        os.link(tmp, path)  # fails when another replica made the pin first
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return read_pin(root) or pin


def _is_name(value: object) -> bool:
    return (
        isinstance(value, str)
        and value.startswith("gen-")
        and "/" not in value
        and "\\" not in value
        and value.isprintable()
    )
