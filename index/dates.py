"""Publication dates as the scrapers wrote them, turned into aware datetimes.

The formats seen in Indonesian news dumps (``31 Juli 2019``, ``16/09/2019``,
``10-Sep-19``, ``Sep 13, 2019``, ``2019-09-13T00:00:00``) each take a compiled
regular expression; a time (``15:57 WIB``, ``23:16:00``, ``12:33``) is combined
with the date. Without a zone the time is Western Indonesia Time (UTC+7).

Those fast paths cover nearly every date of a bulk import; what they cannot
read goes to dateparser, which understands Indonesian in many more shapes but
costs about a millisecond a call (and is imported only when first needed).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta, timezone
from functools import lru_cache

WIB = timezone(timedelta(hours=7), "WIB")
ZONES = {
    "WIB": WIB,
    "WITA": timezone(timedelta(hours=8), "WITA"),
    "WIT": timezone(timedelta(hours=9), "WIT"),
    "UTC": UTC,
    "GMT": UTC,
}

MONTH_NAMES_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

_MONTH_ALIASES = {
    1: "januari jan january",
    2: "februari feb pebruari peb february",
    3: "maret mar march",
    4: "april apr",
    5: "mei may",
    6: "juni jun june",
    7: "juli jul july",
    8: "agustus agu agt ags aug august",
    9: "september sep sept",
    10: "oktober okt oct october",
    11: "november nov nop nopember",
    12: "desember des dec december",
}
MONTHS = {alias: n for n, names in _MONTH_ALIASES.items() for alias in names.split()}

_MONTH = r"(?P<month>[A-Za-z]{3,10})\.?"
_DATE_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?:[T ](?P<rest>.*))?$"),
    re.compile(r"(?P<day>\d{1,2})/(?P<mon>\d{1,2})/(?P<year>\d{4})$"),
    re.compile(rf"(?P<day>\d{{1,2}})[- ]{_MONTH}[- ,]+(?P<year>\d{{4}}|\d{{2}})$"),
    re.compile(rf"{_MONTH} (?P<day>\d{{1,2}}),? (?P<year>\d{{4}})$"),
]
_DAY_NAME = re.compile(
    r"^(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"^(?P<h>\d{1,2})[:.](?P<m>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?\s*"
    r"(?P<zone>[A-Za-z]{3,4}|Z|[+-]\d{2}:?\d{2})?$"
)


def parse_date(text: str) -> datetime | None:
    """The calendar date of ``text`` (midnight, no zone), or None if unknown.

    An ISO timestamp keeps its time and offset.
    """
    text = _DAY_NAME.sub("", " ".join(text.split()))
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        parts = m.groupdict()
        month = int(parts["mon"]) if parts.get("mon") else MONTHS.get(parts["month"].lower())
        year = int(parts["year"])
        year += 2000 if len(parts["year"]) == 2 else 0
        try:
            day = datetime(year, month or 0, int(parts["day"]))
        except ValueError:
            return None
        rest = parts.get("rest")
        if rest:
            clock = parse_time(rest)
            if clock is None:
                return None
            return datetime.combine(day.date(), clock)
        return day
    return None


def parse_time(text: str) -> time | None:
    """A clock time with its zone if one is named (``15:57 WIB``, ``23:16:00``)."""
    m = _TIME.match(text.strip())
    if not m:
        return None
    zone = m["zone"]
    tz = None
    if zone:
        if zone[0] in "+-":
            sign = 1 if zone[0] == "+" else -1
            digits = zone[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            if hours > 23 or minutes > 59:
                return None
            tz = timezone(sign * timedelta(hours=hours, minutes=minutes))
        elif zone.upper() == "Z":
            tz = UTC
        else:
            tz = ZONES.get(zone.upper())
            if tz is None:
                return None
    try:
        return time(int(m["h"]), int(m["m"]), int(m["s"] or 0), tzinfo=tz)
    except ValueError:
        return None


def parse_published(date: str | None, clock: str | None = None) -> datetime | None:
    """Date and optional time combined into an aware datetime (WIB by default).

    A time that cannot be read is ignored rather than losing the date; a date
    that cannot be read gives None.
    """
    if not date or not str(date).strip():
        return None
    moment = parse_date(str(date))
    if moment is None:
        return general_parse(" ".join(filter(None, (str(date), clock and str(clock)))))
    given = parse_time(str(clock)) if clock else None
    if given is not None and moment.time() == time(0) and moment.tzinfo is None:
        moment = datetime.combine(moment.date(), given)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=WIB)
    return moment


# Settings for dateparser: absolute dates only (a relative "2 jam lalu" means
# nothing in an archive), day before month, Western Indonesia Time by default.
_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PARSERS": ["timestamp", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "TIMEZONE": "Asia/Jakarta",
    "RETURN_AS_TIMEZONE_AWARE": True,
}
_LANGUAGES = ["id", "en"]


@lru_cache(maxsize=4096)
def general_parse(text: str) -> datetime | None:
    """The slow path: a date in any shape dateparser knows, aware (WIB by default)."""
    import dateparser

    try:
        moment = dateparser.parse(text, languages=_LANGUAGES, settings=_DATEPARSER_SETTINGS)
    except (ValueError, OverflowError):  # a day or an offset past the calendar's ends
        return None
    return _in_wib(moment) if moment else None


def _in_wib(moment: datetime) -> datetime:
    if moment.utcoffset() == WIB.utcoffset(None):
        return moment.replace(tzinfo=WIB)
    return moment


_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
# "Jumat (21/10/2022)" in a dateline, or "21 Oktober 2022" anywhere.
_TEXT_DATES = re.compile(
    r"\b(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\s*\(\s*"
    r"(?P<numeric>\d{1,2}/\d{1,2}/\d{4})\s*\)"
    rf"|\b(?P<named>\d{{1,2}}\s+(?:{_MONTH_WORD})\.?\s+\d{{4}})\b",
    re.IGNORECASE,
)
TEXT_SEARCH_CHARS = 1500


def date_in_text(text: str) -> datetime | None:
    """The first date an article's text gives (``Jumat (21/10/2022)``,
    ``21 Oktober 2022``), at midnight WIB; dateparser looks at the opening
    only when no known format is there."""
    for m in _TEXT_DATES.finditer(text):
        day = parse_date(m["numeric"] or m["named"])
        if day is not None:
            return day.replace(tzinfo=WIB)
    return _search_dates(text[:TEXT_SEARCH_CHARS])


def _search_dates(text: str) -> datetime | None:
    from dateparser.search import search_dates

    found = search_dates(text, languages=["id"], settings=_DATEPARSER_SETTINGS)
    return _in_wib(found[0][1]) if found else None
