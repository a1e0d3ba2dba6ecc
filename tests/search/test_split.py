"""Articles split into words ahead (search/state/split.py): the same words as on first sight."""

from __future__ import annotations

import pytest

from search.engine import SearchEngine, SearchRequest
from search.presentation import snippets
from search.presentation.snippets import Words, WordTerms, words_of
from search.state.split import BYTES_PER_WORD, split_ahead


def _plain(words: Words) -> tuple[list[int], list[int], list[str | None]]:
    return list(words.starts), list(words.ends), list(words.terms)


def _split_ids(engine: SearchEngine) -> set[str]:
    searcher = engine.searcher()
    ahead = engine.version(searcher).words.ahead
    return {
        searcher.stored_fields(n)["id"]
        for n in range(searcher.doc_count_all())
        if ahead.get(n) is not None
    }


def test_each_article_split_ahead_has_the_words_found_on_first_sight(index_dir):
    engine = SearchEngine(index_dir)
    searcher = engine.searcher()
    analyzer = searcher.schema["body"].analyzer
    words = WordTerms(analyzer)
    docnums = list(searcher.reader().all_doc_ids())

    def body(docnum: int) -> str:
        return searcher.stored_fields(docnum).get("body", "")

    ahead = split_ahead(docnums, searcher.doc_count_all(), body, words, 1 << 20)

    assert len(ahead) == len(docnums) == 13
    for docnum in docnums:
        assert _plain(ahead.get(docnum)) == _plain(words_of(body(docnum), WordTerms(analyzer)))
    gempa = next(n for n in docnums if searcher.stored_fields(n)["id"] == "gempa-maluku")
    found = ahead.get(gempa)
    text = body(gempa)
    assert [text[s:e] for s, e in zip(found.starts[:6], found.ends[:6], strict=True)] == [
        "Gempa",
        "berkekuatan",
        "magnitudo",
        "5,2",
        "mengguncang",
        "Maluku",
    ]
    assert found.terms[:6] == ["gempa", "kuat", "magnitudo", "5,2", "guncang", "maluku"]
    assert ahead.nbytes == BYTES_PER_WORD * sum(len(ahead.get(n).terms) for n in docnums)
    engine.close()


def test_articles_are_split_in_the_order_given_until_the_budget_is_spent(index_dir):
    words = WordTerms(SearchEngine(index_dir).searcher().schema["body"].analyzer)

    def body(docnum: int) -> str:
        return "Banjir yang " * docnum

    ahead = split_ahead([5, 2, 7, 3], 10, body, words, (10 + 4) * BYTES_PER_WORD)

    assert len(ahead) == 2
    assert [n for n in range(10) if ahead.get(n) is not None] == [2, 5]
    assert _plain(ahead.get(2)) == ([0, 7, 12, 19], [6, 11, 18, 23], ["banjir", "yang"] * 2)
    assert ahead.terms == ["banjir", "yang"]
    assert ahead.get(7) is None and ahead.get(10) is None and ahead.get(-1) is None
    assert words.memo == {}  # the words analysed ahead are not kept twice
    assert len(split_ahead([5, 2], 10, body, words, 0)) == 0
    assert len(split_ahead([5, 2], 10, body, words, 1)) == 1
    assert len(split_ahead([], 10, body, words, 1)) == 0


def test_a_warm_up_splits_the_newest_articles_first(index_dir):
    engine = SearchEngine(index_dir)
    warmed = engine.warm(0, articles_bytes=1)
    assert warmed.articles == 1
    assert _split_ids(engine) == {"musim-hujan"}  # 1 October 2019, the newest

    searcher = engine.searcher()
    newest = next(
        n for n in range(searcher.doc_count_all()) if engine.version(searcher).words.ahead.get(n)
    )
    budget = BYTES_PER_WORD * len(engine.version(searcher).words.ahead.get(newest).terms) + 1
    assert engine.warm(0, articles_bytes=budget).articles == 2
    assert _split_ids(engine) == {"musim-hujan", "bekasi-kebanjiran"}  # then 16 September
    assert engine.warm(0).articles == 0
    engine.close()


def test_snippets_from_articles_split_ahead_are_the_same(index_dir, monkeypatch):
    cold, warmed = SearchEngine(index_dir, cache_size=0), SearchEngine(index_dir, cache_size=0)
    assert warmed.warm(0, articles_bytes=1 << 20).articles == 13

    split = snippets.words_of

    def not_again(text, words, limit=snippets.CHAR_LIMIT):
        if limit == snippets.CHAR_LIMIT:  # a body (a title is split whole, and kept apart)
            raise AssertionError("split again")
        return split(text, words, limit)

    for q in ["banjir", "gempa maluku", "anak kupu", "menteri anggaran 2020", "tag"]:
        request = SearchRequest(q=q)
        expected = cold.search(request).to_dict()
        with monkeypatch.context() as patched:
            patched.setattr(snippets, "words_of", not_again)
            found = warmed.search(request).to_dict()
        expected.pop("took_ms"), found.pop("took_ms")
        assert found == expected
        assert any("<mark" in hit["snippet"] for hit in found["hits"])
    cold.close()
    warmed.close()


@pytest.mark.parametrize("megabytes", [0, 1])
def test_the_app_splits_articles_ahead_as_its_setting_says(index_dir, megabytes):
    from web import create_app
    from web.engine import warm_engine

    app = create_app({"TESTING": True, "INDEX_DIR": str(index_dir), "WARM_ARTICLES_MB": megabytes})
    assert warm_engine(app).articles == (13 if megabytes else 0)
