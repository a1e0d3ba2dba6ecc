"""The words of a search marked all through an article, for its page opened from the results.

A snippet marks the best fragments only (``search/presentation/snippets.py``); the article's
own page marks every word of its text whose index term the query looks for, in the same classes
(``term0`` …), so the reader finds what the search matched.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from whoosh.searching import Searcher

from search.language.query import build_query, positive_terms
from search.presentation.snippets import Mark, WordTerms, mark_classes, matched_marks, words_of


def query_terms(searcher: Searcher, q: str) -> list[Mark]:
    """The body terms and phrases the words typed in ``q`` look for (no synonyms),
    in query order."""
    query, _ = build_query(q, searcher.schema)
    return list(dict.fromkeys(positive_terms(query, "body")))


def mark(text: str, words: WordTerms, terms: Iterable[Mark], title_of: int | None = None) -> str:
    """``text`` escaped, each word matching ``terms`` (a term, or a phrase where
    its words stand together: :func:`matched_marks`) in ``<mark>``, in the classes
    a snippet gives them. ``title_of``: ``text`` is that article's title, whose
    words are kept for the next query (:meth:`WordTerms.title`)."""
    numbers = mark_classes(terms)
    if not numbers:
        return escape(text, quote=False)
    if title_of is None:
        found = words_of(text, words, len(text) + 1)
    else:
        found = words.title(title_of, text)
    out, at = [], 0
    marks = matched_marks(found.terms, numbers)
    for start, end, term in zip(found.starts, found.ends, marks, strict=True):
        if term is not None:
            out.append(escape(text[at:start], quote=False))
            word = escape(text[start:end], quote=False)
            out.append(f'<mark class="hl term{numbers[term]}">{word}</mark>')
            at = end
    out.append(escape(text[at:], quote=False))
    return "".join(out)


def marked_paragraphs(searcher: Searcher, paragraphs: list[str], q: str) -> list[str]:
    """``paragraphs`` as HTML: escaped, the words of ``q`` marked."""
    terms = query_terms(searcher, q) if q.strip() else []
    words = WordTerms(searcher.schema["body"].analyzer)
    return [mark(paragraph, words, terms) for paragraph in paragraphs]
