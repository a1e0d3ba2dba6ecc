"""Warming: the most used words' postings decoded before a query asks, within a budget."""

from __future__ import annotations

import gc
import os

import numpy as np

from index.analysis import stopwords
from index.codec.postings import term_weights
from search.engine import SearchEngine
from search.language.query import in_order
from search.presentation import snippets
from search.presentation.snippets import WordTerms
from search.state.vocabulary import Vocabulary
from search.state.warming import frequent_terms, warm, warm_phrases
from web import create_app
from web.engine import warm_engine

FIELDS = ("title", "body", "exact")


def test_frequent_terms_are_the_index_words_by_document_frequency(index_dir):
    engine = SearchEngine(index_dir)
    reader = engine.searcher().reader()
    common = stopwords()
    expected = sorted(
        (
            (term in common, -reader.doc_frequency(field, term), field, term)
            for field in FIELDS
            for term in reader.field_terms(field)
            if reader.doc_frequency(field, term) >= 2
        ),
    )
    found = frequent_terms(reader, FIELDS, 2)
    assert found == [(field, term) for _, _, field, term in expected]
    assert len(found) == 31
    assert found[:4] == [
        ("body", "banjir"),
        ("body", "jakarta"),
        ("body", "warga"),
        ("exact", "banjir"),
    ]
    # The very common words after every other, most articles first among them too.
    assert found[17:20] == [("exact", "di"), ("body", "di"), ("body", "pada")]
    assert found[-1] == ("title", "di")
    engine.close()


def test_warm_decodes_the_first_words_until_the_budget_is_spent(index_dir):
    engine = SearchEngine(index_dir, cache_size=0)
    searcher = engine.searcher()
    evaluator = engine.evaluator(searcher)
    first = frequent_terms(searcher.reader(), FIELDS, 2)[:4]
    sizes = [len(term_weights(searcher, field, text)[0]) * 16 for field, text in first]

    warmed = warm(evaluator, FIELDS, sum(sizes[:3]), min_frequency=2)

    assert (warmed.terms, warmed.bytes) == (3, sum(sizes[:3]))
    assert warmed.postings == sum(sizes[:3]) // 16
    # The cache lets go of its oldest first: the least used warmed word before the most used.
    assert evaluator.postings.cached_terms() == first[:3][::-1]
    engine.close()


def test_warmed_postings_are_what_a_query_would_decode(index_dir):
    cold, warmed = SearchEngine(index_dir, cache_size=0), SearchEngine(index_dir, cache_size=0)
    warm(warmed.evaluator(warmed.searcher()), FIELDS, 1 << 30, min_frequency=2)
    field, text = frequent_terms(warmed.searcher().reader(), FIELDS, 2)[0]
    a = cold.evaluator(cold.searcher()).postings.postings(cold.searcher(), field, text)
    b = warmed.evaluator(warmed.searcher()).postings.postings(warmed.searcher(), field, text)
    assert np.array_equal(a.ids, b.ids) and np.array_equal(a.impacts, b.impacts)
    cold.close()
    warmed.close()


def test_warm_engine_leaves_no_file_open_and_the_app_still_searches(index_dir):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "WARM_MB": 64})
    gc.collect()  # earlier tests' engines left to the collector close their files now
    before = sorted(os.listdir("/proc/self/fd"))
    warmed = warm_engine(app)
    assert warmed is not None and warmed.terms == 0  # the fixture's words are all rarer than 500
    assert sorted(os.listdir("/proc/self/fd")) == before
    response = app.test_client().get("/api/search?q=banjir")
    assert response.status_code == 200 and response.get_json()["total"] > 0


def test_warm_engine_without_an_index_is_none(tmp_path):
    app = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")})
    assert warm_engine(app) is None


def test_a_failing_warm_up_is_logged_and_the_app_still_serves(index_dir, monkeypatch, caplog):
    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)})

    def broken(self, max_bytes, articles_bytes=0):
        self.searcher()  # files are open when it fails
        raise EOFError("truncated postings")

    monkeypatch.setattr(SearchEngine, "warm", broken)
    before = sorted(os.listdir("/proc/self/fd"))
    assert warm_engine(app) is None
    assert "warm-up failed" in caplog.text and "truncated postings" in caplog.text
    assert sorted(os.listdir("/proc/self/fd")) == before
    assert app.test_client().get("/api/search?q=banjir").status_code == 200


def test_learn_analyses_each_word_as_written_and_capitalised(index_dir, monkeypatch):
    engine = SearchEngine(index_dir)
    words = WordTerms(engine.searcher().schema["body"].analyzer)
    words.learn(["banjir", "pemerintah", "yang"])
    assert words.memo == {
        "banjir": "banjir",
        "Banjir": "banjir",
        "pemerintah": "perintah",
        "Pemerintah": "perintah",
        "yang": "yang",
        "Yang": "yang",
    }
    monkeypatch.setattr(snippets, "MEMO_WORDS", 8)
    half_full = WordTerms(words.analyzer)
    half_full.learn(["banjir", "pemerintah", "jakarta"])
    assert list(half_full.memo) == ["banjir", "Banjir", "pemerintah", "Pemerintah"]
    engine.close()


def test_learn_in_small_batches_equals_one_word_at_a_time(index_dir, monkeypatch):
    analyzer = SearchEngine(index_dir).searcher().schema["body"].analyzer
    monkeypatch.setattr(snippets, "LEARN_BATCH", 3)
    batched, one_by_one = WordTerms(analyzer), WordTerms(analyzer)
    words = ["banjir", "pemerintah", "yang", "anak-anak", "17,5", "kebanjiran", "banjir"]
    batched.learn(words)
    for word in words:
        one_by_one(word), one_by_one(word.capitalize())
    assert batched.memo == one_by_one.memo
    assert len(batched.memo) == 11  # "17,5" capitalised is itself


def test_most_used_words_come_first():
    vocabulary = Vocabulary({"banjir": 9, "jakarta": 12, "warga": 9, "gempa": 2})
    assert vocabulary.most_used(3) == ["jakarta", "banjir", "warga"]


def test_warm_phrases_matches_each_expression_of_several_words_in_order(index_dir):
    engine = SearchEngine(index_dir, cache_size=0)
    searcher = engine.searcher()
    evaluator = engine.evaluator(searcher)
    assert warm_phrases(evaluator, ["banjir jakarta", "banjir", "warga jakarta"]) == 2
    for text in ("banjir jakarta", "warga jakarta"):
        phrase = in_order(searcher.schema, text).child
        expected = sorted(searcher.docs_for_query(phrase))
        assert evaluator.postings.known_docs(phrase).tolist() == expected
    phrases = [in_order(searcher.schema, t).child for t in ("banjir jakarta", "warga jakarta")]
    assert sum(len(evaluator.postings.known_docs(phrase)) for phrase in phrases) > 0
    engine.close()
