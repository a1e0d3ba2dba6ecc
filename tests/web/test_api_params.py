"""``/api/search`` parameters beyond q and paging: sort, dates, filters, facets."""

import pytest


def get(client, query: str):
    response = client.get("/api/search?" + query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def ids(data) -> list[str]:
    return [hit["id"] for hit in data["hits"]]


def test_sort_newest_and_oldest(client):
    assert ids(get(client, "q=banjir&sort=newest")) == [
        "musim-hujan",
        "bekasi-kebanjiran",
        "uji-html",
        "banjir-utara",
    ]
    assert ids(get(client, "q=banjir&sort=oldest"))[0] == "banjir-utara"


def test_date_range_in_wib_days(client):
    data = get(client, "q=banjir&from=2019-08-01&to=2019-09-16")
    assert (ids(data), data["total"]) == (["bekasi-kebanjiran", "uji-html"], 2)


def test_repeated_source_and_category(client):
    data = get(client, "q=banjir&source=kompas.com&source=wowkeren.com&facets=")
    assert ids(data) == ["banjir-utara", "bekasi-kebanjiran", "uji-html"]
    assert data["facets"] == {}
    data = get(client, "q=jakarta&category=Nasional&category=Metro&facets=category")
    assert ids(data) == ["macet-jakarta", "banjir-utara"]
    assert data["facets"] == {
        "category": [
            {"value": "Metro", "count": 1},
            {"value": "Nasional", "count": 1},
            {"value": "News", "count": 1},
        ]
    }


def test_facets_by_default(client):
    data = get(client, "q=gempa")
    assert data["facets"] == {
        "source": [{"value": "sindonews.com", "count": 1}],
        "category": [{"value": "Daerah", "count": 1}],
        "month": [{"value": "2019-09", "count": 1}],
    }
    assert (data["suggestion"], data["relaxed"]) == (None, False)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort=best", "'sort' must be one of relevance, newest, oldest"),
        ("from=2019-13-01", "'from' must be a date written YYYY-MM-DD"),
        ("to=31-07-2019", "'to' must be a date written YYYY-MM-DD"),
        ("from=2019-7-1", "'from' must be a date written YYYY-MM-DD"),
        ("from=2019-08-02&to=2019-08-01", "'from' must not be after 'to'"),
        ("facets=year", "'facets' takes a comma-separated list of source, category, month, week"),
        (
            "source=" + "&source=".join(str(n) for n in range(21)),
            "'source' may be given at most 20 times",
        ),
    ],
)
def test_wrong_values_are_400_naming_the_parameter(client, query, message):
    response = client.get("/api/search?q=banjir&" + query)
    assert response.status_code == 400
    assert response.get_json() == {"error": {"code": "bad_parameter", "message": message}}
