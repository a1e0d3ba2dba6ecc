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


@dataclass(frozen=True)
class SearchParams:
    q: str
    page: int
    per_page: int


def positive_int(args: MultiDict, name: str, default: int, maximum: int | None = None) -> int:
    raw = args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise BadParameter(name, f"'{name}' must be a positive integer")
    value = int(raw)
    if maximum is not None and value > maximum:
        raise BadParameter(name, f"'{name}' must be between 1 and {maximum}")
    return value


def search_params(
    args: MultiDict, per_page: int, max_per_page: int, max_window: int
) -> SearchParams:
    """The search parameters; results deeper than ``max_window`` are refused."""
    params = SearchParams(
        q=args.get("q", "").strip(),
        page=positive_int(args, "page", 1),
        per_page=positive_int(args, "per_page", per_page, max_per_page),
    )
    if params.page * params.per_page > max_window:
        raise BadParameter("page", f"'page' × 'per_page' must not exceed {max_window}")
    return params
