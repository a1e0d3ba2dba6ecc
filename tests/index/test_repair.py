"""Import repairs the text real scrapes carry instead of refusing it or showing it to readers:
stray control characters (issue 21, defect 2) and mojibake (defect 3)."""

import json
from pathlib import Path

import pytest

from index.ingest import BUNDLED_CORPUS, Article, Reject, read_sources
from index.repair import repair
from index.report import Report
from index.writer import prepared

REPAIRS = Path(__file__).parents[1] / "data" / "clickid-repairs.jsonl"
# UTF-8 read as Mac Roman, as the bundled corpus shows it (and as the issue wrote it, with a comma).
MOJIBAKE = ("\u201aÄú", "\u201aÄù", "\u201aÄì", "\u201aÄô", "\u201aÄî", "\u201aÄ¶", "\u201aÄé")
MOJIBAKE += ("¬†", "¬≠", "√©", "√£", "\uf8ffü", ",Äú", ",Äù", ",Äì", "â€")


def summary_lines(report: Report) -> list[str]:
    return report.summary().splitlines()[1:]


def read_all(path):
    report = Report()
    articles = list(prepared(read_sources([path]), report))
    return articles, report


def test_a_stray_c1_control_character_is_removed_not_a_reason_to_lose_the_article(tmp_path):
    path = tmp_path / "ekspor.jsonl"
    lines = [
        # UTF-8 with U+009D, what is left of a closing quote that went through Windows-1252.
        json.dumps({"id": "c1", "body": "“Kami siap,\u009d kata Budi."}, ensure_ascii=False),
        # Windows-1252 quotes read as Latin-1: C1 characters that stand for “ and ”.
        json.dumps({"id": "latin1", "body": "\u0093Kami datang\u0094 \u0096 kata Ani."}),
        json.dumps({"id": "bersih", "body": "Kafé “baru” di Bandung."}, ensure_ascii=False),
    ]
    data = "\n".join(lines).encode() + b"\n"
    # Windows-1252 with 0x9D, a byte it leaves unassigned; then a NUL and a line of C1 only.
    data += '{"id": "cp1252", "body": "Kafé lama\x9d di Bogor."}\n'.encode("latin-1")
    data += b'{"id": "nul", "body": "a\x00b"}\n'
    data += ('{"id": "biner", "body": "' + "\u0081\u0082\u0083" * 20 + '"}\n').encode()
    path.write_bytes(data)
    articles, report = read_all(path)
    assert [(a.id, a.body) for a in articles] == [
        ("c1", "“Kami siap, kata Budi."),
        ("latin1", "“Kami datang” – kata Ani."),
        ("bersih", "Kafé “baru” di Bandung."),
        ("cp1252", "Kafé lama di Bogor."),
    ]
    assert [str(r) for r in report.rejects] == [
        f"{path}:5: undecodable bytes (NUL characters in utf-8 text (binary data?))",
        f"{path}:6: undecodable bytes (mostly control characters in utf-8 text (binary data?))",
    ]
    assert summary_lines(report)[0] == (
        "  repaired: 1 text with mojibake, 2 texts with control characters (removed)"
    )


def test_stray_control_characters_in_csv_and_plain_text_files(tmp_path):
    table = tmp_path / "a.csv"
    table.write_bytes("id,title,body\nk1,Judul\x0b,Isi berita\x9d kini.\n".encode())
    text = tmp_path / "b.txt"
    text.write_bytes("Judul Berita\n\nIsi\x9d berita kedua.\n".encode())
    articles, report = read_all(tmp_path)
    assert [(a.id, a.title, a.body) for a in articles] == [
        ("k1", "Judul", "Isi berita kini."),
        ("b", "Judul Berita", "Isi berita kedua."),
    ]
    assert report.rejects == []
    assert report.repairs() == {"control characters": 2}


