"""Reads the index: query parsing, ranking, snippets and the result shape.

- ``language/``: the query language: syntax, Whoosh queries, expansion, matching, correction.
- ``evaluation/``: queries evaluated over arrays: operators, filters, ranking, facets, timeline.
- ``state/``: what is kept per index version: searchers, caches, warm-up, vocabulary, carryover.
- ``presentation/``: what a search shows: results, snippets, suggestions, spelling, articles.
- ``engine.py``: the facade the web and the CLI call; ``cli.py``: ``python -m search``.
"""
