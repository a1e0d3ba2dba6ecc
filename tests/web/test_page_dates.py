"""Dates as an Indonesian reader writes them: read, shown, preset, and said wrong on the page."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from index.dates import WIB
from web import dates
from web.dates import BadDate, preset_period, read_date, shown_date


def text_of(response) -> str:
    return response.get_data(as_text=True)


def ids(client, query: str) -> list[str]:
    data = client.get(f"/api/search?{query}&sort=newest&per_page=20").get_json()
    return [hit["id"] for hit in data["hits"]]


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("15/09/2019", date(2019, 9, 15)),
        ("5/9/2019", date(2019, 9, 5)),
        ("15-09-2019", date(2019, 9, 15)),
        ("15.09.2019", date(2019, 9, 15)),
        (" 15 / 09 / 2019 ", date(2019, 9, 15)),
        ("15/09/19", date(2019, 9, 15)),
        ("15 Sep 2019", date(2019, 9, 15)),
        ("15 sept. 2019", date(2019, 9, 15)),
        ("15 September 2019", date(2019, 9, 15)),
        ("1 Agustus 2019", date(2019, 8, 1)),
        ("1 Agt 2019", date(2019, 8, 1)),
        ("17-Agu-2019", date(2019, 8, 17)),
        ("2019-09-15", date(2019, 9, 15)),
        ("29/02/2020", date(2020, 2, 29)),
    ],
)
def test_a_date_is_read_day_first_whatever_its_spelling(typed, day):
    assert read_date(typed, "from") == day


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "20/09/20199",
            "Tanggal “Dari”: tahun “20199” tidak masuk akal; tulis empat angka, "
            "mis. 15/09/2019 atau 15 Sep 2019.",
        ),
        (
            "09/15/2019",
            "Tanggal “Dari”: bulan 15 tidak ada; hari ditulis lebih dulu, "
            "mis. 15/09/2019 atau 15 Sep 2019.",
        ),
        ("31/02/2019", "Tanggal “Dari”: Februari 2019 hanya sampai tanggal 28."),
        (
            "15 Sepetmber 2019",
            "Tanggal “Dari”: nama bulan “Sepetmber” tidak dikenali; "
            "mis. 15/09/2019 atau 15 Sep 2019.",
        ),
        (
            "kemarin",
            "Tanggal “Dari” tidak dikenali: “kemarin”. Tulis hari/bulan/tahun, "
            "mis. 15/09/2019 atau 15 Sep 2019.",
        ),
    ],
)
def test_a_date_that_names_no_day_says_why_in_indonesian(typed, message):
    with pytest.raises(BadDate) as caught:
        read_date(typed, "from")
    assert caught.value.message.indonesian == message


def test_a_day_is_shown_day_first():
    assert shown_date("2019-09-05") == "05/09/2019"
    assert shown_date("bukan tanggal") == "bukan tanggal"


def test_presets_count_back_from_now_in_wib():
    moment = datetime(2019, 9, 14, 6, 0, 30, tzinfo=WIB)  # a Saturday
    since = datetime(2019, 9, 13, 6, 0, tzinfo=WIB)
    assert preset_period("24h", moment) == (since, None)
    assert preset_period("7d", moment) == (datetime(2019, 9, 7, 6, 0, tzinfo=WIB), None)
    assert preset_period("30d", moment) == (datetime(2019, 8, 15, 6, 0, tzinfo=WIB), None)
    assert preset_period("week", moment) == (None, date(2019, 9, 9))
    assert preset_period("month", moment) == (None, date(2019, 9, 1))
    assert preset_period("year", moment) == (None, date(2019, 1, 1))


@pytest.fixture
def at_saturday_morning(monkeypatch):
    """Now is 14 September 2019, 06.00 WIB: six hours after hutan-riau, just before gempa-maluku."""
    monkeypatch.setattr(dates, "now", lambda: datetime(2019, 9, 14, 6, 0, tzinfo=WIB))


def test_presets_filter_the_api_to_the_minute(client, at_saturday_morning):
    # 24 hours back is 13 September 06.00: gempa-maluku (06.05) is in, hutan-riau (00.00) out.
    assert ids(client, "when=24h") == ["musim-hujan", "bekasi-kebanjiran", "gempa-maluku"]
    assert ids(client, "when=7d") == [
        "musim-hujan",
        "bekasi-kebanjiran",
        "gempa-maluku",
        "hutan-riau",
        "menteri-anggaran",
    ]
    assert ids(client, "when=week") == [
        "musim-hujan",
        "bekasi-kebanjiran",
        "gempa-maluku",
        "hutan-riau",
        "menteri-anggaran",
    ]
    assert ids(client, "when=month&source=okezone.com") == ["musim-hujan", "hutan-riau"]
    # A preset and a range both hold.
    assert ids(client, "when=month&to=2019-09-10") == ["menteri-anggaran", "timnas-menang"]
    bad = client.get("/api/search?q=banjir&when=kemarin")
    assert bad.status_code == 400
    assert bad.get_json() == {
        "error": {
            "code": "bad_parameter",
            "message": "'when' must be one of 24h, 7d, 30d, week, month, year",
        }
    }


def test_presets_are_links_on_the_page_and_the_chosen_one_a_chip(client, at_saturday_morning):
    page = text_of(client.get("/?q=banjir&source=kompas.com&when=week"))
    link = r'<li><a href="([^"]+)"( aria-current="true" class="on")?>([^<]+)</a></li>'
    presets = re.findall(link, page)
    assert presets == [
        ("/?q=banjir&amp;source=kompas.com#filters", "", "Kapan saja"),
        ("/?q=banjir&amp;source=kompas.com&amp;when=24h#filters", "", "24 jam terakhir"),
        ("/?q=banjir&amp;source=kompas.com&amp;when=7d#filters", "", "7 hari terakhir"),
        ("/?q=banjir&amp;source=kompas.com&amp;when=30d#filters", "", "30 hari terakhir"),
        (
            "/?q=banjir&amp;source=kompas.com&amp;when=week#filters",
            ' aria-current="true" class="on"',
            "Minggu ini",
        ),
        ("/?q=banjir&amp;source=kompas.com&amp;when=month#filters", "", "Bulan ini"),
        ("/?q=banjir&amp;source=kompas.com&amp;when=year#filters", "", "Tahun ini"),
    ]
    assert (
        '<a class="chip" href="/?q=banjir&amp;source=kompas.com" '
        'aria-label="Hapus filter waktu Minggu ini">Waktu: Minggu ini'
    ) in page
    assert re.findall(r'<h2 class="title"><a href="/articles/([^"?]+)', page) == [
        "bekasi-kebanjiran"
    ]
    # A new query typed in the box keeps the period.
    assert '<input type="hidden" name="when" value="week">' in page


def test_a_typed_date_is_redirected_to_the_iso_url_and_shown_day_first(client):
    response = client.get("/?q=banjir&source=kompas.com&from=1%2F8%2F2019&to=16+Sep+2019&page=2")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        "/?q=banjir&source=kompas.com&from=2019-08-01&to=2019-09-16&page=2"
    )
    page = text_of(client.get(response.headers["Location"]))
    assert 'id="from" name="from" type="text" value="01/08/2019"' in page
    assert 'id="to" name="to" type="text" value="16/09/2019"' in page
    assert (
        'aria-label="Hapus filter tanggal 1 Agustus 2019 – 16 September 2019">'
        "Tanggal: 1 Agustus 2019 – 16 September 2019"
    ) in page


def test_a_bad_date_is_answered_on_the_results_page_with_the_query_and_filters(client):
    response = client.get("/?q=banjir&source=kompas.com&from=20%2F09%2F20199&to=30%2F09%2F2019")
    page = text_of(response)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    message = (
        "Tanggal “Dari”: tahun “20199” tidak masuk akal; tulis empat angka, "
        "mis. 15/09/2019 atau 15 Sep 2019."
    )
    # Next to the field, which keeps what was typed and is marked invalid.
    field = re.search(r'<input id="from" [^>]*>\s*<p class="field-error" [^>]*>[^<]*</p>', page)
    assert re.sub(r"\s+", " ", field.group()) == (
        '<input id="from" name="from" type="text" value="20/09/20199" placeholder="hh/bb/tttt" '
        'autocomplete="off" spellcheck="false" size="10" '
        'aria-describedby="from-error date-format" aria-invalid="true"> '
        f'<p class="field-error" id="from-error">{message}</p>'
    )
    assert 'id="to" name="to" type="text" value="30/09/2019"' in page
    # Above the results, which are the query's with its outlet, without the dates.
    assert '<div class="date-error" role="alert">' in page
    assert f"<strong>Tanggal belum diterapkan.</strong> {message}" in page
    assert '<a href="#from">Perbaiki tanggal</a>' in page
    assert 'value="banjir"' in page
    assert re.findall(r'<h2 class="title"><a href="/articles/([^"?]+)', page) == [
        "banjir-utara",
        "bekasi-kebanjiran",
    ]
    # Links from here carry the query and the outlet, not the date that could not be read.
    assert '<a class="chip" href="/?q=banjir" aria-label="Hapus filter sumber kompas.com">' in page
    assert "20199" not in page.replace('value="20/09/20199"', "").replace("“20199”", "")
    assert "Permintaan tidak valid" not in page


def test_from_after_to_is_said_with_both_days(client):
    response = client.get("/?q=banjir&from=2019-09-30&to=2019-09-01")
    assert response.status_code == 400
    assert (
        '<p class="field-error" id="from-error">“Dari” (30 September 2019) jatuh setelah '
        "“Sampai” (1 September 2019); tukar atau ubah salah satunya.</p>"
    ) in text_of(response)


def test_the_api_answers_a_bad_date_with_json(client):
    response = client.get("/api/search?q=banjir&from=15%2F09%2F2019")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {"code": "bad_parameter", "message": "'from' must be a date written YYYY-MM-DD"}
    }
    indonesian = client.get(
        "/api/search?q=banjir&from=2019-13-01", headers={"Accept-Language": "id"}
    )
    assert indonesian.get_json()["error"]["message"] == (
        "'from' harus tanggal yang ditulis TTTT-BB-HH (mis. 2019-07-31)"
    )
