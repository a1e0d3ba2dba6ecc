"""Reads the index: query parsing, ranking, snippets and the result shape.

- ``language/``: the query language: syntax, Whoosh queries, expansion, matching, correction.
- ``evaluation/``: queries evaluated over arrays: postings, columns, filters, ranking, facets.
- ``state/``: what is kept per index version: searchers, the one LRU, warm-up, vocabulary.
- ``presentation/``: what a search shows: results, snippets, suggestions, spelling, articles.
- ``engine.py``: the facade the web and CLI call; ``cli.py``: ``python -m search``.
"""
