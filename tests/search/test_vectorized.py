"""The array evaluation against Whoosh's own collector: same matches, same scores, same order.

The index: every 50th article of the bundled corpus (440) built in two
segments, then 44 of them changed by an update (deleted documents inside old segments, a third
segment), so document offsets and deletions are exercised.
"""

from __future__ import annotations

import gzip
import json
import math
from datetime import datetime

import numpy as np
import pytest
from whoosh import query as Q

from index.codec import columns
from index.ingest import BUNDLED_CORPUS
from index.store import IndexStore
from index.writer import build, update
from search.engine import SearchEngine
from search.evaluation import vectorized
from search.evaluation.ranking import DEFAULT_RANKING
from search.evaluation.vectorized import first, summed
from search.language.expansion import synonyms
from search.language.query import build_query
from search.language.request import SearchRequest
from search.state.vocabulary import Vocabulary

QUERIES = [
    "banjir",
    "jokowi",
    "presiden jokowi",
    "harga minyak",
    "menteri keuangan",
    "kpk",
    "menhan",
    "as china",
    "banjir OR gempa",
    "jakarta -banjir",
    "dpr korupsi kpk",
    '"joko widodo"',
    "judul:jokowi",
    "pemain timnas indonesia",
    "mengalahkan",
    "anak-anak",
    "ibu kota",
    "kebakaran hutan",
    "timnas indonesia",
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("vectorized")
    with gzip.open(BUNDLED_CORPUS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines][::50]
    first_half, changed = root / "a.jsonl", root / "b.jsonl"
    first_half.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    edited = [dict(r, title=r["title"] + " banjir jokowi") for r in records[::10]]
    changed.write_text("".join(json.dumps(r) + "\n" for r in edited), encoding="utf-8")
    store = IndexStore(root / "index")
    build([first_half], store, procs=2)
    update([changed], store)
    engine = SearchEngine(root / "index", cache_size=0)
    yield engine
    engine.close()


def whoosh_ranking(searcher, query) -> list[tuple[int, float]]:
    """Whoosh's collector, every match, in its order (score, then document number).

    Excluded words go in Whoosh's ``mask``: its ``AndNot`` matcher lets some
    excluded documents through (here "jakarta -banjir" kept an article whose
    title has "banjir"), which the array evaluation does not. And a condition
    scored 0 (``select``) is given a tiny score instead: Whoosh reads a constant
    score of 0 as "none given" and scores 1.
    """
    query = query.accept(
        lambda q: (
            Q.ConstantScoreQuery(q.child, 1e-300)
            if isinstance(q, Q.ConstantScoreQuery) and not q.score
            else q
        )
    )
    if isinstance(query, Q.AndNot):
        results = searcher.search(query.a, limit=None, mask=query.b)
    else:
        results = searcher.search(query, limit=None)
    return [(hit.docnum, hit.score) for hit in results]


def test_the_index_has_deletions_and_segments(engine):
    reader = engine.searcher().reader()
    assert len(list(reader.leaf_readers())) == 3
    assert reader.doc_count_all() - reader.doc_count() == 44


@pytest.mark.parametrize("text", QUERIES)
def test_same_matches_scores_and_order_as_whoosh(engine, text):
    searcher = engine.searcher()
    query, _ = build_query(text, searcher.schema, DEFAULT_RANKING.field_boosts, synonyms())
    expected = whoosh_ranking(searcher, query)
    found = engine.evaluator(searcher).matches(query)
    assert len(expected) > 0
    assert sorted(found.ids.tolist()) == sorted(docnum for docnum, _ in expected)
    ours = dict(zip(found.ids.tolist(), found.scores.tolist(), strict=True))
    for docnum, score in expected:
        assert math.isclose(ours[docnum], score, rel_tol=1e-9), (docnum, ours[docnum], score)
    ranked = first(found, engine.evaluator(searcher).columns, "relevance", 0.0, len(found))
    assert [round(s, 9) for s in ranked.scores] == [round(s, 9) for _, s in expected]
    assert ranked.ids.tolist() == [docnum for docnum, _ in expected]


# WIB days as the index holds them (naive UTC): 1 July WIB starts at 30 June 17:00 UTC.
JULY, SEPTEMBER = datetime(2019, 6, 30, 17), datetime(2019, 8, 31, 17)
AUGUST = datetime(2019, 7, 31, 17)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("jokowi tanggal:2019-07..2019-08", JULY, SEPTEMBER),
        ("jokowi sumber:okezone.com", None, None),
        ("dari:2019-08-01", AUGUST, None),
    ],
)
def test_conditions_match_what_whoosh_matches(engine, text, start, end):
    """``published`` has no terms (schema 3): Whoosh matches the rest of the query,
    and the date range is checked against each match's stored date."""
    searcher = engine.searcher()
    evaluator = engine.evaluator(searcher)
    query, _ = build_query(text, searcher.schema, DEFAULT_RANKING.field_boosts)
    dateless = query.accept(lambda q: Q.Every() if isinstance(q, Q.NumericRange) else q)
    expected = sorted(searcher.docs_for_query(dateless))
    if start is not None:
        dates = {n: searcher.stored_fields(n).get("published") for n in expected}
        expected = [n for n in expected if dates[n] and start <= dates[n]]
        expected = [n for n in expected if end is None or dates[n] < end]
    assert 0 < len(expected) < engine.searcher().doc_count()
    assert evaluator.docs(query).tolist() == expected


