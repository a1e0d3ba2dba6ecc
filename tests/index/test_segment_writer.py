"""The build's array segment writer writes what Whoosh's own writer writes."""

import random
from array import array
from datetime import datetime
from pathlib import Path
from pickle import dumps

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import RamStorage
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from index.analysis import snowball_analyzer, surface_analyzer, surface_words
from index.codec import runs, segment, tokens
from index.codec.blocks import FAST_DEFLATE, WHOOSH_DEFLATE, WHOOSH_PROTOCOL, TermTable
from index.codec.segment import ArraySegmentWriter
from index.ingest import Article, read_sources
from index.report import Report
from index.schema import news_schema
from index.writer import document, prepared, with_joined
from tests.conftest import FIXTURES

EDGES = [
    Article("e1", "yang dan", "Di rumah itu ada 17,5 persen anak-anak.", url="http://x/1"),
    Article("e2", "", "dan yang di ke\n\nKupu-kupu İstanbul COVID-19 1.000.000 rupiah"),
    Article("e3", "Yang Rumah", "", source="kompas.com", category="Berita"),
    Article("e4", "dan", "dan", published=datetime(2020, 5, 1, 7, 30)),
    Article("e5", "Banjir banjir BANJIR", "banjir " * 300 + "kering"),
]


def corpus() -> list[dict]:
    """Fixture articles, edge cases, and 600 made of their words, so that common
    terms run over several blocks of 128 postings and weights differ."""
    sources = [FIXTURES / "articles.jsonl", FIXTURES / "relevance.jsonl"]
    articles = list(prepared(read_sources(sources, ""), Report())) + EDGES
    words = [w for a in articles for w in f"{a.title} {a.body}".split()]
    rnd = random.Random(6)
    for n in range(600):
        title = " ".join(rnd.choices(words, k=rnd.randint(0, 8)))
        body = " ".join(rnd.choices(words, k=rnd.randint(0, 300)))
        articles.append(Article(f"m{n}", title, body, url=f"http://m/{n % 450}", source="m"))
    return [document(a) for a in articles]


def segment_files(folder: Path, analyzer, writer_class, **options) -> dict[str, bytes]:
    """Every file of the one segment written, by name with the segment's id left out."""
    ix = whoosh_index.create_in(folder, news_schema(analyzer))
    writer = writer_class(ix, _lk=False, compound=False, **options)
    for doc in corpus():
        writer.add_document(**doc)
    segment = writer._finalize_segment()
    writer._close_segment()
    return {
        path.name.replace(segment.segid, "*"): path.read_bytes()
        for path in folder.iterdir()
        if segment.segid in path.name
    }


# Every block compressed, by zlib at Whoosh's level, pickled with Whoosh's protocol:
# the bytes Whoosh's writer makes.
WHOOSHS_BLOCKS = {"compress_from": 0, "deflate": WHOOSH_DEFLATE, "protocol": WHOOSH_PROTOCOL}


@pytest.fixture
def one_object_per_posting(monkeypatch):
    """Positions encoded as Whoosh encodes them, one bytes object per posting, so that
    blocks pickle to Whoosh's bytes (see ``runs._one_position``)."""
    monkeypatch.setattr(runs, "ONE_POSITION", 0)


@pytest.mark.slow
@pytest.mark.usefixtures("one_object_per_posting")
@pytest.mark.parametrize(
    ("limitmb", "chunk"),
    [(128, 250_000), (0.05, 250_000), (0.05, 300)],
    ids=["in memory", "spilled runs", "spilled runs, small chunks"],
)
def test_segment_is_byte_for_byte_whooshs_when_every_block_is_compressed(
    tmp_path, monkeypatch, limitmb, chunk
):
    monkeypatch.setattr(runs, "CHUNK_POSTINGS", chunk)
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "arrays").mkdir()
    theirs = segment_files(tmp_path / "whoosh", None, SegmentWriter)
    ours = segment_files(
        tmp_path / "arrays", None, ArraySegmentWriter, limitmb=limitmb, **WHOOSHS_BLOCKS
    )
    assert (
        sorted(ours)
        == sorted(theirs)
        == [
            "MAIN_*._body_len.col",
            "MAIN_*._exact_len.col",
            "MAIN_*._phrase_len.col",
            "MAIN_*._stored.col",
            "MAIN_*._title_len.col",
            "MAIN_*.category.col",
            "MAIN_*.pst",
            "MAIN_*.published.col",
            "MAIN_*.source.col",
            "MAIN_*.trm",
            "MAIN_*.url_key.col",
        ]
    )
    assert [name for name in theirs if ours[name] != theirs[name]] == []


