"""Article text as its writer meant it: mojibake undone, stray control characters removed.

Scraped news often went through a wrong decoding on its way: UTF-8 read as Mac
Roman (``‚Äú`` for “, ``¬†`` for a no-break space) or as Windows-1252 (``â€œ``),
or Windows-1252 read as Latin-1, which leaves C1 control characters (U+0080 to
U+009F) where quotes and dashes were. `ftfy <https://ftfy.readthedocs.io/>`_
tells such mojibake from text that merely holds unusual characters, and undoes it.

These encodings keep ASCII as it is, so mojibake lies in runs of non-ASCII
characters: ftfy looks at each run rather than at the whole text, which is
costly for a long article, and a run seen once is not looked at again. A run
can be too short to be recognisably wrong on its own (``√°`` for á); where
another run of the same text was mojibake, that run's repair is tried on it too,
as ftfy does when it repairs a whole text at once.

Where a text holds no other mojibake, ftfy leaves such short Mac Roman runs
(``√£`` for ã, ``‚Äé`` for a left-to-right mark, ``\uf8ffüòä`` for an emoji):
:data:`_MAC_ROMAN` finds them by their first character, a symbol that is almost
never followed by accented letters in text as written, and only a run that is
then exactly one character in UTF-8 is decoded.
"""

from __future__ import annotations

import re
from functools import lru_cache

import ftfy

from index.notes import CONTROLS, MOJIBAKE

NOTHING: frozenset[str] = frozenset()

_RUN = re.compile(r"[^\x00-\x7f]+")
# C0 controls other than tab, newline, carriage return and form feed; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CACHED_RUNS = 1 << 16


def _mac_roman(first: int, last: int) -> str:
    return re.escape(bytes(range(first, last + 1)).decode("mac_roman"))


# UTF-8 read as Mac Roman, by its lead byte: ¬ √ ƒ ≈ ∆, Œ œ, ÷ ◊ ÿ Ÿ ⁄ € ‹ › ﬁ ﬂ for two
# bytes; ‡ · ‚ „ ‰ for three; the Apple logo for four. Each is followed by continuation
# bytes (Ä to ø). Letters, quotes and dashes, which do lead in text as written, are left out.
_CONT = _mac_roman(0x80, 0xBF)
_MAC_ROMAN = re.compile(
    f"[{_mac_roman(0xC2, 0xC6)}{_mac_roman(0xCE, 0xCF)}{_mac_roman(0xD6, 0xDF)}][{_CONT}]"
    f"|[{_mac_roman(0xE0, 0xE4)}][{_CONT}]{{2}}|{_mac_roman(0xF0, 0xF0)}[{_CONT}]{{3}}"
)
_PLAN_ERRORS = (UnicodeError, ValueError, LookupError)


def repair(text: str) -> tuple[str, frozenset[str]]:
    """``text`` repaired, and what was wrong with it (:data:`MOJIBAKE`, :data:`CONTROLS`)."""
    if text.isascii():
        if not _ASCII_CONTROL.search(text):
            return text, NOTHING
        return _ASCII_CONTROL.sub("", text), frozenset({CONTROLS})
    found = set()
    fixed = _without_mojibake(text)
    if fixed != text:
        found.add(MOJIBAKE)
    cleaned = _CONTROL.sub("", fixed)
    if cleaned != fixed:
        found.add(CONTROLS)
    return cleaned, frozenset(found)


def _without_mojibake(text: str) -> str:
    text = _by_runs(text)
    if _MAC_ROMAN.search(text):
        text = _MAC_ROMAN.sub(_from_mac_roman, text)
    return text


def _from_mac_roman(match: re.Match) -> str:
    try:
        return match.group().encode("mac_roman").decode("utf-8")
    except UnicodeError:
        return match.group()


def _by_runs(text: str) -> str:
    parts: list[str] = []
    unchanged: list[int] = []
    plans: list[tuple] = []
    end = 0
    for m in _RUN.finditer(text):
        run = m.group()
        fixed, plan = _fixed_run(run)
        parts.append(text[end : m.start()])
        if fixed == run:
            unchanged.append(len(parts))
        elif plan not in plans:
            plans.append(plan)
        parts.append(fixed)
        end = m.end()
    if not plans:
        return text
    parts.append(text[end:])
    for number in unchanged:
        for plan in plans:
            again = _run_by_plan(parts[number], plan)
            if again != parts[number]:
                parts[number] = again
                break
    return "".join(parts)


@lru_cache(maxsize=_CACHED_RUNS)
def _fixed_run(run: str) -> tuple[str, tuple]:
    """A run of non-ASCII characters as ftfy repairs it, and the steps it took."""
    result = ftfy.fix_encoding_and_explain(run)
    return result.text, tuple(result.explanation or ())


@lru_cache(maxsize=_CACHED_RUNS)
def _run_by_plan(run: str, plan: tuple) -> str:
    """``run`` put through the steps that repaired another run, or as it was if they fail."""
    try:
        return ftfy.apply_plan(run, list(plan))
    except _PLAN_ERRORS:
        return run
