"""On the bundled corpus (the demo), the expressions of issue 22 find their very words first.

Built once from ``index/data`` (the repository's own copy): a reader typing
``tahun baru`` or ``dalam negeri`` gets an article saying it, and ``gempa
malku`` is searched as ``gempa maluku``.
"""

import re

import pytest

from index.ingest import BUNDLED_CORPUS
from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo-index")
    build([BUNDLED_CORPUS], IndexStore(root), procs=1)
    found = SearchEngine(root)
    yield found
    found.close()


def says(engine, docnum: int, phrase: str) -> bool:
    fields = engine.searcher().stored_fields(docnum)
    text = f"{fields['title']}\n{fields['body']}".lower()
    return re.search(r"\b" + r"\W+".join(phrase.split()), text) is not None


@pytest.mark.parametrize(
    "text",
    ["tahun baru", "masa depan", "tanya jawab", "ibu negara", '"ibu kota baru"', "dalam negeri"],
)
def test_the_first_article_says_the_expression(engine, text):
    found = engine.search(SearchRequest(text))
    first = engine.rank(engine.searcher(), SearchRequest(text)).first(1)
    assert (found.total > 1, found.corrected, found.relaxed) == (True, None, False)
    assert says(engine, int(first.ids[0]), text.strip('"'))
    assert found.hits[0].id == engine.searcher().stored_fields(int(first.ids[0]))["id"]


def test_a_typo_beside_a_known_word_is_searched_corrected(engine):
    found = engine.search(SearchRequest("gempa malku"))
    assert (found.corrected, found.suggestion) == ("gempa maluku", None)
    assert found.total == engine.search(SearchRequest("gempa maluku")).total == 16


def test_a_rare_word_standing_in_a_match_as_typed_is_searched_as_typed(engine):
    # "tebus" is in two articles; "misano terus" would find more, but the reader's own
    # words stand together in a headline, which comes first.
    found = engine.search(SearchRequest("misano tebus"))
    assert (found.corrected, found.suggestion, found.full) == (None, None, 3)
    assert found.hits[0].id == "clickid-007681"
