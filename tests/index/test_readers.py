"""Each kind of input, read from real files written here: articles, rejects, exact reasons."""

import codecs
import json
from datetime import datetime

from index.dates import WIB
from index.ingest import Article, Reject, read_sources
from index.readers import read_source

BODY = "Hujan deras membuat banjir di Jakarta."


def read(path, source=""):
    items = list(read_source(path, source))
    return [a for a in items if isinstance(a, Article)], [
        str(r) for r in items if isinstance(r, Reject)
    ]


def test_jsonl_lines_in_any_common_encoding(tmp_path):
    path = tmp_path / "mixed.jsonl"
    lines = [
        codecs.BOM_UTF8
        + json.dumps({"id": "bom", "body": "Kafé di Bandung."}, ensure_ascii=False).encode(),
        json.dumps({"id": "cp1252", "body": "Kafé “baru” di Bandung."}, ensure_ascii=False).encode(
            "cp1252"
        ),
        json.dumps(
            {"id": "lebar", "body": "ＡＢＣ berita ﬁnal ２０２２."}, ensure_ascii=False
        ).encode(),
        b'{"id": "biner", "body": "\x01\x02\x03"}',
        b"\xff\xfe\x00\x81\x8d",
        json.dumps({"id": "besar", "body": "x" * 1_000_001}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    articles, rejects = read(path)
    assert [(a.id, a.body) for a in articles] == [
        ("bom", "Kafé di Bandung."),
        ("cp1252", "Kafé “baru” di Bandung."),
        ("lebar", "ABC berita final 2022."),  # NFKC: one spelling per word
    ]
    assert rejects == [
        f"{path}:4: invalid JSON (Invalid control character at)",
        f"{path}:5: undecodable bytes (NUL characters in cp1252 text (binary data?))",
        f"{path}:6: body too large (1000001 characters, limit 1000000)",
    ]


def test_jsonl_values_json_reads_and_nesting_past_its_depth(tmp_path):
    path = tmp_path / "odd.jsonl"
    lines = [
        '{"id": 123456789012345678901234567890, "body": "Angka besar."}',
        '{"id": "nan", "body": "Skor tidak ada.", "skor": NaN}',
        '{"id": "ganda", "body": "Kunci pertama.", "body": "Kunci kedua."}',
        "[" * 100_000,
        '{"id": "dalam", "body": "Bersarang.", "x": ' + "[" * 500 + "]" * 500 + "}",
        '["bukan", "objek"]',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, rejects = read(path)
    assert [(a.id, a.body) for a in articles] == [
        ("123456789012345678901234567890", "Angka besar."),
        ("nan", "Skor tidak ada."),
        ("ganda", "Kunci kedua."),
        ("dalam", "Bersarang."),
    ]
    assert rejects == [
        f"{path}:4: invalid JSON (nested too deeply)",
        f"{path}:6: not a JSON object",
    ]


def test_a_binary_file_is_one_reject(tmp_path):
    binary = tmp_path / "foto.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 100)
    assert read(binary) == ([], [f"{binary}: binary file, not JSON Lines"])
    csv_file = tmp_path / "foto.csv"
    csv_file.write_bytes(binary.read_bytes())
    assert read(csv_file) == ([], [f"{csv_file}: binary file, not CSV"])


def test_csv_with_header_aliases_and_broken_rows(tmp_path):
    path = tmp_path / "berita.csv"
    rows = [
        "ID,Title,Content,Date,Time,Source,URL,Category",
        'a1,Banjir Jakarta,"Hujan deras, banjir datang.",31 Juli 2019,15:57 WIB,Kompas.com,https://k.id/a1,NASIONAL',
        'a2,"Judul, dengan koma","Paragraf satu.\n\nParagraf dua.",16/09/2019,,tempo.co,,',
        "a3,Kurang kolom",
        "a4,Tanpa isi,,1 Agustus 2019,,,,",
        'a5,Lebih,"isi",1/1/2019,,x,y,z,tambahan',
    ]
    data = "\r\n".join(rows).encode("utf-8") + b"\r\n" + "a6,Kafé,Isi kafé.,,,,,".encode("cp1252")
    path.write_bytes(codecs.BOM_UTF8 + data)
    articles, rejects = read(path)
    assert articles == [
        Article(
            id="a1",
            title="Banjir Jakarta",
            body="Hujan deras, banjir datang.",
            url="https://k.id/a1",
            source="kompas.com",
            category="Nasional",
            published=datetime(2019, 7, 31, 15, 57, tzinfo=WIB),
        ),
        Article(
            id="a2",
            title="Judul, dengan koma",
            body="Paragraf satu.\n\nParagraf dua.",
            source="tempo.co",
            published=datetime(2019, 9, 16, tzinfo=WIB),
        ),
        Article(id="a6", title="Kafé", body="Isi kafé."),
    ]
    assert [a.origin for a in articles] == [f"{path}:2", f"{path}:3", f"{path}:9"]
    assert rejects == [
        f"{path}:6: 2 fields where the header names 8",
        f"{path}:7: no body",
        f"{path}:8: 9 fields where the header names 8",
    ]


RAW = "\n\n".join(
    [
        "Menhan Bertemu di Jakarta, Sepakat Damai?",
        "A soldier helps a wounded fellow soldier on the road in the region, Monday,"
        " Sept. 12, 2022. (AP Photo/Someone)",
        "Menteri Pertahanan kedua negara dilaporkan mengadakan pertemuan. Hal ini terjadi"
        " saat kedua negara itu sedang bersitegang.",
        "Kementerian Pertahanan pada Jumat (21/10/2022) mengatakan bahwa keduanya berdiskusi"
        " terkait situasi global.",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
        "*\n",
    ]
)


def test_plain_text_folder(tmp_path):
    folder = tmp_path / "raw-text"
    folder.mkdir()
    (folder / "001_menhan.txt").write_text(RAW, encoding="utf-8")
    (folder / "002_tanggal.txt").write_bytes(
        "Harga Kopi Naik\r\n\r\nSejak 3 Maret 2021 harga kopi di Medan naik tajam.\r\n".encode(
            "cp1252"
        )
    )
    (folder / "003_kosong.txt").write_text("Judul Saja\n\nLeave a Reply\n", encoding="utf-8")
    (folder / "004_biner.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "005_besar.txt").write_bytes(b"a" * 2_000_001)
    (folder / "catatan.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".tersembunyi.txt").write_text("x", encoding="utf-8")
    articles, rejects = read(folder, source="CNBCIndonesia.com")
    assert articles == [
        Article(
            id="001_menhan",
            title="Menhan Bertemu di Jakarta, Sepakat Damai?",
            body=(
                "Menteri Pertahanan kedua negara dilaporkan mengadakan pertemuan. Hal ini terjadi"
                " saat kedua negara itu sedang bersitegang.\n\nKementerian Pertahanan pada Jumat"
                " (21/10/2022) mengatakan bahwa keduanya berdiskusi terkait situasi global."
            ),
            source="cnbcindonesia.com",
            published=datetime(2022, 10, 21, tzinfo=WIB),
        ),
        Article(
            id="002_tanggal",
            title="Harga Kopi Naik",
            body="Sejak 3 Maret 2021 harga kopi di Medan naik tajam.",
            source="cnbcindonesia.com",
            published=datetime(2021, 3, 3, tzinfo=WIB),
        ),
    ]
    assert rejects == [
        f"{folder / '003_kosong.txt'}: no body",
        f"{folder / '004_biner.txt'}: binary file, not text",
        f"{folder / '005_besar.txt'}: file too large (2000001 bytes, limit 2000000)",
        f"{folder / 'catatan.pdf'}: unknown kind of file (known: .jsonl, .json, .ndjson,"
        " .jsonl.gz, .json.gz, .ndjson.gz, .csv, .csv.gz, .txt, .html, .htm)",
    ]


def test_an_indonesian_line_after_the_headline_is_kept(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Judul\nJakarta - Presiden meresmikan jalan tol yang baru.\nIsi.\n", encoding="utf-8"
    )
    (article,) = read(path)[0]
    assert article.body == "Jakarta - Presiden meresmikan jalan tol yang baru.\n\nIsi."
    assert article.published is None


PAGE = """<!DOCTYPE html><html lang="id"><head><meta charset="{charset}">
<title>Banjir Rendam Bekasi - Contoh News</title>
<meta property="og:title" content="Banjir Rendam Bekasi">
<link rel="canonical" href="https://contoh.id/berita/banjir-bekasi">
<meta property="article:published_time" content="2022-10-21T09:30:00+07:00">
</head><body><nav><a href="/">Beranda</a> <a href="/nasional">Nasional</a></nav>
<article><h1>Banjir Rendam Bekasi</h1>
<p>Hujan deras sejak pagi membuat banjir merendam ratusan rumah di Bekasi. Warga mengungsi ke
masjid terdekat dan petugas membuka posko darurat di kantor kelurahan.</p>
<p>Kepala BPBD mengatakan air mulai surut pada sore hari, namun warga diminta tetap waspada
karena hujan diperkirakan turun lagi malam ini di kafé-kafé sekitar.</p></article>
<footer>Hak cipta 2022 Contoh News. Semua hak dilindungi.</footer></body></html>"""


def test_html_folder(tmp_path):
    folder = tmp_path / "halaman"
    folder.mkdir()
    (folder / "bekasi.html").write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    (folder / "bekasi-1252.htm").write_bytes(PAGE.format(charset="windows-1252").encode("cp1252"))
    (folder / "kosong.html").write_text(
        "<html><head><title>Kosong</title></head><body></body></html>", encoding="utf-8"
    )
    articles, rejects = read(folder)
    expected = dict(
        title="Banjir Rendam Bekasi",
        body=(
            "Hujan deras sejak pagi membuat banjir merendam ratusan rumah di Bekasi. Warga"
            " mengungsi ke masjid terdekat dan petugas membuka posko darurat di kantor"
            " kelurahan.\n\nKepala BPBD mengatakan air mulai surut pada sore hari, namun warga"
            " diminta tetap waspada karena hujan diperkirakan turun lagi malam ini di kafé-kafé"
            " sekitar."
        ),
        url="https://contoh.id/berita/banjir-bekasi",
        source="contoh.id",
        published=datetime(2022, 10, 21, 9, 30, tzinfo=WIB),
    )
    assert articles == [Article(id="bekasi-1252", **expected), Article(id="bekasi", **expected)]
    assert rejects == [f"{folder / 'kosong.html'}: no article text found in the page"]


def test_a_missing_folder_is_a_reject_and_the_rest_is_read(tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"id": "a", "body": BODY}) + "\n", encoding="utf-8")
    items = list(read_sources([tmp_path / "tidak-ada", good]))
    assert [str(i) if isinstance(i, Reject) else i.id for i in items] == [
        f"{tmp_path / 'tidak-ada'}: no such file or folder",
        "a",
    ]
