"""What is kept per index version, and what is carried from one version to the next.

- ``version``: :class:`IndexVersion`, the state of one version, built once; ``aside``: rebuilt.
- ``searchers``, ``opening``: each thread's searcher; ``cache``: the one LRU, and the results'.
- ``warming``, ``split``: postings decoded and articles split ahead; ``carryover``: by segment.
- ``vocabulary``, ``word_pairs``, ``titles``: words and titles; ``stored``: articles shown last.
"""
