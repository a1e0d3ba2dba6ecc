from datetime import UTC, datetime, timedelta, timezone

import pytest

from index.dates import parse_published

WIB = timezone(timedelta(hours=7))


@pytest.mark.parametrize(
    ("date", "time", "expected"),
    [
        ("31 Juli 2019", None, datetime(2019, 7, 31, tzinfo=WIB)),
        ("31 Juli 2019", "12:38", datetime(2019, 7, 31, 12, 38, tzinfo=WIB)),
        ("16/09/2019", None, datetime(2019, 9, 16, tzinfo=WIB)),
        ("16/09/2019", "15:57 WIB", datetime(2019, 9, 16, 15, 57, tzinfo=WIB)),
        ("10-Sep-19", None, datetime(2019, 9, 10, tzinfo=WIB)),
        ("10-Sep-19", "23:16:00", datetime(2019, 9, 10, 23, 16, tzinfo=WIB)),
        ("2019-09-13T00:00:00", None, datetime(2019, 9, 13, tzinfo=WIB)),
        ("2019-09-13T00:00:00", "12:33", datetime(2019, 9, 13, 12, 33, tzinfo=WIB)),
        ("Sep 13, 2019", "-", datetime(2019, 9, 13, tzinfo=WIB)),
        ("Juli 5, 2019", "07:05", datetime(2019, 7, 5, 7, 5, tzinfo=WIB)),
        ("1 Agustus 2019", "08:00 WITA", datetime(2019, 8, 1, 0, 0, tzinfo=UTC)),
        ("Jumat, 13 September 2019", None, datetime(2019, 9, 13, tzinfo=WIB)),
        ("2019-09-13T10:00:00+00:00", "12:33", datetime(2019, 9, 13, 10, tzinfo=UTC)),
    ],
)
def test_corpus_date_formats(date, time, expected):
    parsed = parse_published(date, time)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_default_zone_is_western_indonesia_time():
    assert parse_published("31 Juli 2019", "15:57").isoformat() == "2019-07-31T15:57:00+07:00"


@pytest.mark.parametrize("date", ["", "   ", "kemarin", "31 Februari 2019", "13/13/2019", None])
def test_unreadable_dates_give_none(date):
    assert parse_published(date, "10:00") is None


def test_unreadable_time_keeps_the_date():
    assert parse_published("31 Juli 2019", "sore") == datetime(2019, 7, 31, tzinfo=WIB)
