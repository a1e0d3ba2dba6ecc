"""What one build, update or delete did, for the person who ran it and for
the generation's metadata; kept apart from the writer so that every step of
an import can add to it without importing the writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from index.dedupe import Duplicate
from index.ingest import Reject
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

    def summary(self) -> str:
        """The report for a person: counts, then each reject and duplicate."""
        shown = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in self.counts().items() if n)
        lines = [f"{self.command}: {shown or 'nothing to do'} in {self.seconds:.1f} s"]
        if self.generation is not None:
            state = "now" if self.changed else "still"
            lines[0] += f"; the index {state} holds {self.articles} articles"
        items = [f"  rejected {r}" for r in self.rejects]
        items += [f"  duplicate {d}" for d in self.duplicates]
        items += [f"  superseded {s}" for s in self.superseded]
        items += [f"  not found {i!r}" for i in self.not_found]
        lines += items[:SHOWN]
        if len(items) > SHOWN:
            lines.append(f"  … and {len(items) - SHOWN} more")
        return "\n".join(lines)
