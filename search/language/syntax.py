"""The query language people type, read into a small tree; no Whoosh here.

- words are all required: ``banjir jakarta``
- ``"exact phrase"`` (straight or curly quotes)
- ``-word``, ``-"a phrase"``, ``NOT word`` / ``TIDAK word`` exclude
- ``OR`` / ``ATAU`` between alternatives, binding tighter than the implicit AND
  (``banjir jakarta OR bekasi`` is banjir and one of jakarta, bekasi);
  ``AND`` / ``DAN`` may be written and changes nothing
- ``( … )`` groups
- fields: ``title:``/``judul:``, ``source:``/``sumber:``, ``category:``/``kategori:``,
  ``author:``/``penulis:`` before a word, a phrase or a group (each field's names in
  ``index/fields.py``)
- dates (WIB days): ``tanggal:2019-07-31``, ``tanggal:2019-07``, ``tanggal:2019``,
  ``tanggal:2019-07-01..2019-07-31`` (either end may be left open),
  ``dari:2019-07-01``, ``sampai:2019-07-31``; ``date:``, ``from:``, ``to:`` too

Operators count only in capitals: ``dan``, ``atau``, ``tidak`` are words.
Anything else with a colon (``id:``, ``url:``, ``http://…``) is plain text.
Broken syntax (an unclosed quote or group, a lone ``-``, a field with nothing
after it, a date that is not one) never fails: the text is searched as plain
words, every one required.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from index.fields import DATE_NAMES, QUERY_NAMES

OPERATORS = {"AND": "AND", "DAN": "AND", "OR": "OR", "ATAU": "OR", "NOT": "NOT", "TIDAK": "NOT"}
# ``name:`` before text: the field it searches or selects by; before a date: which days.
TEXT_FIELDS = QUERY_NAMES
DATE_FIELDS = DATE_NAMES
OPEN_QUOTES = '"“”„'
CLOSE_QUOTES = '"“”'
_SPECIAL = set("()") | set(OPEN_QUOTES)
_FIELD = re.compile(r"([A-Za-z]+):(.*)\Z", re.DOTALL)
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
MAX_DEPTH = 20


class Broken(ValueError):
    """The text is not well-formed query syntax."""


# The tree -----------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    field: str | None = None  # None: the default fields (title and body)


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str | None = None


@dataclass(frozen=True)
class DateRange:
    """WIB calendar days, both included; an open end is None."""

    first: date | None
    last: date | None


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Word | Phrase | DateRange | Not | And | Or


@dataclass(frozen=True)
class Parsed:
    node: And
    broken: bool = False  # True when the text was read as plain words


def words_of(node: Node) -> list[str]:
    """The words and phrases a person asked for, excluded ones left out, in order."""
    if isinstance(node, Word | Phrase):
        return [node.text] if node.field in (None, "title") else []
    if isinstance(node, And | Or):
        return [w for sub in node.nodes for w in words_of(sub)]
    return []


# Reading ------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str  # "(", ")", "word", "phrase", "op", "-", "field"
    text: str = ""


def tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token(ch))
            i += 1
        elif ch in OPEN_QUOTES:
            end = _closing_quote(text, i + 1)
            tokens.append(_Token("phrase", text[i + 1 : end]))
            i = end + 1
        elif ch in "-+":
            if i + 1 >= n or text[i + 1].isspace() or text[i + 1] == ")":
                if ch == "-":
                    raise Broken("a lone '-'")
                i += 1  # a lone '+' asks for nothing
                continue
            if ch == "-":
                tokens.append(_Token("-"))
            i += 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] not in _SPECIAL:
                i += 1
            tokens.extend(_word_tokens(text[start:i], text[i] if i < n else ""))
    return tokens


def _closing_quote(text: str, start: int) -> int:
    for j in range(start, len(text)):
        if text[j] in CLOSE_QUOTES:
            return j
    raise Broken("an unclosed quote")


def _word_tokens(word: str, following: str) -> list[_Token]:
    if word in OPERATORS:
        return [_Token("op", OPERATORS[word])]
    m = _FIELD.match(word)
    if m is None:
        return [_Token("word", word)]
    name, value = m[1].lower(), m[2]
    if name not in TEXT_FIELDS and name not in DATE_FIELDS:
        return [_Token("word", word)]
    if value:
        return [_Token("field", name), _Token("word", value)]
    if following in _SPECIAL and name in TEXT_FIELDS:
        return [_Token("field", name)]  # a phrase or a group follows
    raise Broken(f"'{name}:' with nothing after it")


class _Reader:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def sequence(self, field: str | None) -> And:
        """Items until the end or a closing parenthesis, all required."""
        items: list[Node] = []
        while (token := self.peek()) is not None and token.kind != ")":
            if token.kind == "op" and token.text in ("AND", "OR"):
                self.take()  # a dangling AND/OR adds nothing
                continue
            items.append(self.alternatives(field))
        return And(tuple(items))

    def alternatives(self, field: str | None) -> Node:
        options = [self.unary(field)]
        while (token := self.peek()) is not None and token.kind == "op" and token.text == "OR":
            self.take()
            after = self.peek()
            if after is None or after.kind == ")" or after.kind == "op" and after.text != "NOT":
                break
            options.append(self.unary(field))
        return options[0] if len(options) == 1 else Or(tuple(options))

    def unary(self, field: str | None) -> Node:
        token = self.peek()
        if token is not None and (token.kind == "-" or token.kind == "op" and token.text == "NOT"):
            self.take()
            after = self.peek()
            if after is None or after.kind in (")", "-") or after.kind == "op":
                raise Broken("nothing to exclude")
            return Not(self.atom(field))
        return self.atom(field)

    def atom(self, field: str | None) -> Node:
        token = self.take()
        if token.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise Broken("groups nested too deep")
            inner = self.sequence(field)
            if self.peek() is None:
                raise Broken("an unclosed group")
            self.take()
            self.depth -= 1
            return inner.nodes[0] if len(inner.nodes) == 1 else inner
        if token.kind == "phrase":
            return Phrase(token.text, field)
        if token.kind == "word":
            return Word(token.text, field)
        if token.kind == "field":
            return self.fielded(token.text)
        raise Broken(f"unexpected {token.kind!r}")

    def fielded(self, name: str) -> Node:
        value = self.peek()
        if value is None or value.kind not in ("word", "phrase", "("):
            raise Broken(f"'{name}:' with nothing after it")
        if name in DATE_FIELDS:
            if value.kind != "word":
                raise Broken(f"'{name}:' takes a date")
            return date_clause(DATE_FIELDS[name], self.take().text)
        return self.atom(TEXT_FIELDS[name])


def date_clause(kind: str, value: str) -> DateRange:
    """``2019``, ``2019-07``, ``2019-07-31`` or (for a range) ``A..B`` with an end open."""
    if kind == "range" and ".." in value:
        start, _, end = value.partition("..")
        if not start and not end:
            raise Broken("a date range with no date")
        first = period(start)[0] if start else None
        last = period(end)[1] if end else None
        if first and last and first > last:
            raise Broken("a date range that ends before it starts")
        return DateRange(first, last)
    first, last = period(value)
    if kind == "from":
        return DateRange(first, None)
    if kind == "to":
        return DateRange(None, last)
    return DateRange(first, last)


def period(value: str) -> tuple[date, date]:
    """The first and last day of a year, a month or a day."""
    m = _DATE.match(value)
    if m is None:
        raise Broken(f"not a date: {value!r}")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            last = calendar.monthrange(year, int(month))[1]
            return date(year, int(month), 1), date(year, int(month), last)
        moment = date(year, int(month), int(day))
        return moment, moment
    except (ValueError, calendar.IllegalMonthError):
        raise Broken(f"not a date: {value!r}") from None


def plain_words(text: str) -> And:
    """The text without its syntax: every word required, on the default fields."""
    words = []
    for raw in re.split(r"[\s()" + OPEN_QUOTES + "]+", text):
        word = raw.lstrip("-+")
        if not word or word in OPERATORS:
            continue
        m = _FIELD.match(word)
        if m and (m[1].lower() in TEXT_FIELDS or m[1].lower() in DATE_FIELDS):
            word = m[2]
        if word:
            words.append(Word(word))
    return And(tuple(words))


def parse_query(text: str) -> Parsed:
    """The tree for ``text``; never raises."""
    try:
        reader = _Reader(tokenize(text))
        node = reader.sequence(None)
        if reader.peek() is not None:
            raise Broken("a closing parenthesis without an opening one")
        return Parsed(node)
    except Broken:
        return Parsed(plain_words(text), broken=True)
