"""Reading and checking request parameters, shared by the page and the API."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict


class BadParameter(ValueError):
    """A request parameter has a value we cannot use; the message says why."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param
        self.message = message


# Longer numbers are only ever "too large"; never hand thousands of digits to int().
MAX_INT_DIGITS = 18
INT_TOO_LARGE = 10**MAX_INT_DIGITS


@dataclass(frozen=True)
class SearchParams:
    q: str
    page: int
    per_page: int


def positive_int(args: MultiDict, name: str, default: int, maximum: int | None = None) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    # ASCII digits only: str.isdigit() accepts "²", which int() refuses.
    digits = raw.lstrip("0")
    if not (raw.isascii() and raw.isdigit()) or not digits:
        raise BadParameter(name, f"'{name}' must be a positive integer")
    value = int(digits) if len(digits) <= MAX_INT_DIGITS else INT_TOO_LARGE
    if maximum is not None and value > maximum:
        raise BadParameter(name, f"'{name}' must be between 1 and {maximum}")
    return value


def query_text(args: MultiDict, max_chars: int) -> str:
    """The ``q`` parameter, stripped; longer than ``max_chars`` is refused, not cut."""
    q = args.get("q", "").strip()
    if len(q) > max_chars:
        raise BadParameter("q", f"'q' must not be longer than {max_chars} characters")
    return q


def search_params(
    args: MultiDict, per_page: int, max_per_page: int, max_window: int, max_query_chars: int
) -> SearchParams:
    """The search parameters; results deeper than ``max_window`` are refused."""
    params = SearchParams(
        q=query_text(args, max_query_chars),
        page=positive_int(args, "page", 1),
        per_page=positive_int(args, "per_page", per_page, max_per_page),
    )
    if params.page * params.per_page > max_window:
        raise BadParameter("page", f"'page' × 'per_page' must not exceed {max_window}")
    return params