def test_mojibake_in_text_and_html_files_is_repaired_before_nfkc(tmp_path):
    # ê read as Mac Roman is √™, which NFKC would make √TM, past repair.
    (tmp_path / "a.txt").write_text("Kafe Cr√™pes Dibuka\n\nKafe cr√™pes baru.\n")
    paragraph = "Kafe cr√™pes baru dibuka di Bandung, dan antreannya panjang sejak pagi. " * 5
    page = f"<html><head><title>Cr√™pes Bandung</title></head><body><article><p>{paragraph}</p>"
    (tmp_path / "b.html").write_text(page + "</article></body></html>")
    articles, report = read_all(tmp_path)
    assert [(a.id, a.title, a.body[:24]) for a in articles] == [
        ("a", "Kafe Crêpes Dibuka", "Kafe crêpes baru."),
        ("b", "Crêpes Bandung", "Kafe crêpes baru dibuka "),
    ]
    assert report.repairs() == {"mojibake": 2}


@pytest.mark.parametrize(
    ("text", "expected", "found"),
    [
        # From the bundled corpus: quotes, dashes, no-break spaces, accents, an emoji.
        ("‚ÄúSaya rasa cukup,‚Äù ujarnya", "“Saya rasa cukup,” ujarnya", {"mojibake"}),
        ("Kalimantan¬†Barat", "Kalimantan\u00a0Barat", {"mojibake"}),
        ("JAKARTA ‚Äì Presiden", "JAKARTA – Presiden", {"mojibake"}),
        ("Varane, Milit√£o, Mendy", "Varane, Militão, Mendy", {"mojibake"}),
        ("lekas sehat \uf8ffüòä Terimakasih", "lekas sehat \U0001f60a Terimakasih", {"mojibake"}),
        ("luas ‚â• 2.500m2", "luas ≥ 2.500m2", {"mojibake"}),
        ("‚ÄúKami‚Äù kata Jos√©", "“Kami” kata José", {"mojibake"}),
        # UTF-8 read as Windows-1252.
        ("â€œKami siapâ€\u009d kata dia", "“Kami siap” kata dia", {"mojibake"}),
        # Text as written stays as it is, unusual characters and all.
        ("Kafé “baru” — di Bandung", "Kafé “baru” — di Bandung", set()),
        ("al-‘âfiyah fid dunyâ", "al-‘âfiyah fid dunyâ", set()),
        ("“Émile” à Paris", "“Émile” à Paris", set()),
        ("√2 ≈ 1,41 dan ¬p", "√2 ≈ 1,41 dan ¬p", set()),
        ("Judul\x07 berita", "Judul berita", {"control characters"}),
    ],
)
def test_repair(text, expected, found):
    assert repair(text) == (expected, frozenset(found))


def test_real_articles_are_repaired_and_counted(tmp_path):
    articles, report = read_all(REPAIRS)
    mojibake = {a.id for a in articles if any(n.kind == "mojibake" for n in a.notes)}
    assert mojibake == {
        "clickid-003562",
        "clickid-006803",
        "clickid-008481",
        "clickid-015045",
        "clickid-003593",
        "clickid-011807",
        "clickid-006918",
    }
    body = {a.id: a.body for a in articles}
    assert (
        "tambah banyak,” ujarnya saat dihubungi , (16/9/2019).\n\nSementara"
        in body["clickid-003593"]
    )
    assert "Courtois; Carvajal, Varane, Militão, Mendy; Kroos" in body["clickid-011807"]
    assert "lekas sehat \U0001f60a Terimakasih" in body["clickid-006918"]
    assert "kehilangan adiknya, Félicité Tomlinson." in body["clickid-003287"]
    # ¬≠ was a soft hyphen, which would split the word: removed.
    assert "SMPTB 911 sudah berdiri sejak 21 September 2011." in body["clickid-006803"]
    for article in articles:
        assert not [s for s in MOJIBAKE if s in article.title or s in article.body], article.id
    assert summary_lines(report)[0].startswith("  repaired: 7 texts with mojibake, ")


@pytest.mark.slow
def test_no_indexed_text_of_the_bundled_corpus_shows_mojibake():
    """Every title and body as the import keeps them, which snippets are made from."""
    shown: dict[str, list[str]] = {}
    count = 0
    for item in read_sources([BUNDLED_CORPUS]):
        assert not isinstance(item, Reject), str(item)
        assert isinstance(item, Article)
        count += 1
        found = [s for s in MOJIBAKE if s in item.title or s in item.body]
        if found:
            shown[item.id] = found
    assert count == 21965
    assert shown == {}
