"""Bytes from scrapes turned into text, whatever common encoding they came in.

UTF-8 (with or without a byte-order mark) is tried first, then Windows-1252,
which also reads Latin-1 text as its writer meant it; its five unassigned bytes
are read as the C1 control characters Latin-1 gives them. A stray control
character is left for :mod:`index.repair` to remove or repair; text with a NUL
or mostly control characters is binary, not an article: it is refused, never guessed.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy.bad_codecs  # noqa: F401  (registers the codec "sloppy-windows-1252")

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, newline, carriage return and form feed, DEL and C1
# controls: never part of an article; many of them are a sign of binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# More control characters than this share of a text (or of a file's start) is binary data.
BINARY_SHARE = 0.1


class Undecodable(ValueError):
    """Bytes that are not text in any encoding we read."""


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if "\x00" in text:
        raise Undecodable(f"NUL characters in {encoding} text (binary data?)")
    if _CONTROL.search(text) and len(_CONTROL.findall(text)) > BINARY_SHARE * len(text):
        raise Undecodable(f"mostly control characters in {encoding} text (binary data?)")
    return text, encoding


def decode(data: bytes, whole_file: bool = True) -> tuple[str, str]:
    """``data`` as text, and the encoding it was read in.

    A byte-order mark names the encoding of a ``whole_file`` only; a line
    from the middle of a file is UTF-8 or cp1252. Raises :class:`Undecodable`
    for bytes that are not text.
    """
    for bom, encoding in BOMS if whole_file else ():
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(encoding), encoding)
            except UnicodeDecodeError as err:
                raise Undecodable(f"invalid {encoding} after its byte-order mark") from err
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # ftfy's codec: Windows-1252, its unassigned bytes read as Latin-1 reads them.
    return _checked(data.decode("sloppy-windows-1252"), "cp1252")


_TEXT_CONTROLS = frozenset(b"\t\n\x0c\r")


def looks_binary(data: bytes) -> bool:
    """Whether the start of a file is binary data rather than text.

    Text may hold a stray control character (one bad line); binary data is
    full of them: more than :data:`BINARY_SHARE` of the first 8 KiB.
    """
    head = data[:8192]
    if not head or head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return controls > BINARY_SHARE * len(head)


def nfkc(text: str) -> str:
    """One code point sequence per written form, so the same word is the same term."""
    return unicodedata.normalize("NFKC", text)
