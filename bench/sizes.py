"""What each part of an index costs on disk: file kinds, postings by field, stored fields.

    .venv/bin/python -m bench.sizes --scale 10               # the 10× benchmark index
    .venv/bin/python -m bench.sizes --index var/index        # any index folder
    .venv/bin/python -m bench.sizes --scale 10 --levels      # stored fields at other levels

Reads the live generation of an index store and prints, in MB:

- each kind of segment file (``.pst`` postings, ``.trm`` term tables, ``_stored``,
  the sortable columns, the length columns), summed over segments;
- the postings and term-table bytes of each field (from the term tables' records:
  the key's field number and the postings' extent);
- what each stored field adds to ``_stored``: a sample of documents' stored
  dictionaries compressed as the writer does, with and without the field;
- with ``--levels``: the same sample compressed at other deflate levels, and the
  time one document takes to decompress at each (the cost per hit shown).
"""

from __future__ import annotations

import argparse
import io
import os
import pickle
import random
import re
import time
import zlib
from collections import Counter
from pathlib import Path

from isal import isal_zlib
from whoosh import index as whoosh_index

from bench.corpus import WORK
from bench.indexing import index_dir
from index.codec.layout import BLOCK_SIZE, EXTENT, RECORD_LENGTHS
from index.codec.whoosh_private import TERM_INFO, term_table, terms_reader
from index.store import IndexStore

HEADER = 13  # a hash file's magic, hash type and two ints before its records
MB = 1e6
_KIND = re.compile(r"^[A-Za-z0-9]+_[a-z0-9]+(\..*)$")


def file_kinds(folder: Path) -> Counter:
    """Bytes per kind of segment file (``.pst``, ``._stored.col``, ...)."""
    kinds: Counter = Counter()
    for path in folder.iterdir():
        found = _KIND.match(path.name)
        kinds[found.group(1) if found else path.name] += path.stat().st_size
    return kinds


def field_bytes(reader) -> tuple[Counter, Counter, Counter]:
    """Postings bytes, term-table bytes and terms per field, over every segment."""
    postings: Counter = Counter()
    table: Counter = Counter()
    terms: Counter = Counter()
    for segment, _ in reader.leaf_readers():
        found = terms_reader(segment)
        index = term_table(found)
        names = {number: name for name, number in found._fieldmap.items()}
        end = min(start for start, _ in index.tables)
        data = Path(index.dbfile.name).read_bytes()[:end] if hasattr(index.dbfile, "name") else b""
        if not data:
            data = _read(index.dbfile, end)
        at = HEADER
        while at < end:
            key_length, value_length = RECORD_LENGTHS.unpack_from(data, at)
            at += RECORD_LENGTHS.size
            name = names[int.from_bytes(data[at : at + 2])]
            value_at = at + key_length
            if value_length >= TERM_INFO.size + EXTENT.size:
                _, length = EXTENT.unpack_from(data, value_at + TERM_INFO.size)
                postings[name] += length
            table[name] += RECORD_LENGTHS.size + key_length + value_length
            terms[name] += 1
            at = value_at + value_length
    return postings, table, terms


def _read(dbfile, end: int) -> bytes:
    dbfile.seek(0)
    return dbfile.read(end)


def block_sample(reader, every: int) -> dict[str, list[tuple[int, bytes]]]:
    """Every ``every``-th term's posting blocks, by field: (level its header records,
    the pickle as it is before compression)."""
    found: dict[str, list[tuple[int, bytes]]] = {}
    for segment, _ in reader.leaf_readers():
        terms = terms_reader(segment)
        index = term_table(terms)
        names = {number: name for name, number in terms._fieldmap.items()}
        end = min(start for start, _ in index.tables)
        table = _read(index.dbfile, end)
        postings = (
            Path(terms._postfile.name).read_bytes() if hasattr(terms._postfile, "name") else None
        )
        if postings is None:
            terms._postfile.seek(0)
            postings = terms._postfile.read()
        at, n = HEADER, 0
        while at < end:
            key_length, value_length = RECORD_LENGTHS.unpack_from(table, at)
            at += RECORD_LENGTHS.size
            name = names[int.from_bytes(table[at : at + 2])]
            value_at = at + key_length
            at = value_at + value_length
            n += 1
            if n % every or value_length < TERM_INFO.size + EXTENT.size:
                continue
            offset, length = EXTENT.unpack_from(table, value_at + TERM_INFO.size)
            found.setdefault(name, []).extend(_term_blocks(postings[offset : offset + length]))
    return found


def _term_blocks(data: bytes) -> list[tuple[int, bytes]]:
    stream = io.BytesIO(data)
    blocks, position = [], 4
    while True:
        size = BLOCK_SIZE.unpack_from(data, position)[0]
        stream.seek(position + BLOCK_SIZE.size)
        header = pickle.load(stream)
        end = position + BLOCK_SIZE.size + abs(size)
        block = data[stream.tell() : end]
        level = header[3]
        blocks.append((level, isal_zlib.decompress(block) if level else block))
        if size < 0:
            return blocks
        position = end


