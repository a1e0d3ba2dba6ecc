"""Any collection, not just the demo: every endpoint answers every collection shape.

Each cell of :func:`tests.matrix_collections.cells` is indexed once (the one-process
or the parallel build, then its update and deletions); every endpoint is asked
with each of its parameters and must answer its documented status, never a 5xx;
``python -m search --json`` must print JSON, never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pytest
from whoosh import index as whoosh_index

from index.store import IndexStore
from index.writer import build, delete, update
from tests.matrix_collections import Cell, cells, write_csv, write_jsonl
from web import create_app

ROOT = Path(__file__).resolve().parents[2]

SEARCHES = [
    "q=banjir",
    "q=banjir&sort=newest",
    "q=banjir&sort=oldest",
    "q=banjir&from=2019-07-01&to=2019-07-31",
    "q=banjir&from=2019-07-15",
    "q=banjir&to=2019-06-15",
    "q=banjir&source=kompas.com",
    "q=banjir&source=kompas.com&source=Detik",
    "q=banjir&category=news",
    "q=banjir&category=Bisnis+Ekonomi&category=nasional",
    "q=banjir&facets=",
    "q=banjir&facets=source",
    "q=banjir&facets=category",
    "q=banjir&facets=month",
    "q=banjir&facets=week",
    "q=banjir&facets=source,category,month,week",
    "q=banjir&page=2&per_page=5",
    "q=banjir&page=1000",
    "q=banjir&per_page=100",
    "q=banjir&expand=false",
    "q=menhan+jokowi",
    "source=kompas.com",
    "category=News&sort=newest",
    "from=2019-07-01&sort=oldest",
    "q=yang+dan",
    "q=zzqx",
    "q=banjr+jakrta",
    "q=title:banjir",
    "q=%22banjir+jakarta%22",
    "q=tanggal:2019-07",
    "q=banjir+-jakarta",
    "q=banjir+OR+gempa",
    "q=sumber:kompas.com+kategori:news",
    "q=ban*",
    "q=banjir&sort=newest&facets=week&page=2&per_page=3&source=tempo.co&category=nasional&from=2019-06-01&to=2019-08-31",
    "q=banjir&from=1900-01-01&to=2100-12-31&facets=week",
    "q=*",
    "q=%22",
    "q=title:",
    "q=(banjir",
    "q=-",
    "q=-banjir",
    "q=tanggal:1000-01",
    "q=dari:2030-01-01",
    "q=%F0%9F%98%80+%C4%B0stanbul",
    "q=" + "+".join(["banjir", "jakarta", "gempa", "warga"] * 18),
]

# Paths and the status each must answer; {live} is a live article's id, {gone} one that is not.
REQUESTS = [(f"/api/search?{s}", 200) for s in SEARCHES] + [
    ("/api/search?q=", 400),
    ("/api/search?q=" + "banjir+" * 80, 400),
    ("/api/search?q=banjir&per_page=101", 400),
    ("/api/search?q=banjir&page=0", 400),
    ("/api/search?q=banjir&sort=bogus", 400),
    ("/api/search?q=banjir&from=2019-13-01", 400),
    ("/api/search?q=banjir&facets=bogus", 400),
    ("/api/search?q=banjir&page=1001&per_page=10", 400),
    ("/api/histogram?q=banjir&interval=week&from=2019-06-01&to=2019-06-30", 200),
    ("/api/search?q=banjir&from=2019-08-01&to=2019-07-01", 400),
    ("/api/histogram?q=banjir&interval=year", 200),
    ("/api/histogram?q=banjir&interval=day", 400),
    ("/api/histogram?q=banjir", 200),
    ("/api/histogram?q=banjir&interval=week", 200),
    ("/api/histogram?source=kompas.com&from=2019-07-01", 200),
    ("/api/histogram?q=yang", 200),
    ("/api/suggest?q=ban", 200),
    ("/api/suggest?q=banjir+ja&limit=20", 200),
    ("/api/suggest?q=y", 200),
    ("/api/suggest?q=", 200),
    ("/api/suggest/opensearch?q=ban", 200),
    ("/api/articles/{live}", 200),
    ("/api/articles/{live}/related", 200),
    ("/api/articles/{live}/related?limit=20", 200),
    ("/api/articles/{gone}", 404),
    ("/api/articles/{gone}/related", 404),
    ("/", 200),
    ("/?q=banjir", 200),
    ("/?q=banjir&sort=newest&page=2&per_page=5", 200),
    ("/?q=banjir&source=kompas.com&category=news&from=2019-07-01", 200),
    ("/?source=tempo.co", 200),
    ("/?q=yang", 200),
    ("/?q=zzqx", 200),
    ("/?q=banjir&from=1900-01-01&to=2100-12-31", 200),
    ("/?q=%22&sort=oldest", 200),
    ("/articles/{live}", 200),
    ("/articles/{gone}", 404),
    ("/feed", 200),
    ("/feed?q=banjir", 200),
    ("/feed?q=banjir&source=kompas.com&per_page=100", 200),
    ("/feed?q=yang", 200),
    ("/feed?category=News&from=2019-07-01", 200),
    ("/healthz", 200),
    ("/api/openapi.json", 200),
    ("/opensearch.xml", 200),
    ("/bantuan", 200),
]

CELLS = {cell.name: cell for cell in cells()}


def build_cell(cell: Cell, root: Path) -> Path:
    """Index ``cell`` into ``root`` as a user would: build, then update, then delete."""
    store = IndexStore(root / "index")
    source = (
        write_csv(root / "articles.csv", cell.records())
        if cell.csv
        else write_jsonl(root / "articles.jsonl", cell.records())
    )
    built = build([source], store, procs=cell.procs)
    assert [str(r) for r in built.rejects] == []
    if cell.update:
        updated = update([write_jsonl(root / "update.jsonl", cell.update())], store)
        assert [str(r) for r in updated.rejects + updated.duplicates] == []
    if cell.delete:
        delete(cell.delete, store)
    return root / "index"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Each cell's index, built the first time a test asks for it."""

    @cache
    def index_of(name: str) -> Path:
        return build_cell(CELLS[name], tmp_path_factory.mktemp("matrix"))

    return index_of


