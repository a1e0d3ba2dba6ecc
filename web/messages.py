"""Messages in the reader's language: English and Indonesian, chosen by ``Accept-Language``.

An error message is written once in both languages where it is raised (:func:`said`);
the answer picks one by the request's ``Accept-Language``, with a default per audience
(Indonesian for the page, English for the API, whose ``code`` never changes).
"""

from __future__ import annotations

from flask import request

LANGUAGES = ("id", "en")


class Said(str):
    """An English message (the string itself) carrying its Indonesian translation."""

    indonesian: str

    def __new__(cls, english: str, indonesian: str) -> Said:
        text = super().__new__(cls, english)
        text.indonesian = indonesian
        return text


def said(english: str, indonesian: str) -> Said:
    """A message in both languages; it reads as English where a plain string is expected."""
    return Said(english, indonesian)


def language(default: str) -> str:
    """``id`` or ``en``: the one the request's ``Accept-Language`` prefers, else ``default``."""
    choices = [default, *(lang for lang in LANGUAGES if lang != default)]
    return request.accept_languages.best_match(choices, default=default)


def in_language(text: str, lang: str, indonesian: str | None = None) -> str:
    """``text`` in ``lang``: a :class:`Said`'s own translation, else ``indonesian`` if given."""
    if lang != "id":
        return str(text)
    if isinstance(text, Said):
        return text.indonesian
    return indonesian if indonesian is not None else str(text)
