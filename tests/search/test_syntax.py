"""The query language read into its tree: exact trees, and broken syntax as plain words."""

from datetime import date

import pytest

from search.language.syntax import (
    And,
    DateRange,
    Not,
    Or,
    Parsed,
    Phrase,
    Word,
    parse_query,
    words_of,
)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("banjir jakarta", And((Word("banjir"), Word("jakarta")))),
        ('"banjir jakarta" -bekasi', And((Phrase("banjir jakarta"), Not(Word("bekasi"))))),
        ("“banjir bandang”", And((Phrase("banjir bandang"),))),
        ("banjir jakarta OR bekasi", And((Word("banjir"), Or((Word("jakarta"), Word("bekasi")))))),
        (
            "banjir ATAU gempa TIDAK maluku",
            And((Or((Word("banjir"), Word("gempa"))), Not(Word("maluku")))),
        ),
        ("banjir DAN jakarta", And((Word("banjir"), Word("jakarta")))),
        ("banjir dan atau tidak", And(tuple(Word(w) for w in ("banjir", "dan", "atau", "tidak")))),
        ("banjir NOT jakarta", And((Word("banjir"), Not(Word("jakarta"))))),
        ("a -(b OR c)", And((Word("a"), Not(Or((Word("b"), Word("c"))))))),
        ("title:banjir", And((Word("banjir", "title"),))),
        ('judul:"banjir jakarta"', And((Phrase("banjir jakarta", "title"),))),
        (
            "title:(banjir OR gempa) jakarta",
            And((Or((Word("banjir", "title"), Word("gempa", "title"))), Word("jakarta"))),
        ),
        (
            "Source:kompas.com sumber:tempo",
            And((Word("kompas.com", "source"), Word("tempo", "source"))),
        ),
        ('kategori:"News & Entertainment"', And((Phrase("News & Entertainment", "category"),))),
        (
            "id:x url:http://y published:2019",
            And((Word("id:x"), Word("url:http://y"), Word("published:2019"))),
        ),
        ("covid-19 anak-anak", And((Word("covid-19"), Word("anak-anak")))),
        ("banjir OR", And((Word("banjir"),))),
        ("OR banjir AND", And((Word("banjir"),))),
        ("+banjir +", And((Word("banjir"),))),
        ("", And(())),
    ],
)
def test_trees(text, tree):
    assert parse_query(text) == Parsed(tree)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("tanggal:2019-07-31", date(2019, 7, 31), date(2019, 7, 31)),
        ("tanggal:2019-07", date(2019, 7, 1), date(2019, 7, 31)),
        ("tanggal:2020-02", date(2020, 2, 1), date(2020, 2, 29)),
        ("date:2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("tanggal:2019-07-01..2019-08", date(2019, 7, 1), date(2019, 8, 31)),
        ("tanggal:..2019-07-31", None, date(2019, 7, 31)),
        ("tanggal:2019-07-01..", date(2019, 7, 1), None),
        ("dari:2019-07", date(2019, 7, 1), None),
        ("sampai:2019-07", None, date(2019, 7, 31)),
        ("from:2019-07-02", date(2019, 7, 2), None),
        ("to:2019", None, date(2019, 12, 31)),
    ],
)
def test_dates(text, first, last):
    assert parse_query(text) == Parsed(And((DateRange(first, last),)))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"banjir jakarta', ["banjir", "jakarta"]),
        ("banjir -", ["banjir"]),
        ("- banjir", ["banjir"]),
        ("title:", []),
        ("banjir title:", ["banjir"]),
        ("banjir judul: jakarta", ["banjir", "jakarta"]),
        ("(banjir", ["banjir"]),
        ("banjir)", ["banjir"]),
        ("banjir TIDAK", ["banjir"]),
        ("NOT", []),
        ("banjir --jakarta", ["banjir", "jakarta"]),
        ("tanggal:2019-13", ["2019-13"]),
        ("tanggal:kemarin banjir", ["kemarin", "banjir"]),
        ("tanggal:2019-08..2019-07", ["2019-08..2019-07"]),
        ("tanggal:..", [".."]),
        ('title:"banjir', ["banjir"]),
        ("(" * 30 + "banjir" + ")" * 30, ["banjir"]),
    ],
)
def test_broken_syntax_is_plain_words(text, words):
    assert parse_query(text) == Parsed(And(tuple(Word(w) for w in words)), broken=True)


def test_words_of_leaves_out_exclusions_and_filters():
    parsed = parse_query('banjir "air bah" -jakarta source:kompas title:bekasi OR x')
    assert words_of(parsed.node) == ["banjir", "air bah", "bekasi", "x"]
