"""Values read from the whole index are built by one thread at a time.

After an index switch every serving thread would otherwise rebuild them at
once (the vocabulary takes seconds on the full corpus) and the server stalls.
"""

import threading

from search.engine import SearchEngine


def test_one_build_while_others_wait(index_dir):
    engine = SearchEngine(index_dir)
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow_build(_searcher):
        calls.append(1)
        started.set()
        release.wait(5)
        return "built"

    results = []
    threads = [
        threading.Thread(
            target=lambda: results.append(engine._per_version("x", engine.searcher(), slow_build))
        )
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    assert started.wait(5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert (calls, results) == ([1], ["built"] * 4)


def test_stale_value_served_while_one_thread_rebuilds(index_dir):
    engine = SearchEngine(index_dir)
    searcher = engine.searcher()
    assert engine._per_version("x", searcher, lambda s: "old", stale_ok=True) == "old"
    key, when, value = engine._cache["x"]
    engine._cache["x"] = (("an older generation", 0), when, value)
    started, release = threading.Event(), threading.Event()

    def slow_build(_searcher):
        started.set()
        release.wait(5)
        return "new"

    builder = threading.Thread(
        target=lambda: engine._per_version("x", engine.searcher(), slow_build, stale_ok=True)
    )
    builder.start()
    assert started.wait(5)
    assert engine._per_version("x", searcher, lambda s: "never", stale_ok=True) == "old"
    release.set()
    builder.join(5)
    engine.aside.join(5)  # the build ran in a thread of its own (search/state/aside.py)
    assert engine._per_version("x", searcher, lambda s: "never", stale_ok=True) == "new"
    assert engine._cache["x"][0] == key
