"""Stable ids and the URL spelling that tells two copies of one page apart."""

import hashlib
import random
import re

import pytest

from index.ids import canonical_url, content_id, folded_words, text_key, url_id

# What content_id has given "Judul" / "Isi berita." since ids were first derived.
HASH_OF_JUDUL_ISI_BERITA = "bf8e4e9bc1527a45"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://WWW.Contoh.id/berita/a/?utm_source=x&id=7#komentar", "contoh.id/berita/a?id=7"),
        ("http://contoh.id/berita/a", "contoh.id/berita/a"),
        ("contoh.id/berita/a/", "contoh.id/berita/a"),
        ("https://contoh.id:8080/a", "contoh.id:8080/a"),
        ("javascript:window.__xss=1", "javascript:window.__xss=1"),
        ("http://[::1", "http://[::1"),
        ("", ""),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_derived_ids_are_stable():
    assert (
        url_id("https://www.contoh.id/a/")
        == url_id("http://contoh.id/a")
        == "url-" + (url_id("contoh.id/a")[4:])
    )
    assert content_id("Judul", "Isi berita.") == content_id("Judul", "Isi berita.")
    assert content_id("Judul", "Isi berita.") != content_id("Judul", "Isi lain.")
    assert len(content_id("Judul", "Isi berita.")) == len("txt-") + 16


def test_a_text_key_is_the_digest_of_its_words_joined():
    digest = hashlib.sha256(b"judul isi berita 17 5").hexdigest()[:16]
    assert text_key("Judul", "  Isi — BERITA, 17,5.") == digest
    assert content_id("Judul", "Isi berita.") == "txt-" + HASH_OF_JUDUL_ISI_BERITA


# ASCII word characters, separators and controls, and others: letters whose case
# folds to two (ß, ﬁ, İ), final sigma, digits of another script, a combining mark,
# quotes and dashes, Unicode spaces, an emoji (four UTF-8 bytes), a lone surrogate.
PIECES = list("aZz09_ .,-'\"\n\t\r\x0b\x00\x7f") + [
    "é", "É", "ß", "ﬁ", "İ", "Σ", "ς", "٣", "\u0307", "“", "”", "—", "\u00a0", "\u2028",
    "\u3000", "😀", "\ud800", "Kata", "BESAR",
]  # fmt: skip


def test_folded_words_are_the_patterns_words_of_the_folded_text():
    rnd = random.Random(7)
    texts = ["".join(rnd.choices(PIECES, k=rnd.randint(0, 30))) for _ in range(20_000)]
    texts += ["".join(rnd.choices(PIECES[:16], k=rnd.randint(0, 30))) for _ in range(2_000)]
    differ = [
        t
        for t in texts
        if folded_words(t) != [w.encode("utf-8") for w in re.findall(r"\w+", t.casefold())]
    ]
    assert differ == []
    assert folded_words("Straße—İZMİR ﬁx,a_b") == [
        b"strasse",
        b"i",  # İ folds to i and a combining dot, which is no word character
        b"zmi",
        b"r",
        b"fix",
        b"a_b",
    ]
