"""Each rule of the exceptions layer in front of Snowball, by exact tokens."""

import pickle

import pytest

from index.analysis import analyze, indonesian_analyzer, snowball_analyzer
from index.stemming import snowball_stem, stem


@pytest.mark.parametrize(
    ("word", "snowball", "ours"),
    [
        # A root-word dictionary entry is its own stem.
        ("menteri", "teri", "menteri"),
        ("sekolah", "seko", "sekolah"),
        # Snowball reads a suffix as a prefix, or cuts the wrong suffix.
        ("berikan", "ikan", "beri"),
        ("pasukan", "pasu", "pasuk"),
        ("gerakan", "gera", "gerak"),
        # Sound changes of meN-/peN-: the root's first letter comes back.
        ("mengalahkan", "alah", "kalah"),
        ("menyatakan", "sata", "nyata"),
        ("menandakan", "anda", "tanda"),
        ("penulis", "ulis", "tulis"),
        ("menangkap", "angkap", "tangkap"),
        ("mengebom", "ebom", "bom"),
        # Two prefixes and a confix.
        ("kementerian", "menteri", "menteri"),
        ("kepemimpinan", "mimpin", "pimpin"),
        ("memperbaiki", "baik", "baik"),
        # A suffix-only root news hardly writes (perban, perhati, keduduk, meni) gives
        # way to a common root that prefixes explain.
        ("perbankan", "bankan", "bank"),
        ("perhatian", "hati", "hati"),
        ("kedudukan", "duduk", "duduk"),
        ("menikah", "meni", "nikah"),
        # ...but a common suffix-only root stays (keluar, not luar), and a three-letter
        # prefix reading is not taken (petas, not tas).
        ("keluaran", "luar", "keluar"),
        ("serangan", "serang", "serang"),
        ("petasan", "tasan", "petas"),
        # Particles and possessives.
        ("bersembunyilah", "sembunyi", "sembunyi"),
        ("memasukkannya", "pasuk", "masuk"),
        # Proper names the news writes capitalised are not stemmed, only lose a clitic.
        ("megawati", "gawat", "megawati"),
        ("jokowi", "jokow", "jokowi"),
        ("jokowinya", "jokow", "jokowi"),
        ("setiawan", "setiaw", "setiawan"),
        # Words Snowball already gets right stay right.
        ("kebakaran", "bakar", "bakar"),
        ("pemerintah", "perintah", "perintah"),
        ("pemindahan", "pindah", "pindah"),
        ("membanjiri", "banjir", "banjir"),
    ],
)
def test_exceptions_in_front_of_snowball(word, snowball, ours):
    assert (snowball_stem(word), stem(word)) == (snowball, ours)


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("anak-anak", "anak"),
        ("anak-anaknya", "anak"),
        ("bermain-main", "main"),
        ("sebesar-besarnya", "besar"),
        ("kupu-kupu", "kupu-kupu"),  # only exists reduplicated
        ("covid-19", "covid-19"),  # not a reduplication
        ("korea-jepang", "korea-jepang"),
    ],
)
def test_reduplication(word, term):
    assert stem(word) == term


@pytest.mark.parametrize(
    ("word", "term"),
    [
        ("memberikan", "beri"),  # mem-beri-kan, not mem-ber-ikan ("ikan", a fish)
        ("diberikan", "beri"),
        ("diberikannya", "beri"),
        ("memperbaiki", "baik"),  # two prefixes where one explains nothing
        ("keberhasilan", "hasil"),
    ],
)
def test_the_reading_with_fewer_prefixes_wins(word, term):
    assert stem(word) == term


def test_minister_and_ministry_meet_in_a_sentence():
    text = "Menteri Pertahanan dan Kementerian Pertahanan: pasukannya mengalahkan lawan"
    assert analyze(text) == [
        *("menteri", "tahan", "dan", "menteri", "tahan"),
        *("pasuk", "kalah", "lawan"),
    ]
    assert analyze(text, snowball_analyzer()) == [
        "teri",
        "tahan",
        "menteri",
        "tahan",
        "pasu",
        "alah",
        "lawan",
    ]


def test_the_product_analyzer_pickles_into_an_index_schema():
    restored = pickle.loads(pickle.dumps(indonesian_analyzer()))
    assert restored == indonesian_analyzer()
    assert analyze("Kementerian mengalahkan anak-anaknya", restored) == ["menteri", "kalah", "anak"]
