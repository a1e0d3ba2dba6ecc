"""JSON responses by orjson read exactly as Flask's own encoder wrote them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from web.jsonprovider import OrjsonProvider


@dataclass
class Point:
    lat: float
    lon: float


VALUE = {
    "q": "banjir rob",
    "kota": "Jakarta Utara — “Muara Baru”",
    "tanggal": date(2026, 11, 25),
    "terbit": datetime(2026, 11, 25, 7, 30, tzinfo=UTC),
    "titik": Point(-6.1, 106.8),
    2019: [1, 2.5, None, True, {"z": 1, "a": 2}],
}


def flasks_own(app: Flask) -> DefaultJSONProvider:
    provider = DefaultJSONProvider(app)
    provider.ensure_ascii, provider.sort_keys = False, False
    return provider


def test_a_response_has_the_bytes_flasks_encoder_gives():
    app = Flask(__name__)
    with app.app_context():
        ours = OrjsonProvider(app).response(VALUE).get_data()
        expected = flasks_own(app).response(VALUE).get_data()
    assert ours == expected
    assert ours.startswith('{"q":"banjir rob","kota":"Jakarta Utara — “Muara Baru”"'.encode())
    assert b'"tanggal":"Wed, 25 Nov 2026 00:00:00 GMT"' in ours


def test_dumps_and_the_debug_indent_are_flasks_too():
    app = Flask(__name__)
    app.debug = True
    with app.app_context():
        assert OrjsonProvider(app).dumps(VALUE) == flasks_own(app).dumps(
            VALUE, separators=(",", ":")
        )
        ours = OrjsonProvider(app).response(VALUE).get_data()
        assert ours == flasks_own(app).response(VALUE).get_data()
        assert ours.startswith(b'{\n  "q": "banjir rob"')
