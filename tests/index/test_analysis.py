import pickle

from index.analysis import analyze, indonesian_analyzer, stopwords


def test_reduplication_numbers_and_punctuation():
    # A plural by reduplication meets its singular (anak-anak → anak); a word
    # that only exists reduplicated (kupu-kupu, in the root dictionary) stays whole.
    text = "Anak-anak bermain kupu-kupu; suhu 17,5 derajat pada 2019 (Jakarta)!"
    assert analyze(text) == [
        "anak",
        "main",
        "kupu-kupu",
        "suhu",
        "17,5",
        "derajat",
        "pada",
        "2019",
        "jakarta",
    ]


def test_inflected_words_meet_their_stem():
    assert analyze("membahas kebanjiran membanjiri banjir") == [
        "bahas",
        "banjir",
        "banjir",
        "banjir",
    ]


def test_stop_words_are_indexed_like_every_word():
    # How much a very common word counts is decided at query time (search/language/matching.py).
    assert analyze("yang dan di ke dari adalah banjir itu") == [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "adalah",
        "banjir",
        "itu",
    ]
    assert analyze("Tahun Baru, ibu negara dan ibu kota baru") == [
        "tahun",
        "baru",
        "ibu",
        "negara",
        "dan",
        "ibu",
        "kota",
        "baru",
    ]


def test_comma_between_words_splits_them():
    assert analyze("membuat,khawatir warga,dengan") == ["buat", "khawatir", "warga", "dengan"]


def test_thousands_and_hyphenated_names_stay_whole():
    assert analyze("Rp 1.000.000 untuk COVID-19") == ["rp", "1.000.000", "untuk", "covid-19"]


def test_analyzer_pickles_and_still_stems():
    restored = pickle.loads(pickle.dumps(indonesian_analyzer()))
    assert analyze("pembahasan kebakaran", restored) == ["bahas", "bakar"]


def test_stopword_list_is_the_bundled_one():
    words = stopwords()
    assert len(words) == 757
    assert {"yang", "dan", "adalah"} <= words
    assert not any(w.startswith("#") for w in words)
