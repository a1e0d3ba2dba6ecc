"""The progress bar of a build or an update: articles done, their rate and the time left."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from tqdm import tqdm

from index.readers.jsonl import READ_ERRORS, open_binary


def count_lines(sources: Iterable[Path]) -> int | None:
    """Lines in JSON Lines sources, for a progress bar with time left; None if unknown."""
    total = 0
    for path in sources:
        try:
            with open_binary(Path(path)) as f:
                while chunk := f.read(1 << 20):
                    total += chunk.count(b"\n")
        except (OSError, *READ_ERRORS):
            return None
    return total


def bar_shown(enabled: bool) -> bool:
    """Whether :func:`progress_bar` draws a bar: asked for, and standard error is a
    terminal (tqdm's own rule). Only then are the lines counted, which reads every
    source a second time."""
    return enabled and sys.stderr.isatty()


def progress_bar(items: Iterable, total: int | None, enabled: bool) -> tqdm:
    """Articles done, articles/s and, when the total is known, time left."""
    return tqdm(
        items,
        total=total,
        unit=" articles",
        disable=not bar_shown(enabled),
        mininterval=0.5,
        smoothing=0.1,
    )
