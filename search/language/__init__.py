"""The query language: from what people type to a Whoosh query.

- ``syntax``: the text read into a small tree; ``request``: what a search asks for.
- ``query``: the tree turned into a Whoosh query; ``expansion``: abbreviations and synonyms.
- ``matching``: how many words must match; ``correction``: when a typo is searched corrected.
"""
