"""The code's rooms: imports flow web → search → index, and each package says what it holds."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEARCH_PACKAGES = ["search", "search/language", "search/evaluation", "search/state"]
SEARCH_PACKAGES.append("search/presentation")


def imported(path: Path) -> set[str]:
    """The top-level names of the modules ``path`` imports (relative imports aside)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("search", {"flask", "werkzeug", "jinja2", "web"}), ("index", {"flask", "web", "search"})],
)
def test_imports_flow_one_way(package, forbidden):
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported(path) & forbidden)
        for path in sorted((ROOT / package).rglob("*.py"))
        if imported(path) & forbidden
    }
    assert wrong == {}


@pytest.mark.parametrize("package", SEARCH_PACKAGES)
def test_each_search_package_maps_what_it_holds(package):
    init = ROOT / package / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    named = {
        name.rstrip("/").removesuffix(".py")
        for line in doc.splitlines()
        if line.startswith("- ")
        for name in re.findall(r"``([\w./]+)``", line)
    }
    held = {p.stem for p in (ROOT / package).glob("*.py") if p.stem != "__init__"}
    held |= {p.name for p in (ROOT / package).iterdir() if (p / "__init__.py").exists()}
    assert held - {"__main__"} <= named, sorted(held - named - {"__main__"})
    assert len([line for line in doc.splitlines() if line.startswith("- ")]) <= 5


def test_no_search_module_is_over_400_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in sorted((ROOT / "search").rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}
