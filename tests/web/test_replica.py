"""A read replica in Flask's test client: it serves the fleet's pinned generation, not
``CURRENT``; a prepared generation answers requests pinned to it before the switch; the
previous one answers them after; a gone one is answered from the serving one, and said."""

from __future__ import annotations

import re

import pytest

from index.fleet import FLEET, read_pin
from index.store import IndexStore
from index.writer import build
from tests.conftest import ARTICLES
from tests.generations import publish_new
from web import create_app


@pytest.fixture
def store(tmp_path):
    root = tmp_path / "index"
    build([ARTICLES], IndexStore(root))
    return IndexStore(root)


def replica_app(store, **more):
    config = {"TESTING": True, "INDEX_DIR": str(store.root), "REPLICA": "r1", **more}
    return create_app(config)


def search(client, query: str):
    response = client.get(f"/api/search?{query}")
    data = response.get_json()
    return response.status_code, data["generation"], data["total"], response.headers


def test_a_replica_serves_the_pin_not_current(store, tmp_path):
    first = store.current().name
    client = replica_app(store).test_client()
    assert search(client, "q=banjir")[:3] == (200, first, 4)
    assert read_pin(store.root).names == (first,)
    second = publish_new(store, tmp_path)
    assert second != first
    status, generation, total, headers = search(client, "q=banjir")
    assert (status, generation, total, headers["X-Telusur-Generation"]) == (200, first, 4, first)
    # A replica started now reads the pin too.
    assert search(replica_app(store).test_client(), "q=banjir")[1] == first


def test_prepare_then_switch_keeps_pinned_readers_in_their_generation(store, tmp_path):
    first = store.current().name
    client = replica_app(store).test_client()
    search(client, "q=banjir")
    second = publish_new(store, tmp_path)
    refused = client.post(f"/_replica/switch?generation={second}")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["message"] == f"{second} was not prepared on this replica"
    assert client.post("/_replica/prepare?generation=gen-999999-x").status_code == 404
    assert client.post("/_replica/prepare").status_code == 400

    prepared = client.post(f"/_replica/prepare?generation={second}")
    assert prepared.status_code == 200
    state = prepared.get_json()
    assert (state["serving"], state["prepared"], state["prepared_generation"]) == (
        first,
        [second],
        second,
    )
    # Prepared, not yet served: only a request pinned to it reads it.
    assert search(client, "q=banjir")[1:3] == (first, 4)
    assert search(client, f"q=banjir&gen={second}")[1:3] == (second, 5)

    switched = client.post(f"/_replica/switch?generation={second}")
    assert (switched.status_code, switched.get_json()["serving"]) == (200, second)
    assert read_pin(store.root).names == (second, first)
    assert search(client, "q=banjir")[1:3] == (second, 5)
    assert search(client, f"q=banjir&gen={first}&page=1")[1:3] == (first, 4)
    status, generation, total, headers = search(client, "q=banjir&gen=gen-000042-gone")
    assert (status, generation, total) == (200, second, 5)
    assert headers["X-Telusur-Generation-Unavailable"] == "gen-000042-gone"
    assert "X-Telusur-Generation-Unavailable" not in search(client, "q=banjir")[3]
    odd = search(client, "q=banjir&gen=%0D%0ASet-Cookie:+x%3Dy")
    assert (odd[:3], odd[3]["X-Telusur-Generation-Unavailable"]) == (
        (200, second, 5),
        "Set-Cookiexy",
    )


def test_the_next_page_link_carries_the_generation(store):
    first = store.current().name
    client = replica_app(store, PER_PAGE=1).test_client()
    page = client.get("/?q=banjir").get_data(as_text=True)
    assert f'<a rel="next" href="/?q=banjir&amp;page=2&amp;gen={first}">' in page
    # A change other than the page number starts again in whatever is served.
    assert re.search(r'href="/\?q=banjir&amp;sort=newest"', page)
    plain = create_app({"TESTING": True, "INDEX_DIR": str(store.root), "PER_PAGE": 1})
    page = plain.test_client().get("/?q=banjir").get_data(as_text=True)
    assert '<a rel="next" href="/?q=banjir&amp;page=2">' in page


def test_the_rollout_endpoints_are_not_for_readers(store):
    client = replica_app(store).test_client()
    assert client.get("/_replica").status_code == 200
    forwarded = client.get("/_replica", headers={"X-Forwarded-For": "203.0.113.9"})
    assert forwarded.status_code == 403
    remote = client.get("/_replica", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert remote.status_code == 403
    guarded = replica_app(store, REPLICA_TOKEN="s3cret").test_client()
    assert guarded.get("/_replica").status_code == 403
    allowed = guarded.get("/_replica", headers={"Authorization": "Bearer s3cret"})
    assert (allowed.status_code, allowed.get_json()["replica"]) == (200, "r1")
    plain = create_app({"TESTING": True, "INDEX_DIR": str(store.root)}).test_client()
    assert plain.get("/_replica").status_code == 404


def test_every_answer_of_the_index_names_its_generation(client, index_dir):
    name = IndexStore(index_dir).current().name
    assert client.get("/api/search?q=banjir").headers["X-Telusur-Generation"] == name
    assert client.get("/?q=banjir").headers["X-Telusur-Generation"] == name
    assert client.get("/healthz").headers["X-Telusur-Generation"] == name
    assert client.get("/api/search?q=banjir").get_json()["generation"] == name
    assert not (index_dir / FLEET).exists()


def test_the_store_never_prunes_a_pinned_generation(tmp_path):
    store = IndexStore(tmp_path / "index", grace=0.0)
    build([ARTICLES], store)
    first = store.current().name
    client = replica_app(store).test_client()
    assert search(client, "q=banjir")[1] == first
    for _ in range(3):
        build([ARTICLES], store)
    names = [g.name for g in store.generations()]
    assert len(names) == 3 and names[0] == first
    assert search(client, "q=banjir")[1:3] == (first, 4)


def test_a_pin_that_names_no_generation_is_a_503_that_says_why(store):
    (store.root / FLEET).write_text("{not json", encoding="utf-8")
    response = replica_app(store).test_client().get("/api/search?q=banjir")
    assert (response.status_code, response.get_json()["error"]["code"]) == (
        503,
        "index_unavailable",
    )
    assert "X-Telusur-Generation" not in response.headers
