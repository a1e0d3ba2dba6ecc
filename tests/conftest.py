"""Shared fixtures: a real index of the fixture corpus in a temporary folder, and the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.store import IndexStore
from index.writer import build
from web import create_app

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
