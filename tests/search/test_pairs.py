"""Query words standing together score as one term of their own (``search/evaluation/pairs.py``).

A tiny corpus in which the words of ``tahun baru`` and ``dalam negeri`` are
everywhere and the expressions in a few articles: in the title, in the body,
after a title too long for Whoosh's one-byte length to tell where it ends, or
only as the words apart. Exact ids in exact order.
"""

import json

import pytest
from whoosh.util.numeric import byte_to_length, length_to_byte

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.evaluation.pairs import occurrences
from search.language.request import SearchRequest

# 16 and 11 words: Whoosh's byte says 15 or 16, and 11 or 12.
LONG_TITLE = (
    "Rombongan Warga Desa Kecil di Lereng Gunung Merapi Pulang Kampung Naik Bus Jelang Libur"
    " Tahun Baru"
)
LONG_TITLE_11 = "Bus dari Terminal Kota Penuh Sesak oleh Penumpang yang Pulang Mudik"
ARTICLES = [
    ("judul", "Macet Panjang Jelang Tahun Baru", "Jalan tol padat kendaraan pemudik."),
    ("isi", "Jalan Tol Padat Kendaraan", "Pemudik memadati jalan tol menjelang tahun baru."),
    ("judul-panjang", LONG_TITLE, "Mereka naik bus dari terminal kota."),
    ("isi-panjang", LONG_TITLE_11, "Tahun baru."),
    ("lintas", "Antre Tiket Jelang Tahun", "Baru kali ini antrean sepanjang itu."),
    ("terpisah", "Tahun Ini Gerai Baru Dibuka", "Tahun ini ada gerai baru di pusat kota."),
    ("terpisah-2", "Baru Setahun, Tahun Depan Diganti", "Gedung baru itu tahun depan diganti."),
    ("terpisah-3", "Mobil Baru Terjual Tahun Lalu", "Penjualan mobil baru tahun lalu naik."),
    # The words apart, as in most news: the pair is rare beside its words.
    *(
        (f"kabar-{n}", f"Kabar Desa {n}", f"Sudah {n} tahun warga menunggu jembatan baru.")
        for n in range(60)
    ),
    ("dalam-negeri", "Produk Dalam Negeri Laris", "Produk buatan dalam negeri diminati warga."),
    ("luar-negeri", "Produk Luar Negeri Masuk", "Di dalam pasar, produk luar negeri melimpah."),
    ("negeri-saja", "Negeri Tetangga Membeli", "Negeri tetangga membeli beras kita."),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pairs")
    source = folder / "articles.jsonl"
    lines = [json.dumps({"id": i, "title": t, "body": b}) for i, t, b in ARTICLES]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build([source], IndexStore(folder / "index"), procs=1)
    return SearchEngine(folder / "index")


def ids(engine, text):
    return [hit.id for hit in engine.search(SearchRequest(text)).hits]


def test_where_the_pair_stands_title_body_or_across(engine):
    searcher = engine.searcher()
    number = {searcher.stored_fields(n)["id"]: n for n in range(searcher.doc_count_all())}
    titles = engine.evaluator(searcher).postings.field_lengths(searcher, "title")
    # The two long titles' lengths are ones Whoosh's byte cannot tell exactly.
    for name, words in (("judul-panjang", 16), ("isi-panjang", 11)):
        coded = length_to_byte(words)
        assert byte_to_length(coded - 1) < words - 1 or byte_to_length(coded) > words
        assert titles[number[name]] == byte_to_length(coded)
    found = occurrences(searcher, ["tahun", "baru"], titles)
    where = {
        searcher.stored_fields(int(n))["id"]: (int(t), int(b))
        for n, t, b in zip(found.ids, found.title, found.body, strict=True)
    }
    assert where == {
        "judul": (1, 0),
        "isi": (0, 1),
        "judul-panjang": (1, 0),
        "isi-panjang": (0, 1),
        "lintas": (0, 0),
    }


def test_the_pair_ranks_above_its_words_apart(engine):
    # In the title (however long) first; in the body above the words apart in the
    # body ("kabar-*") and above the pair split by the end of the title ("lintas").
    assert ids(engine, "tahun baru") == [
        "judul",
        "judul-panjang",
        "terpisah-2",
        "terpisah-3",
        "terpisah",
        "isi-panjang",
        "isi",
        "lintas",
        "kabar-0",
        "kabar-1",
    ]


def test_a_pair_with_one_common_word(engine):
    assert ids(engine, "dalam negeri") == ["dalam-negeri", "negeri-saja", "luar-negeri"]
    # "produk" and "negeri" required ("dalam" is common): the one with "negeri" alone follows.
    found = engine.search(SearchRequest("produk dalam negeri"))
    assert [(hit.id, hit.partial) for hit in found.hits] == [
        ("dalam-negeri", False),
        ("luar-negeri", False),
        ("negeri-saja", True),
    ]
    assert (found.total, found.full, found.relaxed) == (3, 2, True)
    assert ids(engine, "luar negeri") == ["luar-negeri", "negeri-saja", "dalam-negeri"]


def test_the_words_in_the_other_order_are_no_pair(engine):
    # "baru tahun" stands nowhere: the order is the words' alone.
    assert ids(engine, "baru tahun")[:4] == ["terpisah-2", "terpisah-3", "terpisah", "judul"]
