"""Run a Telusur command line and SIGKILL it at the Nth call of a function: a crash on cue.

    python -m tests.killpoint MODULE:ATTR[.ATTR] N -- index build ...

Used by the fault tests to stop the indexer at exact points of its work (a
power cut, the OOM killer) where a timer would only hit them by chance.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys


def arm(target: str, nth: int) -> None:
    """Replace ``target`` with a wrapper that kills this process on its ``nth`` call."""
    module_name, _, path = target.partition(":")
    owner = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    original = getattr(owner, name)
    calls = 0

    def wrapper(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)

    setattr(owner, name, wrapper)


def main(argv: list[str]) -> int:
    target, nth, separator, program, *rest = argv
    assert separator == "--", "usage: MODULE:ATTR N -- PROGRAM ARGS..."
    arm(target, int(nth))
    cli = importlib.import_module(f"{program}.cli")
    return cli.main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