@pytest.mark.slow
@pytest.mark.usefixtures("one_object_per_posting")
def test_fields_of_another_analyzer_take_whooshs_own_path_and_match_too(tmp_path):
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "arrays").mkdir()
    analyzer = snowball_analyzer()
    theirs = segment_files(tmp_path / "whoosh", analyzer, SegmentWriter)
    ours = segment_files(tmp_path / "arrays", analyzer, ArraySegmentWriter, **WHOOSHS_BLOCKS)
    assert [name for name in theirs if ours[name] != theirs[name]] == []


def untitled(doc: dict) -> dict:
    """``doc`` with no title words: title only punctuation, joined fields to match."""
    return with_joined({**doc, "title": "— !"})


@pytest.mark.slow
@pytest.mark.usefixtures("one_object_per_posting")
@pytest.mark.parametrize("limitmb", [128, 0.05], ids=["in memory", "spilled runs"])
@pytest.mark.parametrize(
    ("change", "left_out"),
    [
        (lambda doc: {k: v for k, v in doc.items() if k != "published"}, "published"),
        (untitled, "title"),
    ],
    ids=["undated", "untitled"],
)
def test_a_field_no_article_has_is_left_out_as_whoosh_leaves_it_out(
    tmp_path, limitmb, change, left_out
):
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "arrays").mkdir()
    docs = [change(doc) for doc in corpus()]
    found, fields, lengths = {}, {}, {}
    for name, writer_class, options in [
        ("whoosh", SegmentWriter, {}),
        ("arrays", ArraySegmentWriter, {"limitmb": limitmb, **WHOOSHS_BLOCKS}),
    ]:
        ix = whoosh_index.create_in(tmp_path / name, news_schema())
        writer = writer_class(ix, compound=False, **options)
        for doc in docs:
            writer.add_document(**doc)
        writer.commit(merge=False)
        with ix.reader() as reader:
            segid = reader.segment().segid
            fields[name] = sorted({field for field, _ in reader.all_terms()})
            lengths[name] = {f: reader.field_length(f) for f in ("title", "body", "exact")}
        files = (tmp_path / name).glob(f"MAIN_{segid}*")
        found[name] = {f.name.removeprefix(f"MAIN_{segid}"): f.read_bytes() for f in files}
    assert found["arrays"] == found["whoosh"]
    assert fields["arrays"] == fields["whoosh"]
    assert lengths["arrays"] == lengths["whoosh"]
    assert left_out not in fields["arrays"] and "body" in fields["arrays"]
    assert ("._title_len.col" in found["arrays"]) is (lengths["arrays"]["title"] > 0)
    assert (lengths["arrays"]["title"] == 0) is (left_out == "title")
    assert lengths["arrays"]["body"] > 10_000


def postings(folder: Path) -> dict:
    """Every term's info and postings (ids, weights, values), read by Whoosh, and
    under ``"compressions"`` the compression levels its blocks say they have."""
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        found = reader_postings(reader)
    ix.close()
    return found


def reader_postings(reader) -> dict:
    """:func:`postings` of one segment's reader (the live documents' only)."""
    found = {"compressions": set()}
    for field, btext in reader.all_terms():
        info = reader.term_info(field, btext)
        matcher = reader.postings(field, btext)
        block = getattr(matcher, "child", matcher)  # past the filter of deleted documents
        items = []
        while matcher.is_active():
            items.append((matcher.id(), matcher.weight(), matcher.value()))
            found["compressions"].add(block._compression)
            matcher.next()
        stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
        found[field, btext] = (stats, info.max_weight(), info.min_id(), info.max_id(), items)
    return found


