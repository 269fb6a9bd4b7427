"""Every distribution the code imports is declared in pyproject.toml.

A module imported only because another dependency happens to pull it in (numpy through
pandas, fontTools through WeasyPrint) breaks the day that dependency drops it. The code's
imports must come from `dependencies`; the tests' and benchmarks' from those or the `dev`
extra.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
DISTRIBUTIONS = importlib.metadata.packages_distributions()


def _name(requirement: str) -> str:
    """Return a requirement's normalised distribution name (PEP 503)."""
    bare = re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", bare).lower()


RUNTIME = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
DEV = RUNTIME | {_name(r) for r in PYPROJECT["project"]["optional-dependencies"]["dev"]}


def _top_level_imports(folder: Path) -> dict[str, Path]:
    """Return each absolute import's top-level module name with one file importing it."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


LOCAL_FOLDERS = ("tests", "bench", "tools")


def _local(module: str, folder: Path) -> bool:
    """Return whether `module` is the project's own code (the package, or a module of ours)."""
    if module == "generator":
        return True
    roots = [folder, *(REPO / name for name in LOCAL_FOLDERS)]
    return any(
        any(root.rglob(f"{module}.py")) or any(p.is_dir() for p in root.rglob(module))
        for root in roots
    )


def _undeclared(folder: Path, declared: set[str]) -> list[str]:
    """Return `module (distribution) in file` for each import no declared distribution gives."""
    missing = []
    for module, path in _top_level_imports(folder).items():
        if module in sys.stdlib_module_names or _local(module, folder):
            continue
        names = {_name(d) for d in DISTRIBUTIONS.get(module, [])}
        if not names & declared:
            where = path.relative_to(folder)
            missing.append(f"{module} ({', '.join(sorted(names)) or 'not installed'}) in {where}")
    return sorted(missing)


def test_the_code_imports_only_declared_runtime_dependencies() -> None:
    assert _undeclared(REPO / "generator", RUNTIME) == []


@pytest.mark.parametrize("folder", ["tests", "bench", "tools"])
def test_tests_and_tools_import_only_declared_dependencies(folder: str) -> None:
    assert _undeclared(REPO / folder, DEV) == []


def test_the_check_finds_an_undeclared_import(tmp_path: Path) -> None:
    (tmp_path / "uses_numpy.py").write_text("import numpy\nimport json\n", encoding="utf-8")
    assert [line.split()[0] for line in _undeclared(tmp_path, {"pandas"})] == ["numpy"]
