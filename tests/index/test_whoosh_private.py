"""Whoosh's private names stand in one module, checked against one Whoosh version.

The codec reads and writes Whoosh's segment files through names Whoosh does not
publish; they may change in any release. ``index/codec/whoosh_private.py`` holds
all of them, so these tests scan the source of ``index/``, ``search/`` and
``web/`` (with ``ast``, so comments and docstrings do not count) for a private
Whoosh name used anywhere else, and check that the installed Whoosh is the one
those names were checked against.
"""

from __future__ import annotations

import ast
import functools
import importlib
import importlib.metadata
import inspect
import re
import textwrap
import warnings
from pathlib import Path

import pytest
import whoosh

from index.codec import whoosh_private

ROOT = Path(__file__).resolve().parents[2]
ADAPTER = ROOT / "index" / "codec" / "whoosh_private.py"
SCANNED = ("index", "search", "web")
ADAPTER_MODULE = "index.codec.whoosh_private"
# Private names used outside the adapter on objects that are not Whoosh's, by the
# source of the expression: the project's own classes and other libraries.
NOT_WHOOSH = {
    "grouper._add",  # index/groups.py: the project's own grouper
    "os._exit",  # the standard library's exit of a forked child
    "request_ctx._get_current_object",  # werkzeug's proxy, documented
}


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and name != "_"


def parsed(source: str) -> ast.Module:
    """``source``'s tree; Whoosh's older modules hold escapes Python now warns about."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(textwrap.dedent(source))


def names_in(tree: ast.AST) -> set[str]:
    """The private names an ``ast`` defines or reads: attributes, functions,
    classes, variables, parameters and keywords."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.arg) or isinstance(node, ast.keyword) and node.arg:
            found.add(node.arg)
    return {name for name in found if private(name)}


@functools.cache
def whoosh_names() -> frozenset[str]:
    """Every private name in Whoosh's own source."""
    found: set[str] = set()
    for path in Path(whoosh.__file__).parent.rglob("*.py"):
        found |= names_in(parsed(path.read_text(encoding="utf-8")))
    return frozenset(found)


@functools.cache
def whoosh_class_names(module: str, name: str) -> frozenset[str]:
    """The private names of the Whoosh classes a class imported as ``module.name``
    derives from (empty when it derives from none)."""
    try:
        cls = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return frozenset()
    if not isinstance(cls, type):
        return frozenset()
    found: set[str] = set()
    for base in cls.__mro__:
        if base.__module__.split(".")[0] == "whoosh":
            found |= names_in(parsed(inspect.getsource(base)))
    return frozenset(found)