def built(folder: Path, writer_class, **options) -> dict:
    folder.mkdir()
    writer = writer_class(whoosh_index.create_in(folder, news_schema()), **options)
    for doc in corpus():
        writer.add_document(**doc)
    writer.commit(merge=False)
    return postings(folder)


@pytest.mark.slow
def test_small_blocks_left_uncompressed_read_back_the_same(tmp_path):
    theirs = built(tmp_path / "whoosh", SegmentWriter)
    ours = built(tmp_path / "arrays", ArraySegmentWriter, limitmb=0.05)
    assert len(ours) == len(theirs) > 1_500  # dates, URLs and groups have no terms since schema 3
    assert theirs.pop("compressions") == {3}
    assert ours.pop("compressions") == {0, FAST_DEFLATE.level}  # none, and ISA-L's
    assert [term for term in theirs if ours.get(term) != theirs[term]] == []
    assert len([t for t, p in ours.items() if len(p[-1]) > 128]) > 20


@pytest.mark.slow
def test_stored_fields_compressed_by_isa_l_read_back_as_whooshs(tmp_path):
    stored, files = [], []
    for name, writer_class in (("whoosh", SegmentWriter), ("arrays", ArraySegmentWriter)):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(tmp_path / name, news_schema())
        writer = writer_class(ix, compound=False)
        for doc in corpus():
            writer.add_document(**doc)
        writer.commit(merge=False)
        with ix.reader() as reader:
            stored.append(list(reader.all_stored_fields()))
        files.append(next((tmp_path / name).glob("*._stored.col")).read_bytes())
    assert stored[0] == stored[1]
    assert len(stored[1]) == len(corpus()) and stored[1][0]["title"]
    assert files[0] != files[1]  # compressed otherwise, read back the same


def test_positions_from_the_table_are_the_bytes_each_posting_would_have(monkeypatch):
    monkeypatch.setattr(runs, "ONE_POSITION", 16)
    # Postings at 1, 3, 1, 1, 2 and 1 positions; the first at one past the table.
    positions = np.array([16, 2, 5, 300, 0, 15, 9, 70000, 9], dtype=np.uint32)
    freqs = np.array([1, 3, 1, 1, 2, 1], dtype=np.uint32)
    plain = [[16], [2, 3, 295], [0], [15], [9, 69991], [9]]
    expected = [pack_uint(len(gaps)) + dumps(gaps, 2) for gaps in plain]
    assert runs.position_values(positions, freqs) == expected
    values = runs.position_values(np.array([4, 4, 20, 20], dtype=np.uint32), freqs[[0] * 4])
    assert values[0] is values[1] and values[2] is not values[3]


def test_shared_position_values_make_a_smaller_postings_file(tmp_path, monkeypatch):
    (tmp_path / "table").mkdir()
    (tmp_path / "plain").mkdir()
    uncompressed = {"compress_from": 2**31}  # the pickles' own sizes
    table = segment_files(tmp_path / "table", None, ArraySegmentWriter, **uncompressed)
    monkeypatch.setattr(runs, "ONE_POSITION", 0)
    plain = segment_files(tmp_path / "plain", None, ArraySegmentWriter, **uncompressed)
    assert len(table["MAIN_*.pst"]) < 0.98 * len(plain["MAIN_*.pst"])
    assert len(table["MAIN_*.trm"]) == len(plain["MAIN_*.trm"])


@pytest.mark.parametrize(
    "text",
    [
        "Rumah besar",
        "Yang dan rumah, itu  besar!",
        "yang\ndan\nke",
        "",
        "17,5 persen anak-anak KUPU-kupu İstanbul ÉCOLE co_op",
    ],
)
def test_surface_words_are_the_surface_analyzers_tokens(text):
    assert surface_words(text) == [t.text for t in surface_analyzer()(text)]


def unpacked(ids: bytes) -> list[int]:
    return array(tokens.IDS, ids).tolist()


def chunk_words(chunks: tokens.ChunkIds, text: str) -> list[str]:
    return [chunks.words.terms[n] for n in unpacked(chunks.ids(text))]


