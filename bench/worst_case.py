"""Worst cases of a request's bounded parts, each without its bound ("before") and with it.

    .venv/bin/python -m bench.worst_case                       # the bundled corpus (1×)
    .venv/bin/python -m bench.worst_case --index-dir DIR       # an index of your own (a copy:
                                                               # three articles are added)

On the bundled corpus's index (built in ``var/bench/worst-case`` when missing),
one thread, CPU seconds (``time.process_time``), the median of ``--repeat`` runs:

- **did_you_mean**: a query of 500 characters of misspelled three-letter words,
  corrected with every word looked up and every option counted (before) and
  within ``search/presentation/spelling.py``'s budget (after);
- **relaxed**: a query of 200 words that no article holds all of, matched with
  every word optional (before) and with the first ``MAX_RELAXED_PARTS`` (after);
- **facets**: every article matched, all four facets counted (already one
  ``bincount`` per facet over the matches: no "before");
- **related**: the longest article's related articles by Whoosh's
  ``more_like`` over its whole text (before), by ``search/presentation/articles.py`` (after),
  and again (kept per version);
- **suggest**: ``yang ma`` and ``banjir ma`` by a title prefix query (before) and
  by ``search/presentation/suggest.py`` (after), and again (kept);
- **after_update**: an update of three articles, then the first search of a
  stop word (``bersama``: the vocabulary rebuilt inside it before, aside after)
  and the postings of the 200 most used words decoded and the facet table read
  for the new version without (before) and with (after) what the old version
  kept by segment (``search/state/carryover.py``, ``search/evaluation/facet_segments.py``);
- **first_searches_after_update**: five common words searched with facets, an
  update, then their first searches on the new version, by an engine that keeps
  nothing across versions (before) and by the product's (after).

Report: ``bench/results/worst-case-TIME.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from whoosh import query as Q

from bench.corpus import WORK
from bench.measure import write_report
from index.ingest import BUNDLED_CORPUS
from index.store import IndexStore
from index.writer import build, update
from search.engine import SearchEngine
from search.evaluation.facet_segments import SEGMENTS_KEPT, facet_table
from search.evaluation.facets import FacetTable
from search.evaluation.posting_cache import PostingCache
from search.language import query
from search.language.correction import correct
from search.language.request import FACETS, SearchRequest
from search.presentation import articles, spelling
from search.state import warming
from search.state.cache import Lru
from search.state.carryover import SegmentPostings
from search.state.version import Carried
from search.state.vocabulary import Vocabulary

UNBOUNDED = 10**9
CONSONANTS = "bcdfghjklmnpqrstvwxyz"


def cpu(make, repeat: int) -> tuple[float, object]:
    """The median CPU seconds of ``make()`` over ``repeat`` runs, and its last value."""
    times, value = [], None
    for _ in range(repeat):
        started = time.process_time()
        value = make()
        times.append(time.process_time() - started)
    return round(statistics.median(times), 4), value


def typos(seed: int = 7, chars: int = 500) -> str:
    rng = random.Random(seed)
    words = []
    while len(" ".join(words)) < chars - 4:
        words.append("".join(rng.choice(CONSONANTS) for _ in range(3)))
    return " ".join(words)


class Unbounded:
    """The bounds of a module lifted while inside: the code as it was without them."""

    def __init__(self, module, **values) -> None:
        self.module, self.values, self.saved = module, values, {}

    def __enter__(self):
        for name, value in self.values.items():
            self.saved[name] = getattr(self.module, name)
            setattr(self.module, name, value)

    def __exit__(self, *exc) -> None:
        for name, value in self.saved.items():
            setattr(self.module, name, value)


def did_you_mean(engine: SearchEngine, repeat: int) -> dict:
    searcher = engine.searcher()
    text = typos()
    request = SearchRequest(text)
    ranked = engine.rank(searcher, request)

    def suggest() -> tuple[str | None, str | None]:
        engine.vocabulary(searcher).candidates.cache_clear()  # each run a first sight
        return correct(engine, ranked)[1:]

    lifted = {"MAX_CORRECTED": UNBOUNDED, "BUDGET_SECONDS": float("inf")}
    with Unbounded(spelling, **lifted):
        before, _ = cpu(suggest, repeat)
    after, _ = cpu(suggest, repeat)
    return {"words": len(text.split()), "chars": len(text), "before_s": before, "after_s": after}


def relaxed(engine: SearchEngine, repeat: int) -> dict:
    searcher = engine.searcher()
    evaluator = engine.evaluator(searcher)
    ranked = engine.vocabulary(searcher).most_used(400)
    words = ranked[len(ranked) // 2 :]  # 200 words of middling use on the bundled corpus
    request = SearchRequest(" ".join(words))

    def match() -> int:
        loose, _ = engine.query(searcher, request, evaluator.categories, relaxed=True)
        return len(evaluator.matches(loose))

    match()  # the words' postings decoded: what is measured is the union
    with Unbounded(query, MAX_RELAXED_PARTS=UNBOUNDED):
        before, found_before = cpu(match, repeat)
    after, found_after = cpu(match, repeat)
    return {
        "words": len(words),
        "before_s": before,
        "after_s": after,
        "matches_before": found_before,
        "matches_after": found_after,
    }


def facets(engine: SearchEngine, repeat: int) -> dict:
    engine.search(SearchRequest("", facets=FACETS))
    after, result = cpu(lambda: engine.search(SearchRequest("", facets=FACETS)), repeat)
    return {"matches": result.total, "after_s": after}


def related(engine: SearchEngine, repeat: int) -> dict:
    searcher = engine.searcher()
    longest = max(
        range(searcher.doc_count_all()),
        key=lambda n: len(searcher.stored_fields(n).get("body", "")),
    )
    fields = searcher.stored_fields(longest)
    text = f"{fields.get('title', '')}\n{fields.get('body', '')}"

    def whoosh() -> int:
        found = searcher.more_like(
            longest,
            "body",
            text=text,
            top=articles.RELATED_CANDIDATES,
            numterms=articles.KEY_TERMS,
        )
        return len(found)

    before, _ = cpu(whoosh, repeat)
    results = engine.results
    first, _ = cpu(lambda: results.clear() or engine.related(fields["id"]), repeat)
    again, _ = cpu(lambda: engine.related(fields["id"]), repeat)
    return {
        "body_chars": len(fields.get("body", "")),
        "before_s": before,
        "after_s": first,
        "again_s": again,
    }


def suggest(engine: SearchEngine, repeat: int) -> dict:
    searcher = engine.searcher()
    engine.vocabulary(searcher)  # read once per version, as a server's warm-up does
    found = {}
    for text in ("yang ma", "banjir ma"):
        head, last = text.rsplit(" ", 1)
        analyzer = searcher.schema["title"].analyzer
        parts = [Q.Term("title", t.text) for t in analyzer(head)]
        parts.append(Q.Or([Q.Prefix("title", last)]))
        before, _ = cpu(lambda p=parts: len(searcher.search(Q.And(p), limit=4)), repeat)
        first, _ = cpu(lambda t=text: engine.results.clear() or engine.suggest(t), repeat)
        again, _ = cpu(lambda t=text: engine.suggest(t), repeat)
        found[text] = {"before_s": before, "after_s": first, "again_s": again}
    return found


def after_update(engine: SearchEngine, store: IndexStore, work: Path) -> dict:
    searcher = engine.searcher()
    engine.vocabulary(searcher)
    frequent = warming.frequent_terms(searcher.reader(), ["title", "body"], 1)[:200]
    kept = SegmentPostings()
    tables: Lru[FacetTable] = Lru(SEGMENTS_KEPT)
    facet_table(searcher.reader(), tables)
    old = PostingCache(searcher, engine.ranking.weighting(), kept=kept)
    for field, text in frequent:
        old.postings(searcher, field, text)
    write_update(work, "decode")
    update([work / "worst-case-update.jsonl"], store)
    searcher = engine.searcher()
    inline, _ = cpu(lambda: Vocabulary.from_reader(searcher.reader(), searcher.schema), 1)
    started = time.process_time()
    engine.search(SearchRequest("bersama"))
    stop_word = round(time.process_time() - started, 4)
    if engine.aside is not None:
        engine.aside.join()

    def decode(shared: SegmentPostings | None) -> int:
        cache = PostingCache(searcher, engine.ranking.weighting(), kept=shared)
        return sum(len(cache.postings(searcher, f, t).ids) for f, t in frequent)

    cold, _ = cpu(lambda: decode(None), 1)
    carried, postings = cpu(lambda: decode(kept), 1)
    table_before, _ = cpu(lambda: FacetTable(searcher.reader()), 1)
    table_after, _ = cpu(lambda: facet_table(searcher.reader(), tables), 1)
    return {
        "stop_word_before_s": inline,
        "stop_word_after_s": stop_word,
        "terms": len(frequent),
        "postings": postings,
        "decode_before_s": cold,
        "decode_after_s": carried,
        "facet_table_before_s": table_before,
        "facet_table_after_s": table_after,
    }


WORDS = ("jakarta", "pemerintah", "indonesia", "presiden", "warga")


def first_searches(store: IndexStore, work: Path) -> dict:
    """Five common words searched (facets on), an update of three articles, then the
    same words' first searches on the new version: by an engine that keeps nothing
    across versions (before) and by one that keeps what the segments hold (after)."""
    before, after = SearchEngine(store.root, cache_size=0), SearchEngine(store.root, cache_size=0)
    before.carried = Carried(SegmentPostings(0), Lru(0), Lru(0))
    requests = [SearchRequest(word, facets=FACETS) for word in WORDS]
    for engine in (before, after):
        for request in requests:
            engine.search(request)
    write_update(work, "first")
    update([work / "worst-case-update.jsonl"], store)
    found = {}
    for name, engine in (("before_s", before), ("after_s", after)):
        found[name], _ = cpu(lambda e=engine: [e.search(r) for r in requests], 1)
        engine.close()
    return {"words": list(WORDS), **found}


def write_update(work: Path, label: str) -> None:
    """Three new articles (new ids every run, so that each update makes a new version)."""
    stamp = f"{label}-{time.strftime('%Y%m%dT%H%M%S')}"
    rows = [
        {"id": f"worst-case-{stamp}-{n}", "title": f"Banjir {n}", "body": f"banjir {stamp} {n}"}
        for n in range(3)
    ]
    (work / "worst-case-update.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows), encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index-dir", type=Path, help="an index to use (default: built in --work)")
    p.add_argument("--source", type=Path, default=BUNDLED_CORPUS, help="corpus to build from")
    p.add_argument("--work", type=Path, default=WORK / "worst-case")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--out", type=Path)
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    store = IndexStore(args.index_dir or args.work / "index")
    if store.current() is None:
        build([args.source], store)
    engine = SearchEngine(store.root, cache_size=0)
    with_cache = SearchEngine(store.root)
    report = {
        "index": str(store.root),
        "articles": engine.searcher().doc_count(),
        "repeat": args.repeat,
        "did_you_mean": did_you_mean(engine, args.repeat),
        "relaxed": relaxed(engine, args.repeat),
        "facets": facets(engine, args.repeat),
        "related": related(with_cache, args.repeat),
        "suggest": suggest(with_cache, args.repeat),
        "after_update": after_update(engine, store, args.work),
        "first_searches_after_update": first_searches(store, args.work),
    }
    engine.close()
    with_cache.close()
    print(json.dumps(report, indent=2))
    write_report(report, "worst-case", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