@pytest.fixture(scope="session")
def clients(built):
    """One app per cell, kept for the session so that its engine opens the index once."""

    @cache
    def client_of(name: str):
        return create_app({"TESTING": True, "INDEX_DIR": str(built(name))}).test_client()

    return client_of


def requests() -> list:
    params = []
    for name in CELLS:
        for path, status in REQUESTS:
            params.append(pytest.param(name, path, status, id=f"{name} {path}"))
    return params


@pytest.mark.parametrize(("cell", "path", "status"), requests())
def test_every_endpoint_answers_its_documented_status(clients, cell, path, status):
    live = CELLS[cell].live()
    if "{live}" in path and not live:
        pytest.skip("no live article in this collection")
    url = path.format(live=quote(live[0]["id"], safe="") if live else "", gone="nope-gone")
    response = clients(cell).get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    if url.startswith("/api/") and not url.startswith("/api/suggest/"):
        assert response.is_json


@pytest.mark.parametrize("cell", [name for name, c in CELLS.items() if not (c.update or c.delete)])
def test_each_build_writes_one_segment_per_process_that_had_articles(built, cell):
    """The one-process path writes one segment; the parallel one a segment per worker."""
    ix = whoosh_index.open_dir(str(IndexStore(built(cell)).current()))
    try:
        assert len(ix._segments()) == CELLS[cell].segments
    finally:
        ix.close()


def hits_for(client, query: str) -> dict:
    response = client.get(f"/api/search?{query}&per_page=100")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_json()


@pytest.mark.parametrize("cell", list(CELLS))
def test_a_word_every_article_has_finds_every_live_article(clients, cell):
    live = CELLS[cell].live()
    matching = sorted(r["id"] for r in live if "banjir" in r["body"].split())
    found = hits_for(clients(cell), "q=banjir&sort=oldest&facets=")
    assert found["total"] == len(matching)
    if len(matching) <= 100:
        assert sorted(h["id"] for h in found["hits"]) == matching


@pytest.mark.parametrize("cell", list(CELLS))
def test_an_outlet_filter_finds_the_articles_of_that_outlet(clients, cell):
    live = CELLS[cell].live()
    expected = sorted(
        r["id"] for r in live if r.get("source") == "tempo.co" and "banjir" in r["body"]
    )
    found = hits_for(clients(cell), "q=banjir&source=tempo.co&facets=source")
    assert found["total"] == len(expected)
    if len(expected) <= 100:
        assert sorted(h["id"] for h in found["hits"]) == expected


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "search", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


CLI_CELLS = [name for name, cell in CELLS.items() if cell.cli]
CLI_ARGS = {
    "plain": ["banjir"],
    "filtered": ["banjir", "--sort", "newest", "--source", "kompas.com", "--from", "2019-07-01"],
    "stop words": ["yang dan"],
}
CLI_QUERIES = {
    "plain": "q=banjir",
    "filtered": "q=banjir&sort=newest&source=kompas.com&from=2019-07-01",
    "stop words": "q=yang+dan",
}


@pytest.mark.parametrize("args", list(CLI_ARGS), ids=list(CLI_ARGS))
@pytest.mark.parametrize("cell", CLI_CELLS)
def test_search_json_prints_the_apis_answer_never_a_traceback(built, clients, cell, args):
    argv = [*CLI_ARGS[args], "--index-dir", str(built(cell)), "--json"]
    done = run_cli(*argv)
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stderr) == (0, "")
    printed = json.loads(done.stdout)
    api = clients(cell).get(f"/api/search?{CLI_QUERIES[args]}").get_json()
    assert [h["id"] for h in printed["hits"]] == [h["id"] for h in api["hits"]]
    assert (printed["total"], printed["facets"]) == (api["total"], api["facets"])


def test_every_odd_id_is_served_by_each_article_route(clients):
    client = clients("odd-ids-50")
    for record in CELLS["odd-ids-50"].live():
        quoted = quote(record["id"], safe="")
        answer = client.get(f"/api/articles/{quoted}")
        assert (answer.status_code, answer.get_json()["id"]) == (200, record["id"])
        related = client.get(f"/api/articles/{quoted}/related")
        assert (related.status_code, related.get_json()["id"]) == (200, record["id"])
        assert client.get(f"/articles/{quoted}").status_code == 200


@pytest.mark.parametrize("cell", CLI_CELLS)
def test_index_stats_json_describes_every_collection(built, cell):
    done = subprocess.run(
        [sys.executable, "-m", "index", "stats", "--json", "--index-dir", str(built(cell))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["articles"] == len(CELLS[cell].live())
