"""Shared fixtures: a real index of the fixture corpus in a temporary folder, and the app."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from index.store import IndexStore
from index.writer import build
from web import create_app

# Property tests: modest example counts; in CI the same examples every run, no database.
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles.jsonl"


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """The fixture corpus indexed once for the session; tests only read it."""
    root = tmp_path_factory.mktemp("index")
    build([ARTICLES], IndexStore(root))
    return root


@pytest.fixture
def app(index_dir):
    return create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})


@pytest.fixture
def client(app):
    return app.test_client()
