"""Schemathesis against ``/api/openapi.json``: every documented operation, generated requests.

Each operation gets valid and invalid parameters derived from the OpenAPI
document; every answer must be no server error, carry the documented status
code, content type and body schema. Example counts are modest (the profile in
``tests/conftest.py``); the same check at length, against a running server::

    .venv/bin/schemathesis run http://127.0.0.1:8000/api/openapi.json --max-examples 500
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from web import create_app

pytestmark = pytest.mark.slow

# Some rules join parameters (``q`` or a filter; page × per_page; from ≤ to), which
# OpenAPI cannot state: a request valid for the schema may still be a documented 400.


@pytest.fixture(scope="module")
def api_schema(index_dir):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


def operations(api_schema) -> dict:
    found = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        found[f"{operation.method.upper()} {operation.path}"] = operation
    return found


def test_the_document_lists_the_api(api_schema):
    assert "GET /api/search" in operations(api_schema)


def fuzz(operation, excluded: list):
    """A Hypothesis test that sends generated requests to ``operation``."""

    @given(case=operation.as_strategy())
    @settings(max_examples=25, suppress_health_check=list(HealthCheck))
    def check(case):
        # Werkzeug's WSGI client hands back a gzipped body undecoded: ask for none.
        case.call_and_validate(headers={"Accept-Encoding": "identity"}, excluded_checks=excluded)

    return check


def test_every_operation_answers_as_documented(api_schema):
    failures = {}
    for name, operation in operations(api_schema).items():
        excluded = [checks.positive_data_acceptance]
        try:
            fuzz(operation, excluded)()
        except (Exception, BaseExceptionGroup) as err:  # collect every operation's failure
            failures[name] = str(err)[:1500]
    assert failures == {}
