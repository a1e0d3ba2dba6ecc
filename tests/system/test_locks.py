"""The lock files install what requirements*.txt ask for: each pin at the same version, every
package (transitive ones too) pinned and hashed, so ``pip install --require-hashes`` takes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """The ``name==version`` lines of a requirements file, following ``-r``."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-r "):
            found |= pins(path.parent / line.split(maxsplit=1)[1])
        elif match := PIN.match(line):
            found[canonical(match[1])] = match[2]
    return found


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """Each package of a lock file: its version and how many hashes it lists."""
    entries: dict[str, tuple[str, int]] = {}
    name = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            name = canonical(match[1])
            entries[name] = (match[2], 0)
        elif name and line.strip().startswith("--hash=sha256:"):
            version, hashes = entries[name]
            entries[name] = (version, hashes + 1)
    return entries


@pytest.mark.parametrize(
    ("source", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_each_pin_is_locked_at_its_version_and_every_package_is_hashed(source, lock):
    wanted, entries = pins(ROOT / source), locked(ROOT / lock)
    stale = {n: (v, entries.get(n, ("missing", 0))[0]) for n, v in wanted.items()}
    assert {n: pair for n, pair in stale.items() if pair[0] != pair[1]} == {}, "run `make lock`"
    assert [n for n, (_, hashes) in entries.items() if hashes == 0] == []
    assert len(entries) > len(wanted)  # the transitive dependencies are locked too


def test_the_runtime_lock_is_the_development_locks_subset_at_the_same_versions():
    runtime, dev = locked(ROOT / "requirements.lock"), locked(ROOT / "requirements-dev.lock")
    assert {n: v for n, (v, _) in runtime.items() if dev.get(n, ("",))[0] != v} == {}


def test_the_bench_lock_is_its_pins_each_hashed_and_nothing_else():
    """``make bench-native`` installs requirements-bench.lock with ``--no-deps``."""
    wanted, entries = (
        pins(ROOT / "requirements-bench.txt"),
        locked(ROOT / "requirements-bench.lock"),
    )
    assert {n: v for n, (v, _) in entries.items()} == wanted, "run `make lock-bench`"
    assert [n for n, (_, hashes) in entries.items() if hashes == 0] == []
