"""Near-copies of one story grouped at build and update time, folded on the page and in the JSON.

Real records of the bundled corpus (``tests/data/clickid-near-copies.jsonl``, CLICK-ID, CC BY 4.0).
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash
from whoosh import index as whoosh_index

from index.groups import SIGNATURES, Grouper, shingle_hashes, signature
from index.ingest import read_sources
from index.schema import news_schema
from index.store import IndexStore
from index.writer import OtherSchema, build, document, update
from search.cli import main as search_main
from web import create_app

NEAR_COPIES = Path(__file__).parents[1] / "data" / "clickid-near-copies.jsonl"
GROUPS = {
    "clickid-001374": "clickid-001374",
    "clickid-001382": "clickid-001382",  # the same outlet's retelling: too far from the others
    "clickid-001597": "clickid-001597",
    "clickid-001726": "clickid-001726",
    "clickid-002158": "clickid-002158",
    "clickid-002185": "clickid-002185",
    "clickid-003579": "clickid-001374",  # kompas.com's copy of tribunnews.com's story
    "clickid-003711": "clickid-001726",
    "clickid-006114": "clickid-006114",
    "clickid-009338": "clickid-009338",
    "clickid-012707": "clickid-009338",  # sindonews.com's copy of okezone.com's
}
KOMAN_SIMILAR = [
    {
        "id": "clickid-001726",
        "title": "Tinggalkan Indonesia, Veronica Koman Terdeteksi Berada di Australia",
        "url": "https://www.tribunnews.com/nasional/2019/09/10/tinggalkan-indonesia-veronica-koman-terdeteksi-berada-di-australia",
        "source": "tribunnews.com",
        "published": "2019-09-10T13:14:00+07:00",
    }
]


def stored_groups(root: Path) -> dict[str, str | None]:
    ix = whoosh_index.open_dir(str(IndexStore(root).current()))
    try:
        with ix.searcher() as searcher:
            return {d["id"]: d.get("group") for d in searcher.all_stored_fields()}
    finally:
        ix.close()


def client(root: Path):
    return create_app({"TESTING": True, "INDEX_DIR": str(root)}).test_client()


def search(root: Path, q: str, **params) -> dict:
    answer = client(root).get("/api/search", query_string={"q": q, **params})
    assert answer.status_code == 200
    return answer.get_json()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("groups")
    build([NEAR_COPIES], IndexStore(root), procs=1)
    return root


@pytest.mark.parametrize("procs", [1, 2])
def test_a_build_groups_the_real_near_copies_under_their_first_article(tmp_path, procs):
    build([NEAR_COPIES], IndexStore(tmp_path), procs=procs)
    assert stored_groups(tmp_path) == GROUPS


def test_the_json_folds_a_near_copy_into_the_best_ranked_of_its_group(built):
    found = search(built, "veronica koman australia")
    assert found["total"] == 4
    hits = [(hit["id"], hit["group"]) for hit in found["hits"]]
    assert hits == [
        ("clickid-006114", "clickid-006114"),
        ("clickid-003711", "clickid-001726"),
        ("clickid-002185", "clickid-002185"),
    ]
    assert [hit["similar"] for hit in found["hits"]] == [[], KOMAN_SIMILAR, []]


def test_each_story_is_folded_once(built):
    found = search(built, "mayat bayi")
    assert found["total"] == 5
    shown = [(hit["id"], [other["id"] for other in hit["similar"]]) for hit in found["hits"]]
    assert shown == [
        ("clickid-001382", []),
        ("clickid-001374", ["clickid-003579"]),
        ("clickid-001597", []),
        ("clickid-002158", []),
    ]
    grenade = search(built, "granat brimob")["hits"]
    assert [(hit["id"], [o["source"] for o in hit["similar"]]) for hit in grenade] == [
        ("clickid-009338", ["sindonews.com"])
    ]


def test_a_page_of_one_hit_folds_nothing_it_does_not_show(built):
    second = search(built, "veronica koman australia", per_page=1, page=2)
    assert [(hit["id"], hit["similar"]) for hit in second["hits"]] == [("clickid-003711", [])]


def test_the_page_shows_the_near_copies_in_a_details_element(built):
    html = client(built).get("/", query_string={"q": "veronica koman australia"})
    text = html.get_data(as_text=True)
    start = text.index('<details class="similar">')
    details = " ".join(text[start : text.index("</details>", start)].split())
    assert details == (
        '<details class="similar"> <summary>1 berita serupa dari tribunnews.com</summary> <ul> '
        '<li><a href="/articles/clickid-001726?q=veronica+koman+australia">Tinggalkan Indonesia,'
        " Veronica Koman Terdeteksi Berada di Australia</a> · "
        '<span class="source">tribunnews.com</span> · '
        '<time datetime="2019-09-10T13:14:00+07:00">10 September 2019, 13.14 WIB</time></li> </ul>'
    )
    assert text.count('<details class="similar">') == 1


def test_an_update_puts_a_new_near_copy_into_the_group_the_build_made(tmp_path):
    records = NEAR_COPIES.read_text(encoding="utf-8").splitlines(keepends=True)
    later = [line for line in records if json.loads(line)["id"] == "clickid-003711"]
    first = tmp_path / "first.jsonl"
    first.write_text("".join(line for line in records if line not in later), encoding="utf-8")
    (tmp_path / "later.jsonl").write_text("".join(later), encoding="utf-8")
    root = tmp_path / "index"
    build([first], IndexStore(root), procs=1)
    assert stored_groups(root)["clickid-001726"] == "clickid-001726"
    report = update([tmp_path / "later.jsonl"], IndexStore(root))
    assert report.added == 1
    assert stored_groups(root) == GROUPS
    assert (IndexStore(root).current() / SIGNATURES).exists()
    hits = search(root, "veronica koman australia")["hits"]
    assert [hit["similar"] for hit in hits] == [[], KOMAN_SIMILAR, []]


def test_an_index_made_before_groups_is_searched_without_them_and_needs_a_build(tmp_path):
    store = IndexStore(tmp_path)
    generation = store.new_generation()
    schema = news_schema()
    schema.remove("group")
    ix = whoosh_index.create_in(generation, schema)
    with ix.writer() as writer:
        for article in read_sources([NEAR_COPIES]):
            writer.add_document(**document(article))
    ix.close()
    store.publish(generation, {"command": "build"})
    assert set(stored_groups(tmp_path).values()) == {None}
    hits = search(tmp_path, "granat brimob")["hits"]
    assert [(hit["id"], hit["group"], hit["similar"]) for hit in hits] == [
        ("clickid-009338", None, []),
        ("clickid-012707", None, []),
    ]
    with pytest.raises(OtherSchema) as refused:
        update([NEAR_COPIES], store)
    assert str(refused.value) == "the index was built by an older schema: run `index build`"
    assert store.current() == generation
    report = build([NEAR_COPIES], store)
    assert report.added == 11
    assert stored_groups(tmp_path) == GROUPS


def test_the_terminal_lists_the_near_copies_under_their_hit(built, capsys):
    assert search_main(["granat brimob", "--index-dir", str(built)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2] == "1. Warga Temukan Granat Aktif yang Terlempar dari Mako Brimob Semarang"
    assert lines[6:] == [
        "   1 berita serupa dari sindonews.com:",
        "   - Cerita Warga Pegang-Pegang Granat Aktif yang Terlempar dari Mako Brimob"
        " (sindonews.com) https://daerah.sindonews.com/read/1440221/"
        "174/cerita-warga-pegang-pegang-granat-aktif-yang-terlempar-dari-mako-brimob-1568640165",
    ]


def test_the_saved_groups_load_back_as_they_were_and_from_the_older_file(tmp_path):
    grouper = Grouper()
    text = " ".join(f"kata{n}" for n in range(80))
    for key in ("a", "é-b\x00", "c"):
        grouper.assign(key, "Judul", text if key != "c" else "pendek")
    assert grouper.groups == {"a": "a", "é-b\x00": "a", "c": "c"}
    grouper.groups["c"] = "gone"  # a group named by an id no longer among them
    grouper.save(tmp_path)
    loaded = Grouper.load(tmp_path)
    assert loaded.groups == grouper.groups
    assert loaded.signatures.keys() == grouper.signatures.keys() == {"a", "é-b\x00"}
    assert all((loaded.signatures[k] == grouper.signatures[k]).all() for k in grouper.signatures)
    ids = list(grouper.groups)
    with open(tmp_path / SIGNATURES, "wb") as f:  # the file before ids were kept as bytes
        np.savez(
            f,
            ids=np.array(ids, dtype=object).astype(str),
            groups=np.array([grouper.groups[k] for k in ids], dtype=object).astype(str),
            values=np.array([grouper.signatures.get(k, np.zeros(64, np.uint32)) for k in ids]),
        )
    assert Grouper.load(tmp_path).groups == {"a": "a", "é-b": "a", "c": "gone"}


def test_a_signature_is_datasketch_s_minhash_of_the_shingle_hashes():
    record = json.loads(NEAR_COPIES.read_text(encoding="utf-8").splitlines()[0])
    title, body = record["title"], record.get("body") or record.get("content") or ""
    hashes = shingle_hashes(f"{title}\n{body}")
    words = re.findall(r"\w+", f"{title}\n{body}".lower())
    crcs = [zlib.crc32(w.encode()) for w in words]
    expected_runs = [
        (
            (
                (
                    ((crcs[i] * 1_000_003 + crcs[i + 1]) * 1_000_003 + crcs[i + 2]) * 1_000_003
                    + crcs[i + 3]
                )
                * 1_000_003
                + crcs[i + 4]
            )
            % 2**64
        )
        & 0xFFFFFFFF
        for i in range(len(crcs) - 4)
    ]
    assert hashes.tolist() == expected_runs
    reference = MinHash(num_perm=64, hashfunc=int)
    reference.update_batch(hashes.tolist())
    assert signature(title, body).tolist() == reference.hashvalues.astype(np.uint32).tolist()
    assert signature("Judul", "terlalu pendek") is None
