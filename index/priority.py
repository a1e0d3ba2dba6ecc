"""A writer's CPU priority: below the server's, so that searches keep their latency.

A build or an update shares the machine with the server that answers
searches; at the same priority, its processes take a full share of the CPU
while they run and queries wait behind them (the p99 of searches rose tenfold
during an update). Every writing command therefore lowers its own priority
(``os.nice``) before it starts, to a niceness of ``--nice`` at least (10 by
default); the processes of a parallel build inherit it. The writer then runs
as fast as before on an idle machine and yields the CPU whenever a search
needs it. ``--nice 0`` keeps the priority as it is.
"""

from __future__ import annotations

import argparse
import os

WRITER_NICE = 10


def niceness(text: str) -> int:
    """``--nice``'s value: the niceness to run at, 0 to 19."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 0 to 19, not {text!r}"
        ) from None
    if not 0 <= value <= 19:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 19, not {value}")
    return value


def lower_priority(target: int = WRITER_NICE) -> int:
    """Lower this process's CPU priority to niceness ``target`` unless it is that
    low already (its children inherit it); the niceness it now has."""
    current = os.nice(0)
    return os.nice(target - current) if current < target else current
