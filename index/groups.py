"""Near-duplicate stories: one event reported by several outlets, grouped.

Each article gets a MinHash of its words' 5-shingles (title and body, lower
case); a MinHash LSH finds the articles already seen whose shingles overlap
enough, and the article joins the group of the most similar one. A group is
named by the id of its first indexed member; an article like no other is a
group of its own, named by its own id. The signatures are saved beside the
index (``groups.npz``), so an update puts new articles into the groups the
build made without reading the index's texts again. A deleted article's signature
stays, so the group it named keeps its name.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH
from datasketch.minhash import _max_hash, _mersenne_prime

GROUP_FIELD = "group"
SIGNATURES = "groups.npz"
NUM_PERM = 64
SHINGLE = 5
# Jaccard similarity of the 5-shingles from which two articles are one story.
THRESHOLD = 0.7
# Fewer words than this and an article stays a group of its own: short texts (a
# caption, a template) share most of their few shingles by chance.
MIN_WORDS = 50
WORD = re.compile(r"\w+")
# The permutations are the same for every signature: made once, not per article.
PERMUTATIONS = MinHash(num_perm=NUM_PERM).permutations
_A, _B = (column[:, None] for column in PERMUTATIONS)
_PRIME, _MAX_HASH = np.uint64(_mersenne_prime), np.uint64(_max_hash)
_MULTIPLIER = np.uint64(1_000_003)
_MASK = np.uint64(0xFFFFFFFF)


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the ``size``-word runs of ``text``, lower case (of its words
    when it has fewer): each word's CRC-32 (stable across processes), the run's
    words combined as a polynomial."""
    words = WORD.findall(text.lower())
    # map over C functions, not a generator: a Python frame per word cost a quarter more.
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), np.uint64, len(words))
    if len(hashes) > size:
        n = len(hashes) - size + 1
        runs = hashes[:n].copy()
        for k in range(1, size):
            runs *= _MULTIPLIER
            runs += hashes[k : k + n]
        runs &= _MASK
        hashes = runs
    return hashes


def signature(title: str, body: str) -> np.ndarray | None:
    """The MinHash values of an article's shingles, with datasketch's permutations
    (as ``MinHash.update_batch`` computes them, without a Python call per shingle);
    None for a text too short to group (:data:`MIN_WORDS`)."""
    hashes = shingle_hashes(f"{title}\n{body}")
    if len(hashes) < MIN_WORDS - SHINGLE + 1:
        return None
    # (a * h + b) % prime & max_hash, as datasketch computes it (uint64, wrapping), in
    # place: one array of 64 rows instead of four (a fifth of the time).
    permuted = _A * hashes
    permuted += _B
    np.remainder(permuted, _PRIME, out=permuted)
    permuted &= _MAX_HASH
    return permuted.min(axis=1).astype(np.uint32)


class Grouper:
    """The groups of the articles indexed so far, and where a new one belongs."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self.signatures: dict[str, np.ndarray] = {}
        self.groups: dict[str, str] = {}

    def assign(self, article_id: str, title: str, body: str) -> str:
        """The group of this article, which is remembered for those that follow."""
        values = signature(title, body)
        if article_id in self.signatures:  # a record replacing one of the same id
            self.lsh.remove(article_id)
            del self.signatures[article_id]
            self.groups.pop(article_id, None)
        group = (self._closest(values) if values is not None else None) or article_id
        self._add(article_id, values, group)
        return group

    def _closest(self, values: np.ndarray) -> str | None:
        """The group of the most similar article seen over the threshold, if any."""
        minhash = _minhash(values)
        best, best_similarity = None, THRESHOLD
        for key in sorted(self.lsh.query(minhash)):
            similarity = float(np.mean(self.signatures[key] == values))
            if similarity >= best_similarity and (best is None or similarity > best_similarity):
                best, best_similarity = key, similarity
        return self.groups[best] if best is not None else None

    def _add(self, article_id: str, values: np.ndarray | None, group: str) -> None:
        if values is not None and values.any():
            self.lsh.insert(article_id, _minhash(values))
            self.signatures[article_id] = values
        self.groups[article_id] = group

    def stamp(self, doc: dict) -> dict:
        """``doc`` with its group set."""
        doc[GROUP_FIELD] = self.assign(doc["id"], doc.get("title", ""), doc.get("body", ""))
        return doc

    def stamped(self, docs: Iterable[dict]) -> Iterator[dict]:
        """``docs`` with each one's group set, in order."""
        for doc in docs:
            yield self.stamp(doc)

    def save(self, generation: Path) -> None:
        """Write the signatures and groups into ``generation`` (a new file, never one
        hard-linked from the generation before).

        Ids are kept as their UTF-8 bytes end to end, with where each ends, and each
        group as the number of its name among them (a group is named by one of the
        ids): as two arrays of UTF-32 text they took ~140 bytes an article at 10×."""
        ids = list(self.groups)
        values = np.zeros((len(ids), NUM_PERM), dtype=np.uint32)
        for n, key in enumerate(ids):
            if key in self.signatures:
                values[n] = self.signatures[key]
        number = {key: n for n, key in enumerate(ids)}
        names = ids + [g for g in dict.fromkeys(self.groups.values()) if g not in number]
        number |= {key: n for n, key in enumerate(names) if key not in number}
        path = Path(generation) / SIGNATURES
        temporary = path.with_name(path.name + ".tmp")
        encoded = [key.encode("utf-8", "surrogatepass") for key in names]
        with open(temporary, "wb") as f:
            np.savez(
                f,
                names=np.frombuffer(b"".join(encoded), dtype=np.uint8),
                ends=np.cumsum([len(key) for key in encoded], dtype=np.int64),
                count=np.array(len(ids)),
                groups=np.array([number[self.groups[key]] for key in ids], dtype=np.int32),
                values=values,
            )
        os.replace(temporary, path)

    @classmethod
    def load(cls, generation: Path | None) -> Grouper:
        """The groups saved in ``generation``; none when it has no file (an index
        built before groups, or no index yet)."""
        grouper = cls()
        path = Path(generation) / SIGNATURES if generation is not None else None
        if path is None or not path.exists():
            return grouper
        with np.load(path) as saved:
            if "names" in saved:
                names = _names(saved["names"].tobytes(), saved["ends"].tolist())
                ids = names[: int(saved["count"])]
                groups = [names[n] for n in saved["groups"].tolist()]
            else:  # before ids were kept as bytes: two arrays of text
                ids, groups = saved["ids"].tolist(), saved["groups"].tolist()
            values = saved["values"]
        for key, group, row in zip(ids, groups, values, strict=True):
            grouper._add(key, row, group)
        return grouper


def _names(data: bytes, ends: list[int]) -> list[str]:
    """The texts ``data`` holds end to end, each ending at its number of ``ends``."""
    starts = [0, *ends[:-1]]
    return [data[a:b].decode("utf-8", "surrogatepass") for a, b in zip(starts, ends, strict=True)]


def _minhash(values: np.ndarray) -> MinHash:
    return MinHash(hashvalues=values.astype(np.uint64), permutations=PERMUTATIONS)
