"""Did-you-mean, suggestions as you type, articles and related ones: exact outputs."""

import json

import pytest

from index.analysis import indonesian_analyzer
from index.store import IndexStore
from index.writer import build
from search.engine import SearchEngine
from search.language.request import SearchRequest
from search.presentation.articles import date_weight
from search.presentation.spelling import did_you_mean
from search.state.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def engine(index_dir):
    return SearchEngine(index_dir)


def test_did_you_mean_on_the_fixture_index(engine):
    # Searched as typed, a typo is only suggested; by default it is searched corrected.
    result = engine.search(SearchRequest("banjr jakrta", correct=False))
    assert (result.total, result.suggestion) == (0, "banjir jakarta")
    corrected = engine.search(SearchRequest("banjr jakrta"))
    assert (corrected.corrected, corrected.suggestion) == ("banjir jakarta", None)
    assert corrected.total == engine.search(SearchRequest("banjir jakarta")).total
    assert engine.search(SearchRequest("banjir jakarta")).suggestion is None


def test_each_correction_is_counted_once(tmp_path, monkeypatch):
    articles = [
        {"id": f"a{n}", "title": title, "body": f"{body} pada hari ke-{n}", "date": "2019-09-01"}
        for n, (title, body) in enumerate(
            [("Gempa Maluku", "gempa di maluku")] * 3 + [("Malu", "anak itu malu sekali")] * 4
        )
    ]
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a) for a in articles), encoding="utf-8")
    build([source], IndexStore(tmp_path / "index"))
    fresh = SearchEngine(tmp_path / "index", cache_size=0)
    asked = []
    query = SearchEngine.query

    def counted(self, searcher, request, *args, **kwargs):
        asked.append((request.q, kwargs.get("relaxed", False)))
        return query(self, searcher, request, *args, **kwargs)

    monkeypatch.setattr(SearchEngine, "query", counted)
    result = fresh.search(SearchRequest("gempa malku", correct=False))
    assert result.suggestion == "gempa maluku"
    # Both corrections are counted to choose; the one chosen is not counted again.
    assert asked == [
        ("gempa malku", False),
        ("gempa malku", True),
        ("gempa malu", False),
        ("gempa maluku", False),
    ]
    fresh.close()


def test_did_you_mean_keeps_the_syntax_and_the_case(engine):
    result = engine.search(SearchRequest('Banjr -gempa "jakarta utara"', correct=False))
    assert result.suggestion == 'Banjir -gempa "jakarta utara"'


def test_no_suggestion_when_nothing_is_close(engine):
    assert engine.search(SearchRequest("xyzzy")).suggestion is None


# A vocabulary of words as written (an unstemmed field): exact choices.
WORDS = {"gempa": 10, "maluku": 4, "malu": 40, "jakarta": 70, "jakrta": 1, "banjir": 30}


def surface(text: str, **kw):
    vocabulary = Vocabulary(WORDS)
    from index.analysis import indonesian_analyzer

    return did_you_mean(text, vocabulary, indonesian_analyzer(), **kw)


def test_fewest_edits_then_most_used():
    assert surface("gempa malku") == "gempa malu"


def test_the_correction_that_finds_most_with_the_other_words_wins():
    finds = {"gempa maluku": 3, "gempa malu": 0}
    assert surface("gempa malku", count=lambda text: finds.get(text, 0)) == "gempa maluku"


def test_a_word_the_index_knows_well_is_never_changed():
    # "gempa" (126 articles) is two edits from "semua" (3,804), a stop word that
    # as an optional word would find every Maluku story: the typo is corrected alone.
    words = {**WORDS, "gempa": 126, "semua": 3804}
    finds = {"semua maluku": 105, "gempa maluku": 16, "semua malu": 139}
    found = did_you_mean(
        "gempa malku", Vocabulary(words), indonesian_analyzer(), lambda t: finds.get(t, 0)
    )
    assert found == "gempa maluku"
    assert did_you_mean("gempa", Vocabulary(words), indonesian_analyzer()) is None


