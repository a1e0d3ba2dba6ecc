"""Each analyzer's terms of a text, kept: a query analyses each of its words once per
field searched (title, body, exact, phrase), and the same words come back query after
query."""

from __future__ import annotations

ANALYSED_KEPT = 50_000
_analysed: dict[tuple[int, str], tuple[object, tuple[str, ...]]] = {}


def terms_of(analyzer, text: str) -> list[str]:
    """The terms ``analyzer`` makes of ``text`` (each analyzer's are kept apart: the
    analyzer itself is held with them, so its id is never another's)."""
    key = (id(analyzer), text)
    found = _analysed.get(key)
    if found is not None and found[0] is analyzer:
        return list(found[1])
    terms = tuple(token.text for token in analyzer(text))
    if len(_analysed) >= ANALYSED_KEPT:
        _analysed.clear()
    _analysed[key] = (analyzer, terms)
    return list(terms)
