"""Dates as an Indonesian reader writes them, and the periods news readers pick.

Browsers show a native date field in the browser's locale (``mm/dd/yyyy`` in an English
one), so the page uses a text field that reads ``15/09/2019``, ``15-9-2019``,
``15 Sep 2019``, ``15 September 2019`` or ``2019-09-15`` whatever the locale, and writes
``15/09/2019`` back. URLs keep the ISO form (``from=2019-09-15``), which the API takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from index.dates import MONTH_NAMES_ID, MONTHS, WIB
from search.presentation.formatting import format_day
from web.messages import Said, said

_NUMERIC = re.compile(r"(?P<day>\d{1,2})\s*[/.\-]\s*(?P<month>\d{1,2})\s*[/.\-]\s*(?P<year>\d+)")
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_NAMED = re.compile(r"(?P<day>\d{1,2})[\s\-]*(?P<name>[^\W\d_]+)\.?[\s\-,]*(?P<year>\d+)")
# The years a news archive can hold; anything else is a typing slip (20/09/20199).
FIRST_YEAR = 1900
LAST_YEAR = 2100


class BadDate(ValueError):
    """A date the reader typed that names no day; the message says why, in both languages."""

    def __init__(self, message: Said) -> None:
        super().__init__(message)
        self.message = message


def _example() -> str:
    return "mis. 15/09/2019 atau 15 Sep 2019"


# The date fields' labels on the page, by parameter.
LABELS = {"from": "Dari", "to": "Sampai"}


def read_date(text: str, name: str) -> date:
    """The day ``text`` names, written day first; ``name`` (``from``, ``to``) is its field."""
    label = LABELS.get(name, name)
    raw = " ".join(text.split())
    match = _ISO.fullmatch(raw) or _NUMERIC.fullmatch(raw) or _NAMED.fullmatch(raw)
    if match is None:
        raise BadDate(
            said(
                f"'{name}' is not a date: write day/month/year, e.g. 15/09/2019",
                f"Tanggal “{label}” tidak dikenali: “{raw}”. Tulis hari/bulan/tahun, {_example()}.",
            )
        )
    parts = match.groupdict()
    if "name" in parts:
        month = MONTHS.get(parts["name"].lower())
        if month is None:
            raise BadDate(
                said(
                    f"'{name}': unknown month name {parts['name']!r}",
                    f"Tanggal “{label}”: nama bulan “{parts['name']}” tidak dikenali; "
                    f"{_example()}.",
                )
            )
    else:
        month = int(parts["month"])
    year_text = parts["year"]
    year = int(year_text) + 2000 if len(year_text) == 2 else int(year_text)
    if len(year_text) not in (2, 4) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadDate(
            said(
                f"'{name}': the year {year_text} is not one of {FIRST_YEAR}–{LAST_YEAR}",
                f"Tanggal “{label}”: tahun “{year_text}” tidak masuk akal; "
                f"tulis empat angka, {_example()}.",
            )
        )
    if not 1 <= month <= 12:
        raise BadDate(
            said(
                f"'{name}': there is no month {month}",
                f"Tanggal “{label}”: bulan {month} tidak ada; hari ditulis lebih dulu, "
                f"{_example()}.",
            )
        )
    try:
        return date(year, month, int(parts["day"]))
    except ValueError:
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        month_name = MONTH_NAMES_ID[month - 1]
        raise BadDate(
            said(
                f"'{name}': {month_name} {year} has {last} days",
                f"Tanggal “{label}”: {month_name} {year} hanya sampai tanggal {last}.",
            )
        ) from None


def shown_date(iso: str) -> str:
    """``2019-09-15`` → ``15/09/2019``, as the date field shows it; anything else as is."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


@dataclass(frozen=True)
class Preset:
    """A period counted back from now: ``when=7d`` is the last seven days."""

    value: str
    label: str


PRESETS = (
    Preset("24h", "24 jam terakhir"),
    Preset("7d", "7 hari terakhir"),
    Preset("30d", "30 hari terakhir"),
    Preset("week", "Minggu ini"),
    Preset("month", "Bulan ini"),
    Preset("year", "Tahun ini"),
)
PRESET_LABELS = {preset.value: preset.label for preset in PRESETS}
_HOURS = {"24h": 24, "7d": 7 * 24, "30d": 30 * 24}


def now() -> datetime:
    """The present instant in WIB (tests set it by replacing this function)."""
    return datetime.now(WIB)


def preset_period(value: str, moment: datetime) -> tuple[datetime | None, date | None]:
    """``(since, first day)`` of the preset ``value`` at ``moment``: one of the two is set.

    The last 24 hours, 7 or 30 days count back from ``moment`` (to the minute, so a
    repeated search is the same search); this week, month and year start on its Monday,
    its first day and 1 January, in WIB.
    """
    local = moment.astimezone(WIB).replace(second=0, microsecond=0)
    if value in _HOURS:
        return local - timedelta(hours=_HOURS[value]), None
    today = local.date()
    if value == "week":
        return None, today - timedelta(days=today.weekday())
    if value == "month":
        return None, today.replace(day=1)
    if value == "year":
        return None, today.replace(month=1, day=1)
    raise ValueError(value)


@dataclass(frozen=True)
class DateEntry:
    """What the reader typed in the date fields, read: the ISO days, or what is wrong."""

    typed: dict[str, str]  # what each field shows again: 15/09/2019, or the mistake as typed
    iso: dict[str, str]  # each readable field's day, 2019-09-15
    errors: dict[str, Said]  # by field (``from``, ``to``, ``when``)

    def rewritten(self, args) -> bool:
        """Whether the URL spells a readable day otherwise than ISO (it is then redirected)."""
        return any(args.get(name, "").strip() != iso for name, iso in self.iso.items())


def read_entry(args) -> DateEntry:
    """``from``, ``to`` and ``when`` of a page's URL, as the reader typed or picked them."""
    typed: dict[str, str] = {}
    iso: dict[str, str] = {}
    errors: dict[str, Said] = {}
    days: dict[str, date] = {}
    for name in ("from", "to"):
        raw = args.get(name, "").strip()
        if not raw:
            continue
        try:
            days[name] = read_date(raw, name)
        except BadDate as err:
            errors[name] = err.message
            typed[name] = raw
        else:
            iso[name] = days[name].isoformat()
            typed[name] = shown_date(iso[name])
    if "from" in days and "to" in days and days["from"] > days["to"]:
        first, last = (format_day(days[name]) for name in ("from", "to"))
        errors["from"] = said(
            "'from' must not be after 'to'",
            f"“Dari” ({first}) jatuh setelah “Sampai” ({last}); tukar atau ubah salah satunya.",
        )
    when = args.get("when", "").strip()
    if when and when not in PRESET_LABELS:
        errors["when"] = said(
            f"'when' must be one of {', '.join(PRESET_LABELS)}",
            "Pilihan waktu tidak dikenal; pilih salah satu dari daftar.",
        )
    return DateEntry(typed, iso, errors)
