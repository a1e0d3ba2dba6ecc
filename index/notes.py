"""What an import repaired or doubted in an article it kept, for the build summary.

Each :class:`Note` has a kind; those with a detail are listed one by one in the
summary (a date dropped or doubtful), the others only counted (a text repaired).
"""

from __future__ import annotations

from dataclasses import dataclass

MOJIBAKE = "mojibake"
CONTROLS = "control characters"
DATE_FROM_URL = "date from URL"
DATE_DROPPED = "date dropped"
DATE_DOUBTFUL = "date doubtful"

# How the summary counts each kind: its line, and the count's words ({n}, {s} the plural's s).
COUNTED = {
    MOJIBAKE: ("repaired", "{n} text{s} with mojibake"),
    CONTROLS: ("repaired", "{n} text{s} with control characters (removed)"),
    DATE_FROM_URL: ("repaired", "{n} date{s} with day and month swapped (the URL's taken)"),
    DATE_DROPPED: ("flagged", "{n} date{s} dropped (the article kept, undated)"),
    DATE_DOUBTFUL: ("flagged", "{n} date{s} doubtful (kept)"),
}


@dataclass(frozen=True)
class Note:
    kind: str
    detail: str = ""
