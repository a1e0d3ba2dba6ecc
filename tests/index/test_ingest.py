import gzip
import json
from datetime import datetime, timedelta, timezone

from index.ingest import Article, Reject
from index.progress import count_lines
from index.readers.jsonl import read_jsonl
from tests.conftest import ARTICLES

WIB = timezone(timedelta(hours=7))


def test_fixture_corpus_articles_and_rejects():
    items = list(read_jsonl(ARTICLES))
    rejects = [(r.line, r.reason) for r in items if isinstance(r, Reject)]
    assert rejects == [
        (11, "invalid JSON (Expecting value)"),
        (13, "no body"),
        (16, "not a JSON object"),
    ]
    assert [a.id for a in items if isinstance(a, Article)] == [
        "banjir-utara",
        "bekasi-kebanjiran",
        "menteri-anggaran",
        "hutan-riau",
        "gempa-maluku",
        "taman-kupu",
        "timnas-menang",
        "uji-html",
        "tanpa-judul",
        "https://contoh.id/berita/ekonomi-tumbuh",  # an id may be anything, a URL too
        "macet-jakarta",
        "txt-2a800dad914dff1d",  # neither id nor URL: derived from the text
        "musim-hujan",
    ]


def test_record_is_normalized():
    first = next(read_jsonl(ARTICLES))
    assert first == Article(
        id="banjir-utara",
        title="Banjir Rendam Jakarta Utara",
        body=(
            "Hujan deras sejak pagi membuat banjir merendam ratusan rumah di Jakarta Utara.\n\n"
            "Warga mengungsi ke masjid terdekat.\n\nPetugas membuka posko darurat."
        ),
        url="https://contoh.kompas.com/banjir-utara",
        source="kompas.com",
        category="Nasional",
        published=datetime(2019, 7, 31, 15, 57, tzinfo=WIB),
    )


def test_aliases_and_missing_title(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    record = {
        "url": "https://x.id/1",
        "content": "Isi.",
        "date": "2019-09-13T00:00:00",
        "time": "12:33",
    }
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")
    (article,) = read_jsonl(path)
    assert (article.id, article.title, article.body) == ("url-d39e4cd41c46016a", "", "Isi.")
    assert article.published == datetime(2019, 9, 13, 12, 33, tzinfo=WIB)


def test_truncated_gzip_keeps_the_lines_before(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    lines = "".join(json.dumps({"id": f"a{i}", "body": "isi " * 50}) + "\n" for i in range(200))
    data = gzip.compress(lines.encode())
    path.write_bytes(data[: len(data) // 2])
    items = list(read_jsonl(path))
    assert isinstance(items[-1], Reject)
    assert items[-1].reason.startswith("unreadable file")
    assert all(isinstance(i, Article) for i in items[:-1]) and len(items) > 1


def test_an_invalid_deflate_block_keeps_the_lines_before_and_counts_no_lines(tmp_path):
    path = tmp_path / "bad.jsonl.gz"
    lines = "".join(json.dumps({"id": f"a{i}", "body": "isi " * 50}) + "\n" for i in range(200))
    first, second = gzip.compress(lines.encode()), bytearray(gzip.compress(lines.encode()))
    second[10] = 0b111  # the last block, of the reserved type 3
    path.write_bytes(first + second)
    items = list(read_jsonl(path))
    assert items[-1].reason == "unreadable file (Error -1 Invalid deflate block found)"
    assert all(isinstance(i, Article) for i in items[:-1]) and len(items) > 100
    assert count_lines([path]) is None
