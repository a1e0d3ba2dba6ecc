"""What is kept per index version, and what is carried from one version to the next.

- ``searchers``, ``opening``: each thread's searcher; ``cache``: results for one index state.
- ``warming``, ``split``: postings decoded and articles split ahead; ``carryover``: by segment.
- ``vocabulary``, ``word_pairs``: the index's words; ``aside``, ``recent``: rebuilt and kept values.
"""
