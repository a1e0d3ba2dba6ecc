"""A second generation for tests of what happens when one is published: one new article, the
same in every test that needs the index to change under a running app or replica."""

from __future__ import annotations

import json
from pathlib import Path

from index.store import IndexStore
from index.writer import update

NEW = {
    "id": "banjir-baru",
    "title": "Banjir Baru di Jakarta",
    "source": "kompas.com",
    "date": "2019-10-01",
    "category": "Nasional",
    "body": "Banjir kembali merendam Jakarta setelah hujan deras.",
    "url": "https://contoh.kompas.com/banjir-baru",
}


def publish_new(store: IndexStore, folder: Path) -> str:
    """Adds ``NEW`` to ``store`` by ``index update`` and returns the new generation's name."""
    source = folder / "new.jsonl"
    source.write_text(json.dumps(NEW) + "\n", encoding="utf-8")
    update([source], store)
    return store.current().name
