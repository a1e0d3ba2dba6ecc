"""Dates checked at import (issue 21): day and month swapped by a source (defect 4), dates
outside a plausible span (defect 6) and dates that aborted an import (defect 7)."""

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from index.datecheck import checked_published, url_date
from index.dates import WIB, parse_date, parse_published
from index.ingest import read_sources
from index.notes import DATE_DOUBTFUL, DATE_DROPPED, DATE_FROM_URL, Note
from index.report import Report
from index.writer import prepared

ROOT = Path(__file__).resolve().parents[2]
REPAIRS = Path(__file__).parents[1] / "data" / "clickid-repairs.jsonl"
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def test_real_kompas_dates_with_day_and_month_swapped_take_the_urls():
    report = Report()
    articles = {a.id: a for a in prepared(read_sources([REPAIRS]), report)}
    published = {i: a.published.isoformat() for i, a in articles.items()}
    assert published == {
        # Stored as 9 October, 9 November, 9 December; their URLs say 10, 11, 12 September.
        "clickid-003562": "2019-09-10T21:48:00+07:00",
        "clickid-003574": "2019-09-11T22:42:00+07:00",
        "clickid-006803": "2019-09-12T21:37:00+07:00",
        "clickid-003593": "2019-09-16T19:10:00+07:00",
        # The URL says 20 September, the article 20 August: kept, and listed.
        "clickid-008481": "2019-08-20T18:11:00+07:00",
        "clickid-015045": "2019-09-17T21:12:00+07:00",
        "clickid-011807": "2019-09-19T04:19:00+07:00",
        "clickid-006918": "2019-09-18T17:32:00+07:00",
        "clickid-003287": "2019-09-17T17:24:00+07:00",
    }
    assert report.repairs() == {"mojibake": 7, DATE_FROM_URL: 3, DATE_DOUBTFUL: 1}
    assert report.summary().splitlines()[1:] == [
        "  repaired: 7 texts with mojibake, 3 dates with day and month swapped (the URL's taken)",
        "  flagged: 1 date doubtful (kept)",
        f"  date doubtful {REPAIRS}:4: '20 Agustus 2019': 2019-08-20 is 31 days from"
        " the URL's date, 2019-09-20",
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://regional.kompas.com/read/2019/09/10/21485171/diduga", datetime(2019, 9, 10)),
        ("https://news.okezone.com/read/2019/09/20/1/2107210/selamat", datetime(2019, 9, 20)),
        ("https://contoh.id/2019/13/40/x", None),
        ("https://metro.tempo.co/read/1247862/anies", None),
    ],
)
def test_url_date(url, expected):
    assert url_date(url) == (expected.date() if expected else None)


def test_a_day_equal_to_its_month_or_a_date_near_the_urls_is_kept():
    same = datetime(2019, 9, 9, 10, tzinfo=WIB)
    assert checked_published(same, "https://x.id/read/2019/09/09/1/a", now=NOW) == (same, None)
    near = datetime(2019, 9, 14, 18, 7, tzinfo=WIB)
    assert checked_published(near, "https://x.id/read/2019/09/13/470/a", now=NOW) == (near, None)


def test_two_digit_years_are_this_century_and_four_digit_ones_as_written():
    assert parse_date("10-Sep-19") == datetime(2019, 9, 10)
    assert parse_date("0001-01-01") == datetime(1, 1, 1)
    assert parse_date("0019-01-01") == datetime(19, 1, 1)


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("0001-01-01", "'0001-01-01' is before 1900"),
        ("1000-01-01", "'1000-01-01' is before 1900"),
        ("1899-12-31", "'1899-12-31' is before 1900"),
        ("9999-12-30", "'9999-12-30' is more than a day after the import"),
        ("2026-12-03", "'2026-12-03' is more than a day after the import"),
    ],
)
def test_implausible_dates_are_dropped_and_said(given, why):
    assert checked_published(parse_published(given), "", given, NOW) == (
        None,
        Note(DATE_DROPPED, why),
    )


def test_a_date_after_the_import_within_a_day_is_kept_and_said():
    soon = parse_published("2026-12-02", "10:00")
    assert checked_published(soon, "", "2026-12-02", NOW) == (
        soon,
        Note(DATE_DOUBTFUL, "'2026-12-02' is after the import"),
    )
    first = parse_published("1900-01-01", "07:00")
    assert checked_published(first, "", "1900-01-01", NOW) == (first, None)


BAD_DATES = ["2019-07-31T00:00:00+24:00", "1 Januari 0001 00:01 WIT", "9999-12-31T23:59:59-07:00"]


@pytest.mark.slow
def test_bad_dates_are_flagged_and_the_import_goes_on(tmp_path):
    source = tmp_path / "malam.jsonl"
    records = [
        {"id": f"d{n}", "body": f"Berita ke-{n} hari ini.", "date": d}
        for n, d in enumerate(BAD_DATES)
    ]
    records.append({"id": "baik", "body": "Berita yang baik.", "date": "31 Juli 2019"})
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "index", "build", str(source), "--index-dir", str(tmp_path / "ix")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0].startswith("build: 4 added in ")
    assert lines[0].endswith(" s; the index now holds 4 articles")
    assert lines[1:] == [
        "  flagged: 3 dates dropped (the article kept, undated)",
        f"  date dropped {source}:1: '2019-07-31T00:00:00+24:00' cannot be read as a date",
        f"  date dropped {source}:2: '1 Januari 0001 00:01 WIT' cannot be read as a date",
        f"  date dropped {source}:3: '9999-12-31T23:59:59-07:00' is more than a day after"
        " the import",
    ]
