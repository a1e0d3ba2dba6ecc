import random
import re

import pytest

from index import normalize
from index.normalize import clean_body, clean_title, normalize_category, normalize_source

# What each cleaning pattern means, written plainly; the module's patterns are
# faster forms of these and must match exactly the same text.
READABLE = {
    "_COMMA_RUN": r"\s*,{2,}\s*",
    "_GLUED_COMMA": r"(?<=[^\W\d_]),(?=[^\W\d_])",
    "_SPACES": r"[ \t\u00a0]+",
}
BLANK_LINES = r"\s*\n\s*(?:\n\s*)*"
# Commas that stand for a paragraph break, with the white space around them (replaced
# by one): after the end of a sentence or of a quoted one, or a run before a capital.
PARAGRAPH_COMMAS = r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s*,+\s*|\s*,{2,}\s*(?=[A-Z\"“])"
PIECES = [
    "a",
    "B",
    "é",
    "1",
    ".",
    "!",
    "?",
    ",",
    ",",
    " ",
    " ",
    "\n",
    "\t",
    "\u00a0",
    '"',
    "“",
    "”",
    "’",
    "'",
    "\r",
    "\u2028",
    "\x0b",
]


@pytest.mark.parametrize("name", sorted(READABLE))
def test_fast_patterns_match_what_the_readable_ones_match(name):
    fast, plain = getattr(normalize, name), re.compile(READABLE[name])
    rnd = random.Random(name)
    texts = ["".join(rnd.choices(PIECES, k=rnd.randint(0, 24))) for _ in range(20_000)]
    # A single space replaced by a space shows nowhere in the text, so compare the matches.
    differ = [t for t in texts if [m.span() for m in fast.finditer(t)] != _spans(plain, t, name)]
    assert differ == []


def _spans(pattern: re.Pattern, text: str, name: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in pattern.finditer(text)]
    if name == "_SPACES":
        return [(a, b) for a, b in spans if text[a:b] != " "]
    return spans


def test_clean_body_is_the_readable_patterns_applied_in_turn():
    def readable(text: str) -> str:
        text = re.sub(PARAGRAPH_COMMAS, "\n\n", normalize._LEADING_DASH.sub("", text.strip()))
        for name, replacement in [
            ("_COMMA_RUN", " "),
            ("_GLUED_COMMA", " "),
            ("_SPACES", " "),
        ]:
            text = re.sub(READABLE[name], replacement, text)
        return re.sub(BLANK_LINES, "\n\n", text).strip(" ,\n")

    rnd = random.Random(7)
    texts = ["".join(rnd.choices(PIECES, k=rnd.randint(0, 24))) for _ in range(20_000)]
    assert [t for t in texts if clean_body(t) != readable(t)] == []
    assert clean_body("a b\tc") == "a b c"
    assert clean_body("a\u00a0b c") == "a b c"


def test_paragraph_breaks_replace_what_the_readable_pattern_matches():
    rnd = random.Random(9)
    pieces = [*PIECES, ",", ",", "\x1c", "Z", "“"]
    texts = ["".join(rnd.choices(pieces, k=rnd.randint(0, 24))) for _ in range(50_000)]
    plain = re.compile(PARAGRAPH_COMMAS)
    assert [t for t in texts if normalize.paragraph_breaks(t) != plain.sub("\n\n", t)] == []
    assert normalize.paragraph_breaks('Usai. , ,Lalu ya,, tidak,,,,"Kata') == (
        'Usai.\n\n,Lalu ya,, tidak\n\n"Kata'
    )


def test_blank_lines_are_runs_of_white_space_with_a_break_made_one():
    rnd = random.Random(8)
    spaces = ["a", " ", "\n", "\t", "\r", "\u2028"]
    texts = ["".join(rnd.choices(spaces, k=rnd.randint(0, 16))) for _ in range(20_000)]
    texts += ["".join(rnd.choices(PIECES, k=rnd.randint(0, 24))) for _ in range(20_000)]
    assert [t for t in texts if normalize.blank_lines(t) != re.sub(BLANK_LINES, "\n\n", t)] == []
    assert normalize.blank_lines(" a \n \n\tb\n") == " a\n\nb\n\n"


def test_scraping_artifacts_are_cleaned():
    raw = (
        "- Meski sempat membuat,khawatir, kini membaik.,Hal itu terungkap.,,,,,"
        "Belakangan pulih,,,,Pada hari itu,"
    )
    assert clean_body(raw) == (
        "Meski sempat membuat khawatir, kini membaik.\n\n"
        "Hal itu terungkap.\n\n"
        "Belakangan pulih\n\n"
        "Pada hari itu"
    )


def test_commas_that_belong_to_the_text_stay():
    assert clean_body('(antisipasi banjir)," kata Anies, dengan 17,5 persen') == (
        '(antisipasi banjir)," kata Anies, dengan 17,5 persen'
    )
    assert clean_body('itu saja,"pungkasnya.') == 'itu saja,"pungkasnya.'


def test_comma_run_inside_a_sentence_becomes_a_space():
    assert clean_body("naik 2,,,,dan turun") == "naik 2 dan turun"


def test_title_on_one_line():
    assert clean_title("  Banjir\n Rendam   Jakarta ") == "Banjir Rendam Jakarta"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kompas.com", "kompas.com"),
        (" kompas.com ", "kompas.com"),
        ("https://www.Tempo.co/", "tempo.co"),
    ],
)
def test_one_spelling_per_outlet(raw, expected):
    assert normalize_source(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SELEBRITI", "Selebriti"),
        ("selebriti", "Selebriti"),
        ("Selebriti", "Selebriti"),
        ("TV", "TV"),
        ("News & Entertainment", "News & Entertainment"),
        ("-", ""),
    ],
)
def test_one_spelling_per_category(raw, expected):
    assert normalize_category(raw) == expected


def test_invisible_characters_that_split_words_are_removed():
    # A soft hyphen and a left-to-right mark, as the bundled corpus holds them once repaired.
    body = "sejak 21 Sep\u00adtember 2011. KPK telah \u200emenetapkan lima tersangka"
    assert clean_body(body) == "sejak 21 September 2011. KPK telah menetapkan lima tersangka"
    assert clean_title("\ufeffSekolah per\u00adtama\u200f") == "Sekolah pertama"
    assert clean_body("Kafé “baru”\u200b di Bandung") == "Kafé “baru”\u200b di Bandung"