def block_levels(sample: dict[str, list[tuple[int, bytes]]], every: int) -> None:
    """The sampled blocks' bytes as written now and at other levels, by field, scaled
    up to the whole index (× ``every``), and the time to inflate them."""
    codecs = [("isal 0", lambda b: isal_zlib.compress(b, 0))]
    codecs += [(f"isal {n}", lambda b, n=n: isal_zlib.compress(b, n)) for n in (1, 2, 3)]
    codecs += [("zlib 6", lambda b: zlib.compress(b, 6))]
    print(
        "\n| field | blocks | as written MB | raw MB | " + " | ".join(c for c, _ in codecs) + " |"
    )
    print("|---|---:|---:|---:|" + "---:|" * len(codecs))
    for name, blocks in sorted(sample.items(), key=lambda kv: -len(kv[1])):
        written = sum(len(isal_zlib.compress(b, 0)) if level else len(b) for level, b in blocks)
        raw = sum(len(b) for _, b in blocks)
        row = [
            f"{name}",
            f"{len(blocks):,}",
            f"{written * every / MB:.1f}",
            f"{raw * every / MB:.1f}",
        ]
        for _, compress in codecs:
            size = sum(len(compress(b)) if level else len(b) for level, b in blocks)
            started = time.perf_counter()
            packed = [compress(b) for level, b in blocks if level]
            spent = time.perf_counter() - started
            started = time.perf_counter()
            for blob in packed:
                isal_zlib.decompress(blob)
            inflate = (time.perf_counter() - started) / max(1, len(packed)) * 1e6
            row.append(f"{size * every / MB:.1f} MB, {inflate:.1f} µs")
            del spent
        print("| " + " | ".join(row) + " |")


def stored_sample(reader, count: int) -> list[dict]:
    docs = list(reader.all_doc_ids())
    picked = random.Random(1).sample(docs, min(count, len(docs)))
    return [dict(reader.stored_fields(n)) for n in picked]


def compressed(sample: list[dict], compress) -> int:
    return sum(len(compress(pickle.dumps(d, 2))) for d in sample)


def stored_costs(sample: list[dict], compress) -> dict[str, float]:
    """The share of the compressed stored bytes each field accounts for."""
    whole = compressed(sample, compress)
    names = list(dict.fromkeys(name for doc in sample for name in doc))
    costs = {}
    for name in names:
        without = compressed([{k: v for k, v in d.items() if k != name} for d in sample], compress)
        costs[name] = (whole - without) / whole
    return costs


def levels(sample: list[dict]) -> list[tuple[str, int, float, float]]:
    """(codec, bytes, compress µs a doc, decompress µs a doc) for the sample."""
    pickles = [pickle.dumps(d, 2) for d in sample]
    rows = []
    codecs = [(f"isal {n}", lambda b, n=n: isal_zlib.compress(b, n)) for n in (0, 1, 2, 3)]
    codecs += [(f"zlib {n}", lambda b, n=n: zlib.compress(b, n)) for n in (1, 6, 9)]
    for name, compress in codecs:
        started = time.perf_counter()
        blobs = [compress(b) for b in pickles]
        packed = time.perf_counter() - started
        started = time.perf_counter()
        for blob in blobs:
            isal_zlib.decompress(blob)
        unpacked = time.perf_counter() - started
        n = len(pickles)
        rows.append((name, sum(map(len, blobs)), packed / n * 1e6, unpacked / n * 1e6))
    rows.append(("none", sum(map(len, pickles)), 0.0, 0.0))
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.sizes", description=__doc__)
    p.add_argument("--scale", type=int, default=1)
    p.add_argument("--procs", type=int, default=len(os.sched_getaffinity(0)))
    p.add_argument("--index", type=Path, help="an index store (default: the benchmark's)")
    p.add_argument("--work", type=Path, default=WORK)
    p.add_argument("--sample", type=int, default=3000, help="documents sampled for stored fields")
    p.add_argument("--levels", action="store_true", help="stored fields at other deflate levels")
    p.add_argument(
        "--postings-every",
        type=int,
        default=0,
        help="posting blocks of every N-th term recompressed at other levels (0: not)",
    )
    args = p.parse_args(argv)

    root = args.index or index_dir(args.scale, args.procs, args.work)
    folder = IndexStore(root).current()
    if folder is None:
        raise SystemExit(f"no live index in {root}")
    kinds = file_kinds(folder)
    total = sum(kinds.values())
    print(f"# {folder}: {total / MB:.1f} MB\n\n| file kind | MB | share |\n|---|---:|---:|")
    for kind, size in kinds.most_common():
        print(f"| `{kind}` | {size / MB:.1f} | {size / total:.1%} |")
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        postings, table, terms = field_bytes(reader)
        print("\n| field | postings MB | term table MB | terms |\n|---|---:|---:|---:|")
        for name, size in postings.most_common():
            print(f"| {name} | {size / MB:.1f} | {table[name] / MB:.1f} | {terms[name]:,} |")
        sample = stored_sample(reader, args.sample)
        if args.postings_every:
            block_levels(block_sample(reader, args.postings_every), args.postings_every)
    stored = kinds.get("._stored.col", 0)
    costs = stored_costs(sample, lambda b: isal_zlib.compress(b, 0))
    print("\n| stored field | share of `_stored` | ≈ MB |\n|---|---:|---:|")
    for name, share in sorted(costs.items(), key=lambda kv: -kv[1]):
        print(f"| {name} | {share:.1%} | {share * stored / MB:.1f} |")
    if args.levels:
        rows = levels(sample)
        base = rows[0][1]
        print("\n| codec | sample KB | ratio to isal 0 | compress µs/doc | decompress µs/doc |")
        print("|---|---:|---:|---:|---:|")
        for name, size, packed, unpacked in rows:
            print(
                f"| {name} | {size / 1e3:.0f} | {size / base:.3f} | {packed:.0f} | {unpacked:.1f} |"
            )
    ix.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
