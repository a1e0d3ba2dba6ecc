"""Native search engines beside Telusur, on the same corpus and queries, in one run.

``python -m bench.native`` (``make bench-native``): see :mod:`bench.native.run`.
Each engine is a small module with the same three parts: ``missing()`` (why it
cannot run here, or ``None``), ``build(tokens, target)`` (run in a subprocess
by :mod:`bench.native.build`, so that its time and memory are its own) and
``Searcher(target)`` (``search(tokens) -> ids``, in process).
"""