def imported_classes(tree: ast.Module) -> dict[str, tuple[str, str]]:
    """Names bound by ``from module import name`` at a module's top: name → (module, name)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                found[alias.asname or alias.name] = (node.module, alias.name)
    return found


def inherited(tree: ast.Module, cls: ast.ClassDef, seen: dict[str, frozenset[str]]) -> set[str]:
    """The private Whoosh names a class of this module inherits."""
    imports = imported_classes(tree)
    found: set[str] = set()
    for base in cls.bases:
        if isinstance(base, ast.Name) and base.id in seen:
            found |= seen[base.id]
        elif isinstance(base, ast.Name) and base.id in imports:
            found |= whoosh_class_names(*imports[base.id])
    return found


def violations(source: str, where: str) -> list[str]:
    """Each use of a private Whoosh name in ``source``, as ``where:line: what``."""
    tree = ast.parse(source)
    found: list[str] = []
    names = whoosh_names()

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{where}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            for alias in node.names:
                if private(alias.name):
                    report(node, f"imports {alias.name} from {node.module}")
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg and private(keyword.arg) and keyword.arg in names:
                    report(node, f"passes {keyword.arg}=")
            if (
                isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "hasattr", "setattr")
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
                and private(node.args[1].value)
                and node.args[1].value in names
            ):
                report(node, f"{node.func.id}(..., {node.args[1].value!r})")
        elif (
            isinstance(node, ast.Attribute)
            and private(node.attr)
            and node.attr in names
            and not own_object(node.value)
            and ast.unparse(node) not in NOT_WHOOSH
        ):
            report(node, ast.unparse(node))

    # In a class derived from Whoosh's, ``self._name`` and ``def _name`` are Whoosh's
    # own when Whoosh's classes have them.
    seen: dict[str, frozenset[str]] = {}
    for cls in [node for node in tree.body if isinstance(node, ast.ClassDef)]:
        theirs = frozenset(inherited(tree, cls, seen))
        seen[cls.name] = theirs
        for node in ast.walk(cls):
            if isinstance(node, ast.FunctionDef) and node.name in theirs:
                report(node, f"overrides {node.name}")
            elif isinstance(node, ast.Attribute) and own_object(node.value) and node.attr in theirs:
                report(node, ast.unparse(node))
    return sorted(set(found), key=lambda line: (int(line.split(":")[1]), line))


def own_object(node: ast.expr) -> bool:
    """``self``, ``cls`` or ``super()``: an object of the class being defined."""
    if isinstance(node, ast.Name):
        return node.id in ("self", "cls")
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def scanned_files() -> list[Path]:
    return sorted(
        path for folder in SCANNED for path in (ROOT / folder).rglob("*.py") if path != ADAPTER
    )


def test_no_private_whoosh_name_is_used_outside_the_adapter():
    found = [
        line
        for path in scanned_files()
        for line in violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert found == [], (
        "private Whoosh names outside index/codec/whoosh_private.py; give each a named "
        "function there and call it:\n" + "\n".join(found)
    )


def test_the_scan_covers_the_packages():
    files = {str(path.relative_to(ROOT)) for path in scanned_files()}
    assert {"index/codec/segment.py", "search/evaluation/posting_cache.py", "web/api.py"} <= files
    assert "index/codec/whoosh_private.py" not in files


def test_the_scan_finds_each_kind_of_private_use():
    source = """
from whoosh.codec.whoosh3 import _lenfield
from whoosh.writing import SegmentWriter
from index.codec.whoosh_private import HookedSegmentWriter


class Direct(SegmentWriter):
    def _flush_segment(self):
        self._added = True
        self.own = self._limit
        super()._close_segment()


class Hooked(HookedSegmentWriter):
    def flush_segment(self):
        self._check_state()


class Ours:
    def read(self, reader):
        self._terms = reader._terms
        return getattr(reader, "_perdoc"), open_writer(ix, _lk=False), os._exit
"""
    assert violations(source, "x.py") == [
        "x.py:2: imports _lenfield from whoosh.codec.whoosh3",
        "x.py:8: overrides _flush_segment",
        "x.py:9: self._added",
        "x.py:11: super()._close_segment",
        "x.py:16: self._check_state",
        "x.py:21: reader._terms",
        "x.py:22: getattr(..., '_perdoc')",
        "x.py:22: passes _lk=",
    ]


def pinned_whoosh() -> str:
    """The Whoosh-Reloaded version ``requirements.txt`` pins."""
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    [version] = re.findall(r"^Whoosh-Reloaded==(\S+)\s*$", text, flags=re.MULTILINE)
    return version


CHECKED = ".".join(map(str, whoosh_private.CHECKED_VERSION))
RECHECK = (
    "check each private name in index/codec/whoosh_private.py against that Whoosh's "
    "source, run tests/index/test_generated_collections.py and tests/index/test_segment_writer.py "
    "(the codec's bytes against Whoosh's own writer and reader), then set CHECKED_VERSION"
)


def test_requirements_pin_the_whoosh_the_private_names_were_checked_against():
    assert pinned_whoosh() == CHECKED, (
        f"requirements.txt pins Whoosh-Reloaded {pinned_whoosh()}, but the private names "
        f"were checked against {CHECKED}: {RECHECK}"
    )


@pytest.mark.parametrize(
    "installed",
    [
        pytest.param(lambda: ".".join(map(str, whoosh.__version__)), id="whoosh.__version__"),
        pytest.param(lambda: importlib.metadata.version("Whoosh-Reloaded"), id="distribution"),
    ],
)
def test_the_installed_whoosh_is_the_one_the_private_names_were_checked_against(installed):
    assert installed() == CHECKED, (
        f"Whoosh {installed()} is installed, but the private names were checked "
        f"against {CHECKED}: {RECHECK}"
    )