def test_words_by_chunks_are_the_surface_words_in_order():
    chunks = tokens.ChunkIds(tokens.WordIds())
    text = "Yang (Kompas) -  17,5% anak-anak,\u3000Rumah.\nrumah co_op dan…İstanbul"
    expected = ["yang", "kompas", "17,5", "anak-anak", "rumah", "rumah", "co_op", "dan", "i̇stanbul"]
    assert surface_words(text) == expected
    assert chunk_words(chunks, text) == expected
    assert chunk_words(chunks, text) == expected  # the second time from the table
    terms = ["yang", "kompas", "17,5", "anak-anak", "rumah", "co_op", "dan", "i̇stanbul"]
    assert chunks.words.terms == terms
    found = [unpacked(chunks[c]) for c in ("Rumah.", "Yang", "(-)", "dan…İstanbul")]
    assert found == [[4], [0], [], [6, 7]]
    assert chunks.ids("Rumah. Yang co_op") == tokens.packed([4, 0, 5])


def test_words_by_chunks_match_surface_words_on_random_text():
    rnd = random.Random(7)
    pieces = ["rumah", "Yang", "ke", "17", ",", ".", "-", "5", "_", " ", "\n", "\t", "\u00a0"]
    pieces += ["\u2028", "\x1c", "Σ", "ΟΔΟΣ", "İ", "ß", "é", "'", "“", "(", "1.000", "KUPU"]
    chunks = tokens.ChunkIds(tokens.WordIds())
    bounded = tokens.ChunkIds(tokens.WordIds(), limit=20)
    for _ in range(3000):
        text = "".join(rnd.choices(pieces, k=rnd.randint(0, 30)))
        assert chunk_words(chunks, text) == surface_words(text), repr(text)
        assert chunk_words(bounded, text) == surface_words(text), repr(text)
        assert len(bounded) <= 20
    assert len(chunks) > 1000


def test_stems_numbered_from_word_ids_as_the_words_come():
    words = tokens.WordIds()
    stems = tokens.StemIds(words, lambda word: word.removesuffix("nya"))
    ids = [words[w] for w in ["rumahnya", "besar", "rumah", "besarnya", "kota"]]
    assert stems.numbered(np.array(ids, dtype=np.uint32)).tolist() == [0, 1, 0, 1, 2]
    words["kotanya"]
    stems.forget_words()
    assert stems.numbered(np.array([5, 0], dtype=np.uint32)).tolist() == [2, 0]
    assert stems.terms == ["rumah", "besar", "kota"]


def hash_file(pairs_in_calls: list[list[tuple[bytes, bytes]]]) -> bytes:
    storage = RamStorage()
    table = TermTable.taking_over(OrderedHashWriter(storage.create_file("t")))
    for pairs in pairs_in_calls:
        table.add_many([k for k, _ in pairs], [v for _, v in pairs])
    table.close()
    return storage.open_file("t").read()


def test_terms_added_many_at_a_time_make_the_file_added_one_by_one_makes():
    pairs = [(f"k{n:05}".encode(), b"v" * (n % 7)) for n in range(70_000)]
    storage = RamStorage()
    table = OrderedHashWriter(storage.create_file("t"))
    for key, value in pairs:
        table.add(key, value)
    table.close()
    one_by_one = storage.open_file("t").read()
    assert hash_file([pairs[:5], [], pairs[5:]]) == one_by_one
    with pytest.raises(ValueError, match="keys must increase"):
        hash_file([pairs[5:9], pairs[:5]])
    with pytest.raises(ValueError, match="keys must increase"):
        hash_file([[pairs[1], pairs[0]]])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "clickid-000001"),
        ("id", ""),
        ("url", "https://kompas.com/read/2019/07/31/İstanbul?x=ü"),
        ("source", "kompas.com"),
        ("published", datetime(2019, 7, 31, 12, 38)),
        ("published", datetime(1, 1, 1)),
        ("published", datetime(1969, 12, 31, 23, 59, 59, 999999)),
        ("published", datetime(9999, 12, 31, 23, 59, 59, 999999)),
    ],
)
def test_terms_of_ids_and_dates_are_the_terms_whoosh_indexes(field, value):
    fieldobj = news_schema()[field]
    assert segment._terms_of(fieldobj, value) == [t for t, *_ in fieldobj.index(value)]
    assert len(segment._terms_of(fieldobj, value)) == (8 if field == "published" else 1)
