"""A damaged or missing ``CURRENT`` beside published generations: every writer refuses,
nothing is pruned, ``/healthz`` names the generation to restore, and ``index restore`` does it."""

import subprocess
import sys
from pathlib import Path

import pytest

from index.store import CURRENT, DamagedStore, IndexStore
from index.writer import build, delete, update
from tests.conftest import ARTICLES
from web import create_app

ROOT = Path(__file__).resolve().parents[2]
MISSING = "gen-000099-20260101T000000"

DAMAGES = {
    "garbage": (b"hello world\n", "holds 'hello world', not the name of a generation"),
    "empty": (b"", "is empty"),
    "binary": (b"\x00\xff\xfe\x81gen", "is not text"),
    "missing-generation": (f"{MISSING}\n".encode(), f"names {MISSING}, which does not exist"),
    "deleted": (None, "is missing"),
}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "index", *args], cwd=ROOT, capture_output=True, text=True
    )


def snapshot(root: Path) -> dict:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "WRITER.json"
    }


@pytest.fixture
def extra(tmp_path) -> Path:
    path = tmp_path / "extra.jsonl"
    path.write_text('{"id": "baru", "title": "Baru", "body": "Berita baru."}\n', encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path, extra) -> IndexStore:
    """Two published generations (13 articles, then 14): what a real store holds."""
    store = IndexStore(tmp_path / "ix")
    build([ARTICLES], store)
    update([extra], store)
    assert len(store.published()) == 2
    return store


def damage(store: IndexStore, form: str) -> str:
    data, problem = DAMAGES[form]
    if data is None:
        (store.root / CURRENT).unlink()
    else:
        (store.root / CURRENT).write_bytes(data)
    newest = store.published()[-1].name
    return (
        f"{store.root / CURRENT} {problem}, but {store.root} holds published generations; "
        f"the newest that opens is {newest} (14 articles): make it live with "
        f"`python -m index restore {newest} --index-dir {store.root}`"
    )


@pytest.mark.parametrize("form", sorted(DAMAGES))
def test_an_update_refuses_and_changes_nothing(store, form, tmp_path):
    message = damage(store, form)
    before = snapshot(store.root)
    other = tmp_path / "other.jsonl"
    other.write_text('{"id": "lain", "body": "Berita lain."}\n', encoding="utf-8")
    done = run("update", str(other), "--index-dir", str(store.root))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"error: {message}; nothing was changed\n"
    assert snapshot(store.root) == before


@pytest.mark.parametrize("form", sorted(DAMAGES))
def test_every_writer_refuses_and_prunes_nothing(store, form, extra):
    message = damage(store, form)
    before = snapshot(store.root)
    leftover = store.new_generation()  # a dead writer's, or the one CURRENT should name
    for write in (
        lambda: build([ARTICLES], store),
        lambda: update([extra], store),
        lambda: delete(["baru"], store),
    ):
        with pytest.raises(DamagedStore) as refused:
            write()
        assert str(refused.value) == message
    assert leftover.is_dir()
    leftover.rmdir()
    assert snapshot(store.root) == before


@pytest.mark.parametrize("form", sorted(DAMAGES))
def test_healthz_names_the_generation_to_restore(store, form):
    message = damage(store, form)
    client = create_app({"TESTING": True, "INDEX_DIR": str(store.root)}).test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "reason": message}


@pytest.mark.slow
def test_stats_says_why_instead_of_no_index(store):
    message = damage(store, "garbage")
    done = run("stats", "--index-dir", str(store.root))
    assert (done.returncode, done.stdout, done.stderr) == (1, "", f"error: {message}\n")


@pytest.mark.slow
def test_restore_makes_it_live_and_writers_work_again(store, tmp_path):
    damage(store, "deleted")
    newest = store.published()[-1]
    done = run("restore", newest.name, "--index-dir", str(store.root))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"restore: {newest.name} is live again (14 articles)\n"
    assert store.current() == newest
    client = create_app({"TESTING": True, "INDEX_DIR": str(store.root)}).test_client()
    health = client.get("/healthz").get_json()
    assert (health["status"], health["articles"], health["generation"]) == ("ok", 14, newest.name)
    other = tmp_path / "other.jsonl"
    other.write_text('{"id": "lain", "body": "Berita lain."}\n', encoding="utf-8")
    assert (update([other], store).added, update([other], store).articles) == (1, 15)


@pytest.mark.slow
def test_restore_refuses_what_is_not_a_published_generation(store):
    damage(store, "empty")
    leftover = store.new_generation()
    for name in (leftover.name, MISSING, "../ix"):
        done = run("restore", name, "--index-dir", str(store.root))
        assert done.returncode == 1
        assert done.stderr.startswith(f"error: {name!r} is not a published generation of ")
        assert done.stderr.endswith("; nothing was changed\n")
    assert (store.root / CURRENT).read_bytes() == b""


def test_the_newest_generation_that_opens_is_named(store):
    older, newest = store.published()
    for toc in newest.glob("*.toc"):
        toc.write_bytes(b"\x00garbage")
    (store.root / CURRENT).unlink()
    assert store.damage() == (
        f"{store.root / CURRENT} is missing, but {store.root} holds published generations; "
        f"the newest that opens is {older.name} (13 articles): make it live with "
        f"`python -m index restore {older.name} --index-dir {store.root}`"
    )


def test_a_new_store_is_not_damaged(tmp_path, extra):
    store = IndexStore(tmp_path / "new")
    assert store.damage() is None
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / CURRENT).write_bytes(b"garbage")  # nothing published: nothing to lose
    assert update([extra], store).articles == 1
