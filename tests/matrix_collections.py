"""The collections of the matrix (tests/system/test_matrix.py): shapes a real archive may have.

A collection is JSON Lines (or CSV) records, as a user's export gives them, built with the
one-process or the parallel build, then optionally updated and deleted from.
Every article that is not all stop words holds the word ``banjir``, so a search
for it counts the live articles.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

OPTIONAL = ("title", "published", "source", "category", "url")
SOURCES = ("kompas.com", "tempo.co", "Detik")
CATEGORIES = ("News", "nasional", "Bisnis Ekonomi")
WORDS = [
    "jakarta",
    "gempa",
    "presiden",
    "sungai",
    "warga",
    "rumah",
    "hujan",
    "deras",
    "pemerintah",
    "kota",
    "menteri",
    "anggaran",
    "harga",
    "beras",
    "pasar",
    "sekolah",
    "jalan",
    "tol",
    "kereta",
    "listrik",
    "pulau",
    "laut",
]
STOP_WORDS = [
    "yang",
    "dan",
    "di",
    "ke",
    "dari",
    "itu",
    "ini",
    "untuk",
    "dengan",
    "pada",
    "adalah",
    "akan",
    "juga",
    "tidak",
]
ODD = [
    "İstanbul",
    "ÉCOLE",
    "e\u0301",
    "\u200bzero",
    "كتاب",
    "😀",
    "ﬁnal",
    "ＡＢＣ",
    "1.000,5",
    "a_b",
]


def record(n: int, rnd: random.Random, words: list[str] | None = None, seed: int = 0) -> dict:
    """Article ``n`` with every field present: a dated, titled, sourced news article."""
    body = words or ["banjir", *rnd.choices(WORDS, k=rnd.randint(3, 25)), f"kode{n}"]
    day = 1 + n % 28
    return {
        "id": f"a{n:05}",
        "title": " ".join(["Banjir", *rnd.choices(WORDS, k=3)]) if words is None else "yang dan",
        "body": " ".join(body),
        "published": f"2019-{6 + n % 3:02}-{day:02}T{n % 24:02}:15:00+07:00",
        "source": SOURCES[n % len(SOURCES)],
        "category": CATEGORIES[n % len(CATEGORIES)],
        "url": f"https://contoh.example/{seed}/{n}",
    }


def articles(count: int, seed: int = 21) -> list[dict]:
    rnd = random.Random(seed)
    return [record(n, rnd, seed=seed) for n in range(count)]


def with_field(records: list[dict], name: str, mode: str) -> list[dict]:
    """``records`` with ``name`` absent, empty, or present in only every other one."""
    if mode == "absent":
        return [{k: v for k, v in r.items() if k != name} for r in records]
    if mode == "empty":
        return [{**r, name: ""} for r in records]
    if mode == "some":
        return [
            r if n % 2 else {k: v for k, v in r.items() if k != name} for n, r in enumerate(records)
        ]
    raise ValueError(mode)


def bare(records: list[dict]) -> list[dict]:
    """Only ``id`` and ``body``, as a passage collection is (FacQA)."""
    return [{"id": r["id"], "body": r["body"]} for r in records]


def stop_words_only(count: int) -> list[dict]:
    rnd = random.Random(5)
    return [record(n, rnd, rnd.choices(STOP_WORDS, k=rnd.randint(1, 12)), 5) for n in range(count)]


def odd_unicode(count: int) -> list[dict]:
    rnd = random.Random(9)
    out = []
    for r in articles(count):
        odd = " ".join(rnd.choices(ODD, k=4))
        out.append({**r, "title": f"{odd} {r['title']}", "body": f"{r['body']} {odd}"})
    return out


def odd_ids(count: int) -> list[dict]:
    """Ids as exports spell them: URLs, spaces, percent signs, non-ASCII, a query string."""
    shapes = ["kompas.com/read/2019/07/{n}/banjir", "id {n} dengan spasi", "ü-ünï-{n}", "a%2F{n}"]
    shapes += ["q?x={n}&y=1", "{n}#frag", "titik.{n}.", "-{n}"]
    return [{**r, "id": shapes[n % len(shapes)].format(n=n)} for n, r in enumerate(articles(count))]


def across_a_century(count: int) -> list[dict]:
    """Dates from 1901 to 2025, and a few at the same instant."""
    out = []
    for n, r in enumerate(articles(count)):
        year = 1901 + (n * 37) % 125 if n % 5 else 2019
        out.append({**r, "published": f"{year}-{1 + n % 12:02}-{1 + n % 28:02}T00:00:00+07:00"})
    return out


def same_instant(count: int) -> list[dict]:
    return [{**r, "published": "2019-07-31T12:00:00+07:00"} for r in articles(count)]


def long_texts(count: int) -> list[dict]:
    rnd = random.Random(4)
    out = []
    for r in articles(count):
        body = " ".join(rnd.choices(WORDS, k=30_000))
        out.append(
            {
                **r,
                "title": r["title"] + " " + " ".join(rnd.choices(WORDS, k=300)),
                "body": f"{r['body']} {body}",
            }
        )
    return out


# The large collection: 12 batches of the parallel build (index.writer.BATCH_SIZE is
# 250), dealt to 4 worker processes in turn, so each of the 4 segments is written from
# batches n, n+4 and n+8, and each segment lacks one optional field entirely (the
# first one the date: Whoosh lists a reader's segments in that order).
LARGE = 3000
LARGE_PROCS = 4


def segment_mixed(count: int = LARGE, batch: int = 250, procs: int = LARGE_PROCS) -> list[dict]:
    out = []
    for r in articles(count, seed=3):
        n = int(r["id"][1:])
        lacking = ("published", "title", "source", "category")[(n // batch) % procs]
        out.append({k: v for k, v in r.items() if k != lacking})
    return out


@dataclass(frozen=True)
class Cell:
    """One collection: its records, how it is built, and what is changed after."""

    name: str
    make: Callable[[], list[dict]]
    procs: int = 1
    update: Callable[[], list[dict]] | None = None
    delete: tuple[str, ...] = ()
    cli: bool = False
    csv: bool = False
    segments: int = 1

    def records(self) -> list[dict]:
        return self.make()

    def live(self) -> list[dict]:
        """The records the index holds at the end: updates win by id, deletions gone."""
        by_id = {r["id"]: r for r in self.records()}
        for r in self.update() if self.update else []:
            by_id[r["id"]] = r
        return [r for i, r in by_id.items() if i not in self.delete]


def updated_undated() -> list[dict]:
    """Half new undated articles, half changed texts of built ones."""
    new = bare([{**r, "id": f"u{n:05}"} for n, r in enumerate(articles(20, seed=8))])
    changed = [{**r, "body": r["body"] + " susulan"} for r in articles(50)[:10]]
    return new + changed


def updated_dated() -> list[dict]:
    return [{**r, "id": f"u{n:05}"} for n, r in enumerate(articles(10, seed=8))] + [
        {**r, "title": "Banjir Susulan"} for r in articles(50)[:5]
    ]


def cells() -> list[Cell]:
    found = [
        Cell("all-fields-50", lambda: articles(50)),
        Cell("all-fields-1", lambda: articles(1), cli=True),
        Cell("all-fields-2", lambda: articles(2)),
        Cell("id-and-body-only-1", lambda: bare(articles(1))),
        Cell("id-and-body-only-2", lambda: bare(articles(2))),
        Cell("id-and-body-only-50", lambda: bare(articles(50)), cli=True),
        Cell("id-and-body-only-600-parallel", lambda: bare(articles(600)), procs=2, segments=2),
    ]
    for name in OPTIONAL:
        for mode in ("absent", "empty", "some"):
            found.append(
                Cell(f"{name}-{mode}-50", lambda n=name, m=mode: with_field(articles(50), n, m))
            )
    found += [
        Cell(
            f"segments-lacking-a-field-each-{LARGE}-parallel",
            segment_mixed,
            procs=LARGE_PROCS,
            segments=LARGE_PROCS,
            cli=True,
        ),
        Cell("stop-words-only-50", lambda: stop_words_only(50), cli=True),
        Cell(
            "stop-words-in-some-50",
            lambda: (
                articles(40) + [{**r, "id": f"s{n}"} for n, r in enumerate(stop_words_only(10))]
            ),
        ),
        Cell("odd-unicode-50", lambda: odd_unicode(50)),
        Cell(
            "updated-and-deleted-50",
            lambda: articles(50),
            update=updated_dated,
            delete=("a00001", "u00002"),
        ),
        Cell(
            "undated-update-and-delete-50",
            lambda: articles(50),
            update=updated_undated,
            delete=("a00003", "u00004"),
            cli=True,
        ),
        Cell(
            "dated-update-of-undated-build-50",
            lambda: bare(articles(50)),
            update=updated_dated,
            delete=("a00005",),
        ),
        Cell("odd-ids-50", lambda: odd_ids(50)),
        Cell("all-fields-csv-50", lambda: articles(50), csv=True),
        Cell(
            "fields-in-some-csv-50",
            lambda: with_field(with_field(articles(50), "title", "some"), "published", "some"),
            csv=True,
        ),
        Cell("dates-across-a-century-50", lambda: across_a_century(50)),
        Cell("same-instant-50", lambda: same_instant(50)),
        Cell("long-texts-5", lambda: long_texts(5)),
        Cell("every-article-deleted-2", lambda: articles(2), delete=("a00000", "a00001"), cli=True),
    ]
    return found


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def write_csv(path: Path, records: list[dict]) -> Path:
    """``records`` as a CSV export: one column per field any record has, empty where absent."""
    names = list(dict.fromkeys(name for r in records for name in r))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, names)
        writer.writeheader()
        writer.writerows(records)
    return path