def test_whoosh_finds_no_date_terms(engine):
    """Nothing reads dates by Whoosh's own matcher: the column is the only way."""
    searcher = engine.searcher()
    query, _ = build_query("dari:2019-08-01", searcher.schema, DEFAULT_RANKING.field_boosts)
    assert list(searcher.docs_for_query(query)) == []
    assert len(evaluator_docs := engine.evaluator(searcher).docs(query)) > 0, evaluator_docs


def test_filters_match_what_whoosh_matches(engine):
    searcher = engine.searcher()
    evaluator = engine.evaluator(searcher)
    source = Q.Or([Q.Term("source", "detik.com"), Q.Prefix("source", "kompas")])
    assert evaluator.docs(source).tolist() == sorted(searcher.docs_for_query(source))


def test_newest_first_orders_by_date_then_score(engine):
    request = SearchRequest("jokowi", sort="newest", per_page=50)
    hits = engine.search(request).hits
    keys = [(-h.published.timestamp(), -h.score) for h in hits]
    assert keys == sorted(keys)


def test_a_postings_cache_keeps_within_its_budget(engine):
    searcher = engine.searcher()
    small = SearchEngine(engine.store.root, cache_size=0, postings_cache_bytes=4096)
    cache = small.evaluator(small.searcher()).postings
    for text in ("banjir", "jokowi", "presiden", "indonesia", "jakarta"):
        cache.postings(searcher, "body", text)
    assert cache.nbytes <= 4096 or len(cache.cached_terms()) == 1
    small.close()


@pytest.mark.parametrize("field", ["title", "body"])
def test_field_lengths_read_per_segment_equal_whooshs_per_document(engine, field):
    reader = engine.searcher().reader()
    expected = [reader.doc_field_length(n, field) or 0 for n in range(reader.doc_count_all())]
    assert columns.field_lengths(reader, field).tolist() == expected


def test_published_read_per_segment_equals_whooshs_per_document(engine):
    reader = engine.searcher().reader()
    column = reader.column_reader("published", translate=False)
    expected = [column[n] for n in range(reader.doc_count_all())]
    assert columns.numeric_column(reader, "published").tolist() == expected


@pytest.mark.parametrize("few", [0, 10**9])
def test_word_order_checked_everywhere_or_at_each_candidate_alike(engine, monkeypatch, few):
    monkeypatch.setattr(vectorized, "FEW_CANDIDATES", few)
    fresh = SearchEngine(engine.store.root, cache_size=0)
    searcher = fresh.searcher()
    evaluator = fresh.evaluator(searcher)
    phrase = Q.Phrase("phrase", ["joko", "widodo"])
    candidates = evaluator.columns.live_ids
    expected = sorted(set(searcher.docs_for_query(phrase)) & set(candidates.tolist()))
    assert len(expected) > 0
    assert evaluator.in_order(phrase, candidates).tolist() == expected
    fresh.close()


@pytest.mark.slow
def test_vocabulary_read_per_segment_has_whooshs_merged_frequencies(engine):
    reader = engine.searcher().reader()
    merged = {}
    for term, info in reader.iter_field("exact"):
        merged[term.decode("utf-8")] = info.doc_frequency()
    counts = Vocabulary.from_reader(reader, reader.schema)._counts
    assert counts == merged
    assert max(counts.values()) > 100


@pytest.mark.parametrize("size", [0, 1, 20, 300, 2500])
def test_summed_equals_unique_and_bincount_exactly(size):
    rng = np.random.default_rng(size)
    parts = [np.sort(rng.choice(22_000, size, replace=False)) for _ in range(4)]
    ids = np.concatenate(parts).astype(np.int64)
    scores = rng.random(len(ids)) * 10
    distinct, inverse = np.unique(ids, return_inverse=True)
    expected = np.bincount(inverse, weights=scores, minlength=len(distinct))
    found_ids, found_scores = summed(ids, scores)
    assert found_ids.tolist() == distinct.tolist()
    assert found_scores.tolist() == expected.tolist()  # the same floats, bit for bit
