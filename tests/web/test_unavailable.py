"""A missing or corrupt index at start: the server starts, answers 503, and recovers by itself."""

import shutil

import pytest

from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES
from web import create_app

UNAVAILABLE = {
    "error": {"code": "index_unavailable", "message": "the search index is not available"}
}


def garbage(pattern: str, data: bytes = b"\x00garbage\xff" * 10):
    def spoil(generation):
        for path in generation.glob(pattern):
            path.write_bytes(data)

    return spoil


def truncate(pattern: str):
    def spoil(generation):
        for path in generation.glob(pattern):
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    return spoil


def remove(pattern: str):
    def spoil(generation):
        for path in generation.glob(pattern):
            path.unlink()

    return spoil


def current_file(text: bytes):
    def spoil(generation):
        (generation.parent / "CURRENT").write_bytes(text)

    return spoil


CORRUPTIONS = {
    "toc-garbage": garbage("*.toc"),
    "toc-empty": garbage("*.toc", b""),
    "toc-truncated": truncate("*.toc"),
    "toc-missing": remove("*.toc"),
    "segment-garbage": garbage("*.trm"),
    "segment-empty": garbage("*.trm", b""),
    "segment-truncated": truncate("*.trm"),
    "segment-missing": remove("*.trm"),
    "generation-missing": lambda generation: shutil.rmtree(generation),
    "current-not-utf8": current_file(b"\xff\xfegen-x\n"),
    "current-outside-the-store": current_file(b"gen-x/../../\n"),
    "current-empty": current_file(b""),
}


@pytest.fixture
def good_index(tmp_path, index_dir):
    """A private copy of the session's index, free to spoil."""
    root = tmp_path / "index"
    shutil.copytree(index_dir, root)
    return root


def recover(root):
    """What an operator does: make the generation live again when ``CURRENT`` is damaged
    (every writer refuses it, :mod:`tests.index.test_damaged_current`), else build anew."""
    store = IndexStore(root)
    if store.damage() is None:
        build([ARTICLES], store)
        return
    with store.writing(0, "restore", restoring=True):
        store.restore(store.newest_valid()[0])


def assert_unavailable(client):
    api = client.get("/api/search?q=banjir")
    assert api.status_code == 503
    assert api.get_json() == UNAVAILABLE
    page = client.get("/?q=banjir")
    assert page.status_code == 503
    assert "Indeks pencarian belum tersedia." in page.get_data(as_text=True)
    assert "Traceback" not in page.get_data(as_text=True)


def assert_serving(client):
    api = client.get("/api/search?q=banjir+jakarta")
    assert api.status_code == 200
    data = api.get_json()
    # The two articles with both words, then those with one of them (fewer than ten full).
    shown = [(hit["id"], hit["partial"]) for hit in data["hits"]]
    assert shown == [
        ("banjir-utara", False),
        ("musim-hujan", False),
        ("macet-jakarta", True),
        ("bekasi-kebanjiran", True),
        ("uji-html", True),
    ]
    assert (data["total"], data["full_total"], data["relaxed"]) == (5, 2, True)


def test_missing_folder_at_start_then_a_build_appears(tmp_path):
    root = tmp_path / "never-built"
    client = create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()
    assert client.get("/").status_code == 200  # the home page needs no index
    assert_unavailable(client)
    build([ARTICLES], IndexStore(root))
    assert_serving(client)


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
def test_corrupt_index_is_a_503_and_recovers_without_restart(good_index, corruption):
    CORRUPTIONS[corruption](IndexStore(good_index).current())
    client = create_app({"TESTING": True, "INDEX_DIR": str(good_index)}).test_client()
    assert_unavailable(client)
    assert_unavailable(client)  # a failed open is not cached
    recover(good_index)
    assert_serving(client)


def test_index_removed_while_serving_is_a_503_then_recovers(good_index):
    client = create_app({"TESTING": True, "INDEX_DIR": str(good_index)}).test_client()
    assert_serving(client)
    shutil.rmtree(good_index)
    assert_unavailable(client)
    build([ARTICLES], IndexStore(good_index))
    assert_serving(client)


def test_a_failed_open_is_retried_only_when_a_file_changes(good_index, index_dir, monkeypatch):
    from search.state import opening

    generation = IndexStore(good_index).current()
    saved = {path.name: path.read_bytes() for path in generation.iterdir()}
    garbage("*.toc")(generation)
    client = create_app({"TESTING": True, "INDEX_DIR": str(good_index)}).test_client()
    opens = []
    real_open = opening.open_searcher
    monkeypatch.setattr(opening, "open_searcher", lambda gen: opens.append(gen) or real_open(gen))
    assert_unavailable(client)
    assert opens == [generation]  # the page's request did not open it again
    for name, data in saved.items():  # repaired in place, same generation
        (generation / name).write_bytes(data)
    assert_serving(client)
    assert opens == [generation, generation]


@pytest.mark.parametrize("corruption", ["toc-garbage", "segment-truncated", "current-not-utf8"])
def test_healthz_is_unhealthy_with_the_reason_then_healthy(good_index, corruption):
    CORRUPTIONS[corruption](IndexStore(good_index).current())
    client = create_app({"TESTING": True, "INDEX_DIR": str(good_index)}).test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    data = response.get_json()
    assert data["status"] == "unavailable"
    assert str(good_index) in data["reason"]
    recover(good_index)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_healthz_without_any_index(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "reason": f"no index in {tmp_path / 'none'}: build one first",
    }
