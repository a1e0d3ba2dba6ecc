"""``make run``/``serve``/``index`` rebuild only an index that was built from the bundled
corpus alone and never changed; any other is kept and served, with a word on how to rebuild it."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from index import cli, provenance
from index.provenance import BUNDLED, decide
from index.store import CURRENT, IndexStore
from index.writer import build, delete, update

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = [
    {"id": f"demo-{n}", "title": f"Berita {n}", "body": f"Banjir melanda kota {n}."}
    for n in range(5)
]


@pytest.fixture
def bundled(tmp_path, monkeypatch) -> Path:
    """A small stand-in for the bundled corpus, and indexing code whose digest a test may change."""
    corpus = tmp_path / "corpus" / "click-id.jsonl"
    corpus.parent.mkdir()
    corpus.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    monkeypatch.setattr(provenance, "BUNDLED_CORPUS", corpus)
    monkeypatch.setattr(provenance, "indexing_digest", lambda: "code-1")
    return corpus


def new_code(monkeypatch) -> None:
    monkeypatch.setattr(provenance, "indexing_digest", lambda: "code-2")


def ensure(store: IndexStore, capsys) -> tuple[int, str, str]:
    status = cli.main(["ensure-demo", "--index-dir", str(store.root), "--nice", "0"])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def extra(tmp_path) -> Path:
    path = tmp_path / "extra.jsonl"
    path.write_text('{"id": "baru", "title": "Baru", "body": "Berita baru."}\n', encoding="utf-8")
    return path


def test_no_index_is_built_from_the_bundled_corpus(tmp_path, bundled, capsys):
    store = IndexStore(tmp_path / "ix")
    status, out, err = ensure(store, capsys)
    assert (status, err) == (0, "")
    first, second = out.splitlines()
    assert first == f"ensure-demo: no index in {store.root} yet: building the bundled corpus's"
    assert second.startswith("build: 5 added in ")
    meta = store.meta(store.current())
    assert (meta["sources"], meta["indexing"]) == ([BUNDLED], "code-1")
    assert meta["corpus"] == provenance.corpus_digest()


def test_an_unchanged_demo_index_is_kept(tmp_path, bundled, capsys):
    store = IndexStore(tmp_path / "ix")
    live = build([bundled], store).generation
    assert decide(store).action == "keep"
    status, out, err = ensure(store, capsys)
    assert (status, err) == (0, "")
    assert out == f"ensure-demo: {live.name}, the bundled corpus's index, is up to date\n"
    assert store.generations() == [live]


@pytest.mark.parametrize("change", ["code", "corpus"])
def test_a_demo_index_is_rebuilt_when_the_code_or_the_corpus_changed(
    tmp_path, bundled, monkeypatch, capsys, change
):
    store = IndexStore(tmp_path / "ix")
    live = build([bundled], store).generation
    if change == "code":
        new_code(monkeypatch)
    else:
        with bundled.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"id": "demo-5", "title": "Lagi", "body": "Gempa."}) + "\n")
    status, out, err = ensure(store, capsys)
    assert (status, err) == (0, "")
    first, second = out.splitlines()
    assert first == (
        f"ensure-demo: the indexing code or the bundled corpus changed since {live.name} was "
        "built from the bundled corpus alone: building it again"
    )
    assert second.startswith(f"build: {6 if change == 'corpus' else 5} added in ")
    assert store.current() != live


def test_an_updated_index_is_never_rebuilt(tmp_path, bundled, extra, monkeypatch, capsys):
    store = IndexStore(tmp_path / "ix")
    build([bundled], store)
    live = update([extra], store).generation
    assert store.meta(live)["sources"] == [BUNDLED, str(extra)]
    assert ensure(store, capsys) == (
        0,
        f"ensure-demo: {live.name} (last changed by update, from the bundled corpus, {extra}) "
        "is kept as it is\n",
        "",
    )
    new_code(monkeypatch)
    status, out, err = ensure(store, capsys)
    assert (status, err) == (0, "")
    assert out == (
        f"ensure-demo: the indexing code changed since {live.name} was written (last changed by "
        f"update, from the bundled corpus, {extra}); make rebuilds only an index it built from "
        "the bundled corpus alone, so this one is kept and served as it is. To index it with "
        f"the new code: `python -m index build {bundled} {extra} --index-dir {store.root}` "
        "(and delete again what `index delete` removed)\n"
    )
    assert store.current() == live
    assert store.meta(live)["articles"] == 6


@pytest.mark.parametrize("how", ["other sources", "a deletion", "unrecorded sources"])
def test_any_other_index_is_kept_when_the_code_changed(tmp_path, bundled, extra, monkeypatch, how):
    store = IndexStore(tmp_path / "ix")
    if how == "other sources":
        live = build([extra], store).generation
    elif how == "a deletion":
        build([bundled], store)
        live = delete(["demo-1"], store).generation
    else:  # made before generations recorded their sources
        live = build([bundled], store).generation
        meta = store.meta(live)
        del meta["sources"]
        (live / "telusur.json").write_text(json.dumps(meta), encoding="utf-8")
    new_code(monkeypatch)
    decision = decide(store)
    assert decision.action == "keep"
    assert decision.message.startswith(f"the indexing code changed since {live.name} was written")
    assert store.current() == live


def test_a_damaged_current_stops_make(tmp_path, bundled, capsys):
    store = IndexStore(tmp_path / "ix")
    live = build([bundled], store).generation
    (store.root / CURRENT).write_bytes(b"")
    status, out, err = ensure(store, capsys)
    assert (status, out) == (1, "")
    assert err == f"error: {store.damage()}; nothing was changed\n"
    assert store.generations() == [live]


def test_a_build_decided_before_an_update_took_the_lock_is_called_off(
    tmp_path, bundled, extra, monkeypatch, capsys
):
    store = IndexStore(tmp_path / "ix")
    build([bundled], store)
    new_code(monkeypatch)
    real_decide = provenance.decide
    decisions = []

    def decide_then_update(store):  # another writer publishes between decision and lock
        decisions.append(real_decide(store))
        if len(decisions) == 1:
            update([extra], store)
        return decisions[-1]

    monkeypatch.setattr(cli, "decide", decide_then_update)
    monkeypatch.setattr(provenance, "decide", decide_then_update)
    status, out, err = ensure(store, capsys)
    assert (status, err) == (0, "")
    assert [d.action for d in decisions] == ["build", "keep"]
    assert (
        out.splitlines()[1] == f"ensure-demo: the index changed meanwhile: {decisions[1].message}"
    )
    assert store.meta(store.current())["command"] == "update"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_index_keeps_an_updated_index_whatever_the_file_times(tmp_path, extra):
    store = IndexStore(tmp_path / "ix")
    build([extra], store)
    os.utime(store.root / CURRENT, (0, 0))  # older than every source file, as after a pull
    done = subprocess.run(
        ["make", "-s", "index", f"INDEX_DIR={store.root}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    live = store.current()
    assert done.stdout.startswith(f"ensure-demo: {live.name} (last changed by build, from {extra})")
    assert store.generations() == [live]
