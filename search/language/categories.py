"""One Indonesian name per category: the outlets write the same category in two languages
and several spellings (News/Berita, Sport/Sports, International/Dunia).

The mapping (``data/categories-id.tsv``) applies where categories are shown and where
they filter, never to the index: a page shows ``Olahraga`` once for ``Sport`` and ``Sports``
with their counts summed, and a filter by any of the names finds them all, whether a
parameter (``category=``) or a clause of the query (``kategori:ekonomi``).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path

from search.presentation.results import FacetValue

MAPPING = Path(__file__).parent / "data" / "categories-id.tsv"


class CategoryNames:
    """Category names as the index holds them → the Indonesian name shown."""

    def __init__(self, shown: dict[str, str]) -> None:
        self._shown = {" ".join(raw.split()).lower(): name for raw, name in shown.items()}
        self._spellings: dict[str, list[str]] = defaultdict(list)
        for raw, name in shown.items():
            self._spellings[name.lower()].append(raw)

    @classmethod
    def from_file(cls, path: Path) -> CategoryNames:
        pairs = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                raw, name = line.split("\t")
                pairs[raw.strip()] = name.strip()
        return cls(pairs)

    def shown(self, category: str) -> str:
        """The name a reader sees; a category the mapping does not know as it is."""
        return self._shown.get(" ".join(category.split()).lower(), category)

    def spellings(self, category: str) -> tuple[str, ...]:
        """``category`` and every spelling shown under the same name, for a filter."""
        name = self.shown(category)
        return tuple(dict.fromkeys([category, name, *self._spellings.get(name.lower(), ())]))

    def merge(self, buckets: list[FacetValue]) -> list[FacetValue]:
        """Facet counts by shown name, largest first (ties by name)."""
        counts: dict[str, int] = {}
        for bucket in buckets:
            name = self.shown(bucket.value)
            counts[name] = counts.get(name, 0) + bucket.count
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0].lower()))
        return [FacetValue(name, count) for name, count in ordered]


@functools.cache
def category_names() -> CategoryNames:
    """The shipped mapping, read once."""
    return CategoryNames.from_file(MAPPING)


def shown_category(category: str) -> str:
    return category_names().shown(category)
