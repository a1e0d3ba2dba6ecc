"""``/api/openapi.json`` describes every endpoint, and real responses match it."""

import re

import pytest
from openapi_schema_validator import OAS31Validator


@pytest.fixture(scope="module")
def document(index_dir):
    from web import create_app

    return (
        create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
        .test_client()
        .get("/api/openapi.json")
        .get_json()
    )


def test_document_is_openapi_31_with_valid_schemas(document):
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://localhost"}]
    for schema in document["components"]["schemas"].values():
        OAS31Validator.check_schema(schema)


def test_every_endpoint_is_described(app, document):
    served = set()
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?\w+>", "{id}", rule.rule)
        if path.startswith("/api/") or path in ("/feed", "/opensearch.xml"):
            served.add(path)
    assert served == set(document["paths"])


CASES = [
    ("/api/search", "/api/search?q=banjir+jakarta", 200),
    ("/api/search", "/api/search?q=banjr&facets=", 200),
    ("/api/search", "/api/search?q=gempa&facets=week&sort=newest&from=2019-01-01", 200),
    ("/api/search", "/api/search?q=banjir&page=0", 400),
    ("/api/histogram", "/api/histogram?q=banjir&interval=week", 200),
    ("/api/histogram", "/api/histogram?q=banjir&interval=day", 400),
    ("/api/suggest", "/api/suggest?q=banjir+jak", 200),
    ("/api/suggest", "/api/suggest?q=ba&limit=99", 400),
    ("/api/suggest/opensearch", "/api/suggest/opensearch?q=gemp", 200),
    ("/api/articles/{id}", "/api/articles/banjir-utara", 200),
    ("/api/articles/{id}", "/api/articles/tanpa-judul", 200),
    ("/api/articles/{id}", "/api/articles/nope", 404),
    ("/api/articles/{id}/related", "/api/articles/banjir-utara/related", 200),
    ("/api/articles/{id}/related", "/api/articles/nope/related", 404),
]


@pytest.mark.parametrize(("template", "url", "status"), CASES)
def test_responses_match_the_document(client, document, template, url, status):
    response = client.get(url)
    assert response.status_code == status
    described = document["paths"][template]["get"]["responses"][str(status)]
    ((media_type, content),) = described["content"].items()
    assert response.mimetype == media_type
    schema = {**content["schema"], "components": document["components"]}
    OAS31Validator(schema).validate(response.get_json(force=True))


def test_the_document_catches_a_wrong_shape(client, document):
    data = client.get("/api/search?q=banjir").get_json()
    del data["relaxed"]
    schema = {"$ref": "#/components/schemas/SearchResult", "components": document["components"]}
    assert not OAS31Validator(schema).is_valid(data)


def test_limits_come_from_the_settings(index_dir):
    from web import create_app

    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "MAX_PER_PAGE": 50})
    document = app.test_client().get("/api/openapi.json").get_json()
    (per_page,) = [
        p for p in document["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "per_page"
    ]
    assert per_page["schema"]["maximum"] == 50


@pytest.mark.parametrize(
    ("path", "name", "url"),
    [
        ("/api/search", "per_page", "/api/search?q=banjir&per_page={}"),
        ("/api/suggest", "limit", "/api/suggest?q=banj&limit={}"),
        ("/api/articles/{id}/related", "limit", "/api/articles/banjir-utara/related?limit={}"),
        ("/feed", "per_page", "/feed?q=banjir&per_page={}"),
        ("/api/search", "source", "/api/search?q=banjir{}"),
    ],
)
def test_each_documented_limit_is_the_one_enforced(client, document, path, name, url):
    (param,) = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
    if name == "source":  # a repeated filter: at most maxItems different values
        top = param["schema"]["maxItems"]
        sources = "".join(f"&source=outlet{n}.id" for n in range(top + 1))
        assert client.get(url.format(sources.rsplit("&", 1)[0])).status_code == 200
        assert client.get(url.format(sources)).status_code == 400
        return
    top = param["schema"]["maximum"]
    assert client.get(url.format(top)).status_code == 200
    assert client.get(url.format(top + 1)).status_code == 400
