"""Fragments found match by match equal those of the word-by-word walk they replaced.

``previous_fragments`` is the loop ``search/presentation/snippets.py`` ran before
(every word visited, each word's mark looked at): the new walk must give the same
fragments, word for word and mark for mark, phrases, stop words, long words and the
length limit included.
"""

from __future__ import annotations

import gzip
import json
from bisect import bisect_left
from itertools import compress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.analysis import indonesian_analyzer
from index.ingest import BUNDLED_CORPUS
from search.presentation.snippets import (
    FRAGMENT_CHARS,
    SURROUND,
    WordTerms,
    _Fragment,
    fragments,
    matched_marks,
    matched_positions,
    words_of,
)

WORDS = WordTerms(indonesian_analyzer())


def previous_fragments(text, words, terms):
    found = words_of(text, words)
    starts, ends = found.starts, found.ends
    term_of = matched_marks(found.terms, terms)
    matched = [mark is not None for mark in term_of]
    runs, resume = [], 0
    for first in compress(range(len(matched)), matched):
        if first < resume:
            continue
        at = first
        if first > resume:
            at = bisect_left(starts, ends[first - 1] - SURROUND, resume, first)
        fragment = _Fragment(starts[at], ends[first])
        countdown = SURROUND if at < first else 2 * SURROUND
        length, n = 0, first
        while n < len(matched):
            size = ends[n] - starts[n]
            if n > first and length + size > FRAGMENT_CHARS:
                countdown = 0
            elif matched[n]:
                countdown = SURROUND if n > first else countdown
                fragment.matches.append((starts[n], ends[n], term_of[n]))
            length += size
            countdown -= size
            fragment.end = ends[n]
            n += 1
            if countdown <= 0:
                break
        runs.append(fragment)
        resume = n
    return runs


def shape(found):
    return [(f.start, f.end, f.matches) for f in found]


@pytest.fixture(scope="module")
def bodies() -> list[str]:
    with gzip.open(BUNDLED_CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line).get("content") or "" for line in lines][::25]


MARKS = [
    ["presiden"],
    ["yang", "di", "dan"],  # many matches: fragments end at the length limit
    ["indonesia", ("presiden", "joko"), "jakarta"],
    [("di", "jakarta"), "banjir", ("warga", "yang")],
    ["tahun", "itu", "ini", "akan", "juga"],
]


@pytest.mark.parametrize("marks", MARKS)
def test_fragments_equal_the_previous_walk_on_real_bodies(bodies, marks):
    found = [shape(fragments(body, WORDS, marks)) for body in bodies]
    assert found == [shape(previous_fragments(body, WORDS, marks)) for body in bodies]
    assert sum(map(len, found)) > 100


@pytest.mark.parametrize("marks", MARKS)
def test_matched_positions_are_the_words_matched_marks_marks(bodies, marks):
    for body in bodies[:200]:
        terms = words_of(body, WORDS).terms
        dense = matched_marks(terms, marks)
        positions, found = matched_positions(terms, marks)
        assert positions == [n for n, mark in enumerate(dense) if mark is not None]
        assert found == [mark for mark in dense if mark is not None]


VOCABULARY = ["a", "di", "yang", "banjir", "warga", "presiden", "x" * 49, "y" * 51, "z" * 130]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(VOCABULARY), max_size=120),
    st.lists(st.sampled_from([" ", "  ", ", ", " - "]), min_size=1, max_size=4),
    st.lists(
        st.sampled_from(["a", "di", "banjir", "warga", ("di", "banjir"), ("x" * 49, "a")]),
        min_size=1,
        max_size=4,
    ),
)
def test_fragments_equal_the_previous_walk_on_any_text(words, gaps, marks):
    text = "".join(word + gaps[n % len(gaps)] for n, word in enumerate(words))
    assert shape(fragments(text, WORDS, marks)) == shape(previous_fragments(text, WORDS, marks))
