"""Shareable URLs of the search page: each keeps the query, filters, sort and page it shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import urlencode

from flask import url_for
from werkzeug.datastructures import MultiDict

# The search page's state, in the order its URLs spell it.
STATE_KEYS = (
    "q",
    "source",
    "category",
    "month",
    "from",
    "to",
    "when",
    "sort",
    "expand",
    "correct",
    "chart",
    "page",
    "gen",
)
# What a search's feed keeps of it: the filters, not the order or the page.
FEED_KEYS = ("q", "source", "category", "month", "from", "to", "when")


class SearchLinks:
    """Links from the page at ``args`` to the pages one change away.

    Any change but ``page`` goes back to the first page of results, in whatever
    generation is then served; a page number keeps the generation pinned (``gen``:
    behind read replicas, the pages of one search come from one generation).
    """

    def __init__(self, args: MultiDict[str, str]) -> None:
        self.state: MultiDict[str, str] = MultiDict()
        for key in STATE_KEYS:
            for value in args.getlist(key):
                if value.strip():
                    self.state.add(key, value.strip())

    def pin(self, generation: str | None) -> None:
        """Pages of these results come from ``generation`` (None: from whichever is served)."""
        if generation:
            self.state["gen"] = generation
        else:
            self.state.pop("gen", None)

    def get(self, key: str) -> str:
        return self.state.get(key, "")

    def values(self, key: str) -> list[str]:
        return self.state.getlist(key)

    def has(self, key: str, value: str) -> bool:
        return value in self.state.getlist(key)

    def url(self, **changes: object) -> str:
        """This page with ``changes``; a value of None or ``""`` removes the key.

        ``from`` is a Python keyword: pass ``from_``.
        """
        state = self.state.deepcopy()
        if "page" not in changes:
            state.pop("page", None)
            state.pop("gen", None)
        for key, value in changes.items():
            key = key.rstrip("_")
            if value is None or value == "" or value == []:
                state.pop(key, None)
            elif isinstance(value, list | tuple):
                state.setlist(key, list(value))
            else:
                state[key] = str(value)
        pairs = [(key, value) for key in STATE_KEYS for value in state.getlist(key)]
        base = url_for("pages.index")
        return f"{base}?{urlencode(pairs)}" if pairs else base

    def article(self, article_id: str) -> str:
        """An article's page that remembers this search (query, filters, sort, page)."""
        base = url_for("pages.article", article_id=article_id)
        pairs = [(key, value) for key in STATE_KEYS for value in self.state.getlist(key)]
        return f"{base}?{urlencode(pairs)}" if pairs else base

    def feed(self) -> str:
        """The Atom feed of this search: its query and filters, newest first."""
        pairs = [(key, value) for key in FEED_KEYS for value in self.state.getlist(key)]
        base = url_for("feeds.feed")
        return f"{base}?{urlencode(pairs)}" if pairs else base

    def results(self) -> str:
        """The results page this state names, on its own page number."""
        page = self.get("page")
        return self.url(page=None if page in ("", "1") else page)

    def page(self, number: int) -> str:
        return self.url(page=number if number > 1 else None)

    def toggle(self, key: str, value: str) -> str:
        """Adds ``value`` to the filter ``key``, or takes it away when it is on."""
        values = self.values(key)
        values = [v for v in values if v != value] if value in values else [*values, value]
        return self.url(**{key: values})

    def has_named(self, key: str, value: str, name_of: Callable[[str], str]) -> bool:
        """Whether a value of ``key`` that ``name_of`` shows as ``value``'s name is on."""
        return any(name_of(v) == name_of(value) for v in self.values(key))

    def toggle_named(self, key: str, value: str, name_of: Callable[[str], str]) -> str:
        """:meth:`toggle`, where the values ``name_of`` shows under one name count as one."""
        values = self.values(key)
        same = [v for v in values if name_of(v) == name_of(value)]
        values = [v for v in values if v not in same] if same else [*values, value]
        return self.url(**{key: values})

    def without_filters(self) -> str:
        return self.url(source=None, category=None, month=None, from_=None, to=None, when=None)

    def month(self, value: str) -> str:
        """Adds month ``value`` (``2019-07``) to the months asked for, or takes it away."""
        return self.toggle("month", value)

    def month_is_on(self, value: str) -> bool:
        return self.has("month", value)

    def dates(self, start: date | str, end: date | str) -> str:
        """Restricts the dates to ``start``..``end``, or lifts that restriction when it is on."""
        if self.dates_are_on(start, end):
            return self.url(from_=None, to=None)
        return self.url(from_=str(start), to=str(end), when=None)

    def when(self, value: str | None) -> str:
        """The preset period ``value`` (``7d``, …) instead of any dates; None: any time."""
        return self.url(when=value, from_=None, to=None)

    def dates_are_on(self, start: date | str, end: date | str) -> bool:
        return self.get("from") == str(start) and self.get("to") == str(end)

    @property
    def active_filter_count(self) -> int:
        dates = 1 if self.get("from") or self.get("to") else 0
        when = 1 if self.get("when") else 0
        lists = sum(len(self.values(key)) for key in ("source", "category", "month"))
        return lists + dates + when