def test_the_rarest_words_are_corrected_first():
    words = {**WORDS, "gempa": 12, "semua": 3804}
    asked = []

    def count(text: str) -> int:
        asked.append(text)
        return {"gempa maluku": 3}.get(text, 0)

    assert did_you_mean("gempa malku", Vocabulary(words), indonesian_analyzer(), count) == (
        "gempa maluku"
    )
    # "malku" (in no article) first; then "gempa" (12), which is known, so it gives
    # way only to an option finding more than it does as typed.
    assert asked == ["gempa malu", "gempa maluku", "gempa maluku", "semua maluku"]


def test_a_rare_known_word_is_corrected_toward_a_common_one():
    assert surface("jakrta") == "jakarta"
    assert surface("jakarta banjir") is None


def test_completion_most_used_first():
    vocabulary = Vocabulary(WORDS)
    assert vocabulary.complete("ma") == ["malu", "maluku"]
    assert vocabulary.complete("ma", limit=1) == ["malu"]
    assert vocabulary.complete("zz") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "banjir jak",
            [
                {"text": "banjir jakarta", "kind": "word"},
                {"text": "Banjir Rendam Jakarta Utara", "kind": "title", "id": "banjir-utara"},
            ],
        ),
        (
            "gemp",
            [
                {"text": "gempa", "kind": "word"},
                {
                    "text": "Gempa Magnitudo 5,2 Guncang Maluku",
                    "kind": "title",
                    "id": "gempa-maluku",
                },
            ],
        ),
        # Completion reads the surface-form field ("exact"): words as written,
        # so "ba" offers "banjir" but no longer the bare stems "bahas", "bakar".
        ("ba", [{"text": "banjir", "kind": "word"}]),
        (
            "keb",
            [{"text": "kebakaran", "kind": "word"}, {"text": "kebanjiran", "kind": "word"}],
        ),
        ("", []),
        ("banjir ", []),
    ],
)
def test_suggestions(engine, text, expected):
    assert [s.to_dict() for s in engine.suggest(text)] == expected


def test_article_and_unknown_article(engine):
    article = engine.article("gempa-maluku")
    assert article.to_dict() == {
        "id": "gempa-maluku",
        "title": "Gempa Magnitudo 5,2 Guncang Maluku",
        "url": "https://contoh.sindonews.com/gempa",
        "source": "sindonews.com",
        "category": "Daerah",
        "author": "",
        "published": "2019-09-13T06:05:00+07:00",
        "body": "Gempa berkekuatan magnitudo 5,2 mengguncang Maluku pada Kamis pagi. "
        "Tidak ada laporan kerusakan.",
    }
    assert engine.article("tidak-ada") is None
    assert engine.related("tidak-ada") == []


def test_related_articles_in_order(engine):
    related = engine.related("banjir-utara")
    assert [h.id for h in related] == [
        "musim-hujan",
        "macet-jakarta",
        "bekasi-kebanjiran",
        "uji-html",
        "gempa-maluku",
    ]
    assert "banjir-utara" not in [h.id for h in related]
    assert [h.id for h in engine.related("banjir-utara", limit=2)] == [
        "musim-hujan",
        "macet-jakarta",
    ]


def test_closeness_in_date_weighs_at_most_half():
    assert date_weight(0) == 1.0
    assert date_weight(30) == 0.75
    assert date_weight(10_000) == pytest.approx(0.5)


def test_histogram_over_the_corpus_span(engine):
    assert [(v.value, v.count) for v in engine.histogram(SearchRequest("jakarta"))] == [
        ("2019-07", 1),
        ("2019-08", 1),
        ("2019-09", 0),
        ("2019-10", 1),
    ]
    weeks = engine.histogram(SearchRequest("banjir"), "week")
    assert (weeks[0].value, weeks[-1].value, len(weeks)) == ("2019-07-01", "2019-09-30", 14)
    assert [(v.value, v.count) for v in weeks if v.count] == [
        ("2019-07-29", 2),
        ("2019-09-16", 1),
        ("2019-09-30", 1),
    ]
