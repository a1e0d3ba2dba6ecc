"""Stored fields of the articles shown last: kept, least recently shown dropped, per version."""

from __future__ import annotations

from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest
from search.state.stored import StoredFields
from tests.conftest import ARTICLES


def test_the_articles_shown_last_are_kept_and_the_least_recent_dropped(index_dir):
    engine = SearchEngine(index_dir, cache_size=0)
    searcher = engine.searcher()
    stored = StoredFields(searcher, size=2)
    first = stored.get(searcher, 0)
    assert first == searcher.stored_fields(0)
    assert stored.get(searcher, 0) is first
    stored.get(searcher, 1)
    stored.get(searcher, 0)
    stored.get(searcher, 2)  # 1 was shown least recently
    assert stored.get(searcher, 0) is first
    # Kept by segment and document number within it (one segment here).
    assert [key[1] for key in stored._fields] == [2, 0]
    engine.close()


def test_a_new_index_version_shows_the_changed_article(tmp_path):
    store = IndexStore(tmp_path / "index")
    build([ARTICLES], store)
    engine = SearchEngine(store.root, cache_size=0)
    titles = [h.title for h in engine.search(SearchRequest("gempa")).hits]
    assert titles == ["Gempa Magnitudo 5,2 Guncang Maluku"]
    # Rebuilt with that one title changed: the article keeps its document number.
    text = ARTICLES.read_text(encoding="utf-8")
    changed = tmp_path / "changed.jsonl"
    changed.write_text(text.replace("Guncang Maluku", "Guncang Ambon"), encoding="utf-8")
    build([changed], store)
    titles = [h.title for h in engine.search(SearchRequest("gempa")).hits]
    assert titles == ["Gempa Magnitudo 5,2 Guncang Ambon"]
    engine.close()
