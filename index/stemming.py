"""Indonesian stemming: Snowball (PyStemmer) behind a layer of general exceptions.

Plain Snowball ``indonesian`` strips affixes by shape alone, so it cuts words
that only look affixed (``menteri`` → ``teri``, ``sekolah`` → ``seko``) and
misses the sound changes of ``meN-``/``peN-`` (``mengalahkan`` → ``alah``
while ``kekalahan`` → ``kalah``). The layer in front of it, in order:

1. a word of the root-word dictionary (``data/kata-dasar.txt``) is its own stem;
2. a proper name (``data/names-id.txt``: words the news nearly always writes
   capitalised and that no prefix explains) is never stemmed, only loses a
   particle or possessive (``jokowinya`` → ``jokowi``);
3. reduplication: ``anak-anak``, ``anak-anaknya``, ``bermain-main`` → one stem;
4. suffixes alone (particles ``-lah -kah -tah -pun``, possessives ``-nya -ku -mu``,
   then ``-an`` or ``-kan``) that leave a dictionary root: ``pasukan`` → ``pasuk``,
   ``berikan`` → ``beri``; unless that root is one news hardly ever writes as a
   word while prefixes explain the word by a common root of four letters or more:
   ``perbankan`` is per-bank-an, not perban-kan; ``perhatian`` → ``hati``, not
   ``perhati``; ``kedudukan`` → ``duduk``; ``menikah`` → ``nikah``;
5. prefixes with the sound changes Indonesian makes (``meny-`` + ``s``, ``men-``
   + ``t``, ``meng-`` + ``k``, ``mem-`` + ``p``; up to two prefixes) and
   suffixes, that leave a dictionary root: ``mengalahkan`` → ``kalah``,
   ``kementerian`` → ``menteri``, ``menandakan`` → ``tanda`` (not ``anda``);
6. otherwise Snowball's stem, as before.

Where a step finds several roots, the one most frequent as a word in news wins
(``data/root-frequency.tsv``), the least cut one on a tie.

Nothing here lists gold pairs; the rules are the language's, the dictionary is
Sastrawi's general root-word list.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
ROOTS_FILE = DATA_DIR / "kata-dasar.txt"
NAMES_FILE = DATA_DIR / "names-id.txt"
FREQUENCY_FILE = DATA_DIR / "root-frequency.tsv"
CACHE_SIZE = 200_000
MIN_ROOT = 3
# A suffix-only root seen fewer times than RARE as a word in news gives way to a
# prefix reading whose root is seen COMMON times or more and is not a short word
# (three letters are found by chance inside too many longer words: petasan, tas).
RARE = 10
COMMON = 50
MIN_PREFIXED_ROOT = 4

PARTICLES = ("lah", "kah", "tah", "pun")
POSSESSIVES = ("nya", "ku", "mu")
VOWELS = frozenset("aeiou")


@cache
def _snowball():
    import Stemmer

    return Stemmer.Stemmer("indonesian")


@lru_cache(maxsize=CACHE_SIZE)
def snowball_stem(word: str) -> str:
    """Plain Snowball ``indonesian`` (PyStemmer): the stage under the exceptions."""
    return _snowball().stemWord(word)


def _word_list(path: Path) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@cache
def roots() -> frozenset[str]:
    """Indonesian root words (kata dasar)."""
    return _word_list(ROOTS_FILE)


@cache
def names() -> frozenset[str]:
    """Proper names never to stem, lower-cased."""
    return _word_list(NAMES_FILE) if NAMES_FILE.exists() else frozenset()


@cache
def root_frequency() -> dict[str, int]:
    """How often each root occurs as a word in news (``root-frequency.tsv``)."""
    if not FREQUENCY_FILE.exists():
        return {}
    pairs = (line.split("\t") for line in FREQUENCY_FILE.read_text(encoding="utf-8").splitlines())
    return {word: int(count) for word, count in pairs}


def _strip(word: str, endings: tuple[str, ...]) -> str | None:
    for ending in endings:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_ROOT:
            return word[: -len(ending)]
    return None


def inflectional_forms(word: str) -> list[str]:
    """``word`` without, in turn, its particle and its possessive."""
    forms = [word]
    bare = _strip(word, PARTICLES)
    if bare:
        forms.append(bare)
    for form in list(forms):
        bare = _strip(form, POSSESSIVES)
        if bare:
            forms.append(bare)
    return forms


def suffix_forms(word: str, with_i: bool) -> list[str]:
    """``word`` and what is left without each combination of suffixes, least cut first."""
    inflected = inflectional_forms(word)
    derived = []
    endings = ("an", "kan", "i") if with_i else ("an", "kan")
    for form in inflected:
        for ending in endings:
            bare = _strip(form, (ending,))
            if bare:
                derived.append(bare)
    return inflected + derived


def _after_men(rest: str) -> list[str]:
    if rest[:1] in VOWELS:
        return ["t" + rest]
    if rest[:1] in ("d", "c", "j", "z") or rest[:2] in ("sy", "tr"):
        return [rest]
    return []


def _after_mem(rest: str) -> list[str]:
    if rest[:1] in VOWELS:
        return ["p" + rest]
    if rest[:1] in ("b", "f", "v", "p"):
        return [rest]
    return []


def _after_meng(rest: str) -> list[str]:
    if rest[:1] in VOWELS:
        return [rest, "k" + rest]
    if rest[:1] in ("g", "h", "k", "q"):
        return [rest]
    return []


def _after_meny(rest: str) -> list[str]:
    return ["s" + rest] if rest[:1] in VOWELS else []


def _after_me(rest: str) -> list[str]:
    return [rest] if rest[:1] in ("l", "r", "w", "y", "m", "n") else []


def _any(rest: str) -> list[str]:
    return [rest]


def _before_r(rest: str) -> list[str]:
    return [rest] if rest[:1] == "r" else []


# A prefix, and what the root may have been after it (meN- and peN- change the
# root's first sound). Longer prefixes first.
_MEN_PEN = [
    ("menge", _any),
    ("meng", _after_meng),
    ("meny", _after_meny),
    ("mem", _after_mem),
    ("men", _after_men),
    ("me", _after_me),
    ("penge", _any),
    ("peng", _after_meng),
    ("peny", _after_meny),
    ("pem", _after_mem),
    ("pen", _after_men),
]
FIRST_PREFIXES = [
    *_MEN_PEN,
    ("per", _any),
    ("pe", _any),
    ("ber", _any),
    ("be", _before_r),
    ("ter", _any),
    ("te", _before_r),
    ("di", _any),
    ("ke", _any),
    ("se", _any),
]
SECOND_PREFIXES = [
    ("per", _any),
    ("ber", _any),
    ("be", _before_r),
    ("ter", _any),
    *_MEN_PEN[6:],
    ("pe", _any),
    ("ke", _any),
]


def _unprefixed(form: str, prefixes) -> Iterator[str]:
    for prefix, roots_after in prefixes:
        if form.startswith(prefix):
            for root in roots_after(form[len(prefix) :]):
                if len(root) >= MIN_ROOT:
                    yield root


def prefixed_roots(word: str) -> Iterator[str]:
    """Dictionary roots that one or two prefixes (and suffixes) explain ``word`` by."""
    for _, root in prefixed_readings(word):
        yield root


def prefixed_readings(word: str) -> Iterator[tuple[int, str]]:
    """``(prefixes removed, root)`` for each root of :func:`prefixed_roots`."""
    known = roots()
    for form in suffix_forms(word, with_i=True):
        for first in _unprefixed(form, FIRST_PREFIXES):
            if first in known:
                yield 1, first
            for second in _unprefixed(first, SECOND_PREFIXES):
                if second in known:
                    yield 2, second


def _likeliest(readings: list[tuple[int, str]], frequency: dict[str, int]) -> str:
    """The root of the reading that removes the fewest prefixes, then the most frequent:
    ``memberikan`` is mem-beri-kan (not mem-ber-ikan, though ``ikan`` is more frequent)."""
    return min(readings, key=lambda reading: (reading[0], -frequency.get(reading[1], 0)))[1]


def _reduplicated(word: str) -> str | None:
    """The one stem of a reduplicated word (``anak-anak``, ``bermain-main``), if it is one."""
    parts = word.split("-")
    if len(parts) != 2 or not all(p.isalpha() for p in parts):
        return None
    first, second = parts
    if first == second or first.endswith(second) or second.startswith(first):
        return stem(first if len(first) >= len(second) else second)
    one, other = stem(first), stem(second)
    return one if one == other else None


@lru_cache(maxsize=CACHE_SIZE)
def stem(word: str) -> str:
    """The index term of a lower-cased word (see the module's docstring for the order)."""
    known = roots()
    if word in known or word in names():
        return word
    if "-" in word:
        return _reduplicated(word) or word
    if not word.isalpha():
        return snowball_stem(word)
    named = [form for form in inflectional_forms(word)[1:] if form in names()]
    if named:
        return named[0]
    frequency = root_frequency()
    suffixed = [form for form in suffix_forms(word, with_i=False)[1:] if form in known]
    if suffixed:
        root = max(suffixed, key=lambda form: frequency.get(form, 0))
        if frequency.get(root, 0) >= RARE:
            return root
        common = [
            (prefixes, form)
            for prefixes, form in prefixed_readings(word)
            if len(form) >= MIN_PREFIXED_ROOT and frequency.get(form, 0) >= COMMON
        ]
        return _likeliest(common, frequency) if common else root
    prefixed = list(prefixed_readings(word))
    if prefixed:
        return _likeliest(prefixed, frequency)
    return snowball_stem(word)
