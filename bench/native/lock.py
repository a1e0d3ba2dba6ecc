"""``make lock-bench``: requirements-bench.lock from requirements-bench.txt.

Each pin's file for this platform, downloaded without its dependencies (they
are not installed: requirements-bench.txt says why), with its sha256, so that
``pip install --no-deps --require-hashes -r requirements-bench.lock`` installs
exactly these files.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def main() -> int:
    source, out = ROOT / "requirements-bench.txt", ROOT / "requirements-bench.lock"
    pins = [m.groups() for m in map(PIN.match, source.read_text("utf-8").splitlines()) if m]
    with tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", folder]
        subprocess.run([*command, "-r", str(source)], check=True)
        files = {normal(f.name.split("-")[0]): f for f in Path(folder).iterdir()}
        lines = [f"# Made by make lock-bench from {source.name} (installed with --no-deps)."]
        for name, version in pins:
            digest = hashlib.sha256(files[normal(name)].read_bytes()).hexdigest()
            lines += [f"{name}=={version} \\", f"    --hash=sha256:{digest}"]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out.name}: {len(pins)} pins")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
