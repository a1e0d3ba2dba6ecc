"""Filters that behave: months combine, a chosen value stays listed, paging past the end."""

from __future__ import annotations

import re


def text_of(response) -> str:
    return response.get_data(as_text=True)


def facet(page: str, key: str) -> list[tuple[str, str, str, str]]:
    """(href, on, name, count) of each value listed under facet ``key``."""
    start = page.index(f'id="facet-{key}"')
    end = page.find('<section class="facet"', start)
    part = page[start : end if end > 0 else len(page)]
    return re.findall(
        r'<li><a href="([^"]+)"( class="on" aria-current="true")?>\s*'
        r'<span class="check" aria-hidden="true">[^<]*</span>\s*'
        r'<span class="name">([^<]+)</span>\s*<span class="count">(\d+)<',
        part,
    )


def test_months_combine_like_outlets(client):
    data = client.get("/api/search?q=banjir&month=2019-07&month=2019-09&sort=newest").get_json()
    assert [hit["id"] for hit in data["hits"]] == ["bekasi-kebanjiran", "banjir-utara"]
    # The month facet is counted without its own filter: every month stays to be added.
    assert data["facets"]["month"] == [
        {"value": "2019-07", "count": 1},
        {"value": "2019-08", "count": 1},
        {"value": "2019-09", "count": 1},
        {"value": "2019-10", "count": 1},
    ]
    page = text_of(client.get("/?q=banjir&month=2019-07&month=2019-09"))
    on = ' class="on" aria-current="true"'
    assert facet(page, "month") == [
        ("/?q=banjir&amp;month=2019-09#filters", on, "Juli 2019", "1"),
        (
            "/?q=banjir&amp;month=2019-07&amp;month=2019-09&amp;month=2019-08#filters",
            "",
            "Agustus 2019",
            "1",
        ),
        ("/?q=banjir&amp;month=2019-07#filters", on, "September 2019", "1"),
        (
            "/?q=banjir&amp;month=2019-07&amp;month=2019-09&amp;month=2019-10#filters",
            "",
            "Oktober 2019",
            "1",
        ),
    ]
    chips = re.findall(r'<a class="chip" href="([^"]+)" aria-label="([^"]+)">([^<]+)<', page)
    assert chips == [
        ("/?q=banjir&amp;month=2019-09", "Hapus filter bulan Juli 2019", "Bulan: Juli 2019 "),
        (
            "/?q=banjir&amp;month=2019-07",
            "Hapus filter bulan September 2019",
            "Bulan: September 2019 ",
        ),
    ]
    # A new query typed in the box keeps the months.
    assert re.findall(r'<input type="hidden" name="month" value="([^"]+)">', page)[:2] == [
        "2019-07",
        "2019-09",
    ]


def test_a_chosen_value_stays_listed_when_nothing_matches_it(client):
    page = text_of(client.get("/?q=banjir&source=kompas.com&category=Berita"))
    assert "Tidak ada hasil untuk <strong>banjir</strong>" in page
    on = ' class="on" aria-current="true"'
    assert facet(page, "source") == [
        (
            "/?q=banjir&amp;source=kompas.com&amp;source=okezone.com&amp;category=Berita#filters",
            "",
            "okezone.com",
            "1",
        ),
        ("/?q=banjir&amp;category=Berita#filters", on, "kompas.com", "0"),
    ]
    assert facet(page, "category") == [
        (
            "/?q=banjir&amp;source=kompas.com&amp;category=Berita&amp;category=Nasional#filters",
            "",
            "Nasional",
            "2",
        ),
        ("/?q=banjir&amp;source=kompas.com#filters", on, "Berita", "0"),
    ]
    months = text_of(client.get("/?q=banjir&month=2019-07&from=2019-09-01&to=2019-09-30"))
    assert [(name, count, bool(is_on)) for _, is_on, name, count in facet(months, "month")] == [
        ("Juli 2019", "0", True),
        ("September 2019", "1", False),
    ]


def test_past_the_last_page_a_message_links_to_the_last_page(client):
    page = text_of(client.get("/?q=banjir&source=kompas.com&page=7"))
    assert (
        '<p class="empty" role="status">Halaman 7 melewati halaman terakhir: 2 hasil untuk '
        "<strong>banjir</strong> ada di 1 halaman.\n"
        '        <a href="/?q=banjir&amp;source=kompas.com">Ke halaman terakhir (1)</a></p>'
    ) in page
    nothing = text_of(client.get("/?q=zzzqqq&page=2"))
    assert "melewati halaman terakhir" not in nothing
    assert "Tidak ada hasil untuk <strong>zzzqqq</strong> di halaman 2." in nothing


def test_a_month_that_is_not_one_is_refused(client):
    response = client.get("/api/search?q=banjir&month=2019-13")
    assert response.status_code == 400
    assert response.get_json() == {
        "error": {"code": "bad_parameter", "message": "'month' must be a month written YYYY-MM"}
    }
