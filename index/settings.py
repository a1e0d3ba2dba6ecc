"""The settings' declaration, and the indexer's own settings.

Every setting of Telusur is one ``Setting`` in one table, ``web/settings.py``'s
``SETTINGS``, which the README's list is made from. The class lives here, with
the settings the indexer reads, because ``index/`` must not import ``web/``;
the table names them, so each is still declared once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from index.store import DEFAULT_INDEX_DIR

ENV_PREFIX = "TELUSUR_"


class SettingError(ValueError):
    """A setting's value that cannot be used: not of its kind, or out of its range."""


def text(raw: str) -> str:
    """Any text but an empty one."""
    if not raw.strip():
        raise ValueError("any text but an empty one")
    return raw


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    parse: Callable[[str], object] = text
    minimum: int = 0
    maximum: int | None = None
    env_name: str | None = None
    shown_default: str | None = None
    accepts: str = "any text but an empty one"

    @property
    def env(self) -> str:
        return self.env_name or ENV_PREFIX + self.name

    @property
    def allowed(self) -> str:
        """What the setting accepts, as its message and the README's table say it."""
        if self.parse is not int:
            return self.accepts
        if self.maximum is None:
            return f"a whole number, at least {self.minimum}"
        return f"a whole number from {self.minimum} to {self.maximum}"

    def in_range(self, value: object) -> bool:
        if self.parse is not int:
            return True
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and self.minimum <= value
            and (self.maximum is None or value <= self.maximum)
        )

    def error(self, value: object, allowed: str | None = None) -> SettingError:
        return SettingError(
            f"{self.env} must be {allowed or self.allowed}, not {value!r} ({self.help})"
        )

    def value(self, environ: Mapping[str, str] | None = None) -> object:
        """This setting's value, checked: its environment variable if set, else its default."""
        raw = (os.environ if environ is None else environ).get(self.env)
        if raw is None:
            return self.default
        try:
            value = self.parse(raw.strip() if self.parse is int else raw)
        except ValueError as err:
            raise self.error(raw, None if self.parse is int else str(err)) from None
        if not self.in_range(value):
            raise self.error(raw)
        return value


def whole(name: str, default: int, help: str, minimum: int, maximum: int, **more) -> Setting:
    """A setting holding a whole number from ``minimum`` to ``maximum``."""
    return Setting(name, default, help, int, minimum, maximum, **more)


INDEX_PROCS = whole(
    "INDEX_PROCS",
    0,
    "segment writer processes of `python -m index build` (0: one per core, one fewer while"
    " a server serves the index folder); `--procs` overrides it",
    0,
    256,
    shown_default="`0`",
)
INDEX_DIR = Setting(
    "INDEX_DIR",
    str(DEFAULT_INDEX_DIR),
    "folder holding the search index, for the server and the command lines; `--index-dir`"
    " overrides it",
    shown_default="var/index in the repository",
)


def index_dir(given: Path | None) -> Path:
    """The index folder a command line works on: ``--index-dir``, else ``TELUSUR_INDEX_DIR``."""
    return given if given is not None else Path(str(INDEX_DIR.value()))
