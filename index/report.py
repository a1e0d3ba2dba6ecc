"""What one build, update or delete did, for the person who ran it and for
the generation's metadata; kept apart from the writer so that every step of
an import can add to it without importing the writer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from index.dedupe import Duplicate
from index.ingest import Article, Reject
from index.notes import COUNTED
from index.supersede import Superseded

# Rejects, duplicates and unknown ids listed one by one in a summary; the rest are counted.
SHOWN = 20


@dataclass
class Report:
    """What one build, update or delete did."""

    command: str = "build"
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    deleted: int = 0
    not_found: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0
    generation: Path | None = None
    # Articles kept with each kind of note (:mod:`index.notes`), and the notes to list.
    noted: Counter[str] = field(default_factory=Counter)
    flagged: list[str] = field(default_factory=list)

    @property
    def indexed(self) -> int:
        """Articles written (added or replaced)."""
        return self.added + self.replaced

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.deleted)

    def counts(self) -> dict[str, int]:
        return {
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "not_found": len(self.not_found),
            "rejected": len(self.rejects),
            "duplicates": len(self.duplicates),
            "superseded": len(self.superseded),
        }

    def note(self, article: Article) -> Article:
        """Count what the import repaired or doubted in ``article``; ``article`` itself."""
        for note in article.notes:
            self.noted[note.kind] += 1
            if note.detail:
                self.flagged.append(f"{note.kind} {article.origin}: {note.detail}")
        return article

    def repairs(self) -> dict[str, int]:
        """Articles kept with each kind of note, in the order of :data:`index.notes.COUNTED`."""
        return {kind: self.noted[kind] for kind in COUNTED if self.noted[kind]}

    def summary(self) -> str:
        """The report for a person: counts, what was repaired or flagged, then each
        reject, duplicate and flagged date."""
        shown = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in self.counts().items() if n)
        lines = [f"{self.command}: {shown or 'nothing to do'} in {self.seconds:.1f} s"]
        if self.generation is not None:
            state = "now" if self.changed else "still"
            lines[0] += f"; the index {state} holds {self.articles} articles"
        grouped: dict[str, list[str]] = {}
        for kind, n in self.repairs().items():
            group, words = COUNTED[kind]
            grouped.setdefault(group, []).append(words.format(n=n, s="" if n == 1 else "s"))
        lines += [f"  {group}: {', '.join(parts)}" for group, parts in grouped.items()]
        items = [f"  rejected {r}" for r in self.rejects]
        items += [f"  duplicate {d}" for d in self.duplicates]
        items += [f"  superseded {s}" for s in self.superseded]
        items += [f"  not found {i!r}" for i in self.not_found]
        items += [f"  {flag}" for flag in self.flagged]
        lines += items[:SHOWN]
        if len(items) > SHOWN:
            lines.append(f"  … and {len(items) - SHOWN} more")
        return "\n".join(lines)
