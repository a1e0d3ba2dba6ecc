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
_ASCII_TO_SPACE = bytes.maketrans(bytes(range(128)), b" " * 128)
# C0 controls other than tab, newline, carriage return and form feed, and DEL; C1 controls.
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Every byte but those, for finding them in C: in UTF-8 they stand only for themselves.
_NOT_ASCII_CONTROL = bytes(set(range(256)) - {*range(9), 0x0B, *range(0x0E, 0x20), 0x7F})
_C1 = re.compile(r"[\x80-\x9f]")
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
    found: set[str] = set()
    data = text.encode("utf-8", "surrogatepass")
    if not text.isascii():
        text = _by_runs(text, data, found)
    if data.translate(None, _NOT_ASCII_CONTROL):
        text = _ASCII_CONTROL.sub("", text)
        found.add(CONTROLS)
    return text, frozenset(found) if found else NOTHING


def _by_runs(text: str, data: bytes, found: set[str]) -> str:
    """``text`` (``data`` in UTF-8) with each run of non-ASCII characters repaired
    (:func:`_fixed_run`).

    The runs are found in C (the UTF-8 with every ASCII byte made a space, split),
    and each distinct run is replaced where it stands; a pattern over the runs,
    slower, serves a text where a run to replace is part of another.
    """
    spaced = data.translate(_ASCII_TO_SPACE).split()
    runs = [r.decode("utf-8", "surrogatepass") for r in dict.fromkeys(spaced)]
    fixed = [_fixed_run(run) for run in runs]
    plans = list(dict.fromkeys(plan for _, plan in fixed if plan))
    final: dict[str, str] = {}
    for run, (new, _) in zip(runs, fixed, strict=True):
        if new == run:
            new = next((p for p in (_run_by_plan(run, plan) for plan in plans) if p != run), run)
        if new != run:
            found.add(MOJIBAKE)
        if _C1.search(new):
            new = _C1.sub("", new)
            found.add(CONTROLS)
        if new != run:
            final[run] = new
    if any(run in other for run in final for other in runs if other != run):
        return _RUN.sub(lambda m: final.get(m.group(), m.group()), text)
    for run in sorted(final, key=len, reverse=True):
        text = text.replace(run, final[run])
    return text


@lru_cache(maxsize=_CACHED_RUNS)
def _fixed_run(run: str) -> tuple[str, tuple]:
    """A run of non-ASCII characters as ftfy repairs it, and the steps it took; else
    as :data:`_MAC_ROMAN` finds it (no steps to try on other runs)."""
    result = ftfy.fix_encoding_and_explain(run)
    if result.text != run:
        return result.text, tuple(result.explanation or ())
    if _MAC_ROMAN.search(run):
        return _MAC_ROMAN.sub(_from_mac_roman, run), ()
    return run, ()


def _from_mac_roman(match: re.Match) -> str:
    try:
        return match.group().encode("mac_roman").decode("utf-8")
    except UnicodeError:
        return match.group()


@lru_cache(maxsize=_CACHED_RUNS)
def _run_by_plan(run: str, plan: tuple) -> str:
    """``run`` put through the steps that repaired another run, or as it was if they fail."""
    try:
        return ftfy.apply_plan(run, list(plan))
    except _PLAN_ERRORS:
        return run
