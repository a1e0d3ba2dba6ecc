"""Security headers on every response, request limits, and debug mode off."""

import pytest

from web import create_app
from web.security import CONTENT_SECURITY_POLICY, SECURITY_HEADERS

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def test_the_policy_allows_no_inline_script_or_style():
    assert CONTENT_SECURITY_POLICY == EXPECTED_CSP
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/?q=banjir", 200),
        ("/api/search?q=banjir", 200),
        ("/static/style.css", 200),
        ("/api/search", 400),
        ("/?q=banjir&page=abc", 400),
        ("/tidak-ada", 404),
        ("/api/tidak-ada", 404),
    ],
)
def test_every_response_carries_the_security_headers(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["Content-Security-Policy"] == EXPECTED_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    response.close()


def test_a_security_header_a_view_sets_stays_and_none_comes_twice(app):
    @app.get("/_framed")
    def framed():
        return "framed", 200, {"x-frame-options": "SAMEORIGIN"}

    response = app.test_client().get("/_framed")
    assert {name: response.headers.getlist(name) for name in SECURITY_HEADERS} == {
        **{name: [value] for name, value in SECURITY_HEADERS.items()},
        "X-Frame-Options": ["SAMEORIGIN"],
    }


def test_error_responses_without_an_index_carry_the_headers_too(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    for path in ("/?q=banjir", "/api/search?q=banjir"):
        response = client.get(path)
        assert response.status_code == 503
        assert response.headers["Content-Security-Policy"] == EXPECTED_CSP
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_debug_is_off_even_when_the_environment_asks(monkeypatch, index_dir):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INDEX_DIR": str(index_dir)})
    assert app.debug is False
    response = app.test_client().get("/api/search?q=banjir&page=abc")
    assert response.status_code == 400


def test_an_unexpected_error_shows_no_traceback(app, monkeypatch):
    engine = app.extensions["telusur.engine"]

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(engine, "search", boom)
    client = app.test_client()
    api = client.get("/api/search?q=banjir")
    assert api.status_code == 500
    assert api.get_json() == {
        "error": {
            "code": "internal_error",
            "message": (
                "The server encountered an internal error and was unable to complete your"
                " request. Either the server is overloaded or there is an error in the"
                " application."
            ),
        }
    }
    page = client.get("/?q=banjir")
    assert page.status_code == 500
    body = page.get_data(as_text=True)
    assert "Traceback" not in body and "secret internals" not in body


@pytest.mark.parametrize("prefix", ["/api/search?", "/?"])
def test_a_query_longer_than_the_limit_is_a_400_that_says_so(client, prefix):
    ok = client.get(prefix + "q=" + "a" * 500)
    assert ok.status_code == 200
    response = client.get(prefix + "q=" + "a" * 501)
    assert response.status_code == 400
    if prefix.startswith("/api"):
        assert response.get_json() == {
            "error": {
                "code": "bad_parameter",
                "message": "'q' must not be longer than 500 characters",
            }
        }
    else:
        assert "&#39;q&#39; tidak boleh lebih dari 500 karakter" in response.get_data(as_text=True)


def test_the_query_limit_is_a_setting(index_dir, monkeypatch):
    monkeypatch.setenv("TELUSUR_MAX_QUERY_CHARS", "20")
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert client.get("/api/search?q=" + "b" * 20).status_code == 200
    response = client.get("/api/search?q=" + "b" * 21)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "'q' must not be longer than 20 characters"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("per_page=²", "'per_page' must be a positive integer"),
        ("page=٣", "'page' must be a positive integer"),
        ("page=" + "9" * 5000, "'page' × 'per_page' must not exceed 10000"),
        ("per_page=" + "1" * 40, "'per_page' must be between 1 and 100"),
        ("page=" + "0" * 30, "'page' must be a positive integer"),
        ("page=%2B1", "'page' must be a positive integer"),
        ("page=1e3", "'page' must be a positive integer"),
        ("per_page=%00", "'per_page' must be a positive integer"),
    ],
)
def test_numbers_at_the_limits_are_400s(client, params, message):
    response = client.get("/api/search?q=banjir&" + params)
    assert response.status_code == 400
    assert response.get_json() == {"error": {"code": "bad_parameter", "message": message}}


def test_leading_zeros_are_still_numbers(client):
    data = client.get("/api/search?q=banjir&page=" + "0" * 30 + "2&per_page=03").get_json()
    assert (data["page"], data["per_page"]) == (2, 3)


def test_a_body_larger_than_the_limit_is_a_json_413_under_api(client):
    response = client.post("/api/search?q=banjir", data=b"x" * (64 * 1024 + 1))
    assert response.status_code == 413
    assert response.get_json() == {
        "error": {
            "code": "request_entity_too_large",
            "message": "the request body must not exceed 65536 bytes",
        }
    }


def test_a_body_larger_than_the_limit_is_a_413_page_elsewhere(client):
    response = client.post("/", data=b"x" * (64 * 1024 + 1))
    assert response.status_code == 413
    assert "Permintaan terlalu besar." in response.get_data(as_text=True)


def test_a_small_body_is_judged_by_the_route_not_the_limit(client):
    assert client.post("/api/search?q=banjir", data=b"x" * 100).status_code == 405


def test_no_route_writes_to_the_index(app):
    writing = {
        rule.rule: sorted(rule.methods - {"GET", "HEAD", "OPTIONS"})
        for rule in app.url_map.iter_rules()
    }
    assert {rule: methods for rule, methods in writing.items() if methods} == {}


def test_a_setting_that_is_not_a_number_is_a_clear_message_and_exit_2(monkeypatch, capsys):
    from web.cli import main

    monkeypatch.setenv("TELUSUR_WARM_ARTICLES_MB", "banyak")
    assert main(["--port", "0"]) == 2
    assert capsys.readouterr().err == (
        "Telusur: TELUSUR_WARM_ARTICLES_MB must be a whole number from 0 to 1048576, not 'banyak'"
        " (the newest"
        " articles split into words for snippets when the server starts, shared by the workers"
        " (~8 bytes a word; 0: none, each article is split when first shown))\n"
    )
