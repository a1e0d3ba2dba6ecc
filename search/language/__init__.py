"""The query language: from what people type to a Whoosh query.

- ``syntax``: the text read into a small tree; ``request``: what a search asks for.
- ``categories``: one Indonesian name per category, every spelling of it (a shipped table).
- ``query``: the tree as a Whoosh query (``analysed``: terms kept); ``expansion``: synonyms.
- ``matching``: how many words must match; ``correction``: when a typo is searched corrected.
"""
