"""Reading and checking request parameters, shared by the page, the API and the feed."""

from __future__ import annotations

from datetime import date, datetime

from werkzeug.datastructures import MultiDict

from search.evaluation.filters import month_days
from search.language.categories import category_names
from search.language.request import FACETS, SORTS, SearchRequest
from web import dates
from web.limits import MAX_FILTER_VALUES
from web.messages import Said, said


class BadParameter(ValueError):
    """A request parameter has a value we cannot use; the message says why."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


# Longer numbers are only ever "too large"; never hand thousands of digits to int().
MAX_INT_DIGITS = 18
INT_TOO_LARGE = 10**MAX_INT_DIGITS


def positive_int(args: MultiDict, name: str, default: int, maximum: int | None = None) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    # ASCII digits only: str.isdigit() accepts "²", which int() refuses.
    digits = raw.lstrip("0")
    if not (raw.isascii() and raw.isdigit()) or not digits:
        raise BadParameter(
            name,
            said(f"'{name}' must be a positive integer", f"'{name}' harus bilangan bulat positif"),
        )
    value = int(digits) if len(digits) <= MAX_INT_DIGITS else INT_TOO_LARGE
    if maximum is not None and value > maximum:
        raise BadParameter(
            name,
            said(
                f"'{name}' must be between 1 and {maximum}",
                f"'{name}' harus antara 1 dan {maximum}",
            ),
        )
    return value


def too_long(max_chars: int) -> Said:
    return said(
        f"'q' must not be longer than {max_chars} characters",
        f"'q' tidak boleh lebih dari {max_chars} karakter",
    )


def no_article(article_id: str) -> Said:
    return said(f"no article with id {article_id!r}", f"tidak ada artikel dengan id {article_id!r}")


def query_text(args: MultiDict, max_chars: int) -> str:
    """The ``q`` parameter, stripped; longer than ``max_chars`` is refused, not cut."""
    q = args.get("q", "").strip()
    if len(q) > max_chars:
        raise BadParameter("q", too_long(max_chars))
    return q


def iso_date(args: MultiDict, name: str) -> date | None:
    raw = args.get(name, "").strip()
    if not raw:
        return None
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(
            name,
            said(
                f"'{name}' must be a date written YYYY-MM-DD",
                f"'{name}' harus tanggal yang ditulis TTTT-BB-HH (mis. 2019-07-31)",
            ),
        ) from None


def months(args: MultiDict) -> tuple[str, ...]:
    """``month=2019-07`` (repeatable: any of them), each checked to be a month."""
    found = values(args, "month")
    for value in found:
        try:
            if len(value) != 7:
                raise ValueError(value)
            month_days(value)
        except ValueError:
            raise BadParameter(
                "month",
                said(
                    "'month' must be a month written YYYY-MM",
                    "'month' harus bulan yang ditulis TTTT-BB (mis. 2019-07)",
                ),
            ) from None
    return found


def period(args: MultiDict) -> tuple[datetime | None, date | None]:
    """``when`` (``24h``, ``7d``, ``30d``, ``week``, ``month``, ``year``) as (since, first day)."""
    value = choice(args, "when", tuple(dates.PRESET_LABELS), "")
    if not value:
        return None, None
    return dates.preset_period(value, dates.now())


def choice(args: MultiDict, name: str, choices: tuple[str, ...], default: str) -> str:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if raw not in choices:
        listed = ", ".join(choices)
        raise BadParameter(
            name,
            said(f"'{name}' must be one of {listed}", f"'{name}' harus salah satu dari {listed}"),
        )
    return raw


def values(args: MultiDict, name: str) -> tuple[str, ...]:
    """A repeatable parameter's non-empty values, in order, without repeats."""
    found = tuple(dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip()))
    if len(found) > MAX_FILTER_VALUES:
        raise BadParameter(
            name,
            said(
                f"'{name}' may be given at most {MAX_FILTER_VALUES} times",
                f"'{name}' boleh diberikan paling banyak {MAX_FILTER_VALUES} kali",
            ),
        )
    return found


def facet_names(args: MultiDict, default: tuple[str, ...]) -> tuple[str, ...]:
    """``facets=source,month``; empty asks for none; absent gives ``default``."""
    if "facets" not in args:
        return default
    names = tuple(dict.fromkeys(n.strip() for n in args.get("facets", "").split(",") if n.strip()))
    unknown = [n for n in names if n not in FACETS]
    if unknown:
        listed = ", ".join(FACETS)
        raise BadParameter(
            "facets",
            said(
                f"'facets' takes a comma-separated list of {listed}",
                f"'facets' berisi daftar dipisah koma dari {listed}",
            ),
        )
    return names


def category_spellings(categories: tuple[str, ...]) -> tuple[str, ...]:
    """Each category asked for with every spelling shown under its name
    (``search/language/categories.py``)."""
    names = category_names()
    return tuple(
        dict.fromkeys(spelling for name in categories for spelling in names.spellings(name))
    )


def search_request(
    args: MultiDict,
    per_page: int,
    max_per_page: int,
    max_window: int,
    max_query_chars: int,
    facets: tuple[str, ...] = (),
) -> SearchRequest:
    """The search the parameters ask for; results deeper than ``max_window`` are refused."""
    page = positive_int(args, "page", 1)
    per_page = positive_int(args, "per_page", per_page, max_per_page)
    if page * per_page > max_window:
        raise BadParameter(
            "page",
            said(
                f"'page' × 'per_page' must not exceed {max_window}",
                f"'page' × 'per_page' tidak boleh lebih dari {max_window}",
            ),
        )
    date_from, date_to = iso_date(args, "from"), iso_date(args, "to")
    if date_from and date_to and date_from > date_to:
        raise BadParameter(
            "from", said("'from' must not be after 'to'", "'from' tidak boleh setelah 'to'")
        )
    since, first_day = period(args)
    if first_day and (date_from is None or first_day > date_from):
        date_from = first_day
    return SearchRequest(
        q=query_text(args, max_query_chars),
        page=page,
        per_page=per_page,
        sort=choice(args, "sort", SORTS, "relevance"),
        date_from=date_from,
        date_to=date_to,
        since=since,
        months=months(args),
        sources=values(args, "source"),
        categories=category_spellings(values(args, "category")),
        facets=facet_names(args, facets),
        expand=choice(args, "expand", ("true", "false"), "true") == "true",
        correct=choice(args, "correct", ("true", "false"), "true") == "true",
    )
