import pytest

from index.normalize import clean_body, clean_title, normalize_category, normalize_source


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
