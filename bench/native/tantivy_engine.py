"""tantivy (the ``tantivy`` wheel): whitespace tokenizer over the tokens, frequencies, BM25."""

from __future__ import annotations

from pathlib import Path

from bench.native.tokens import read_tokens

NAME = "tantivy"
HEAP_BYTES = 256 * 2**20
THREADS = 2


def missing() -> str | None:
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return "tantivy is not installed (make bench-native installs requirements-bench.lock)"
    return None


def version() -> str:
    from importlib.metadata import version as installed

    return f"tantivy {installed('tantivy')}"


def _schema():
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("contents", tokenizer_name="whitespace", index_option="freq")
    return builder.build()


def build(tokens: Path, target: Path) -> int:
    import tantivy

    target.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(_schema(), path=str(target))
    writer = index.writer(HEAP_BYTES, THREADS)
    count = 0
    for record in read_tokens(tokens):
        writer.add_document(tantivy.Document(id=record["id"], contents=record["contents"]))
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    return count


class Searcher:
    def __init__(self, target: Path) -> None:
        import tantivy

        self.tantivy = tantivy
        self.schema = _schema()
        self.index = tantivy.Index.open(str(target))
        self.searcher = self.index.searcher()

    def search(self, tokens: list[str]) -> list[str]:
        t = self.tantivy
        should = [(t.Occur.Should, t.Query.term_query(self.schema, "contents", w)) for w in tokens]
        hits = self.searcher.search(t.Query.boolean_query(should), 10, count=False).hits
        return [self.searcher.doc(address)["id"][0] for _, address in hits]

    def close(self) -> None:
        pass
