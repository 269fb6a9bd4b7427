"""Helpers for tests that read the built sample site.

The site itself is the `built_site` fixture of tests/conftest.py: built once per test run
with `--as-of AS_OF` from a temp copy of the repository's project made by `copy_project`
(so a build never writes into the repository, e.g. the manifest ledger). Chinese is at its
root, English under `en/`. Tests asking for it are marked `slow` automatically.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Screenshots and other things a person looks at after a test run (gitignored).
ARTIFACTS = Path(os.environ.get("GAZETTE_ARTIFACTS") or REPO / "artifacts")
AS_OF = dt.date(2026, 11, 25)
PROJECT_PARTS = (
    "datasets", "editions", "content", "overrides", "mkdocs.yml", "mkdocs.en.yml", "gazette.yaml",
)  # fmt: skip


def copy_project(target: Path) -> Path:
    """Copy the repository's project files (data, content, overrides, configs) to `target`."""
    target.mkdir(parents=True)
    for name in PROJECT_PARTS:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def html_pages(site: Path) -> list[str]:
    """Return every page's path relative to its language root, Chinese side, sorted."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith(("en/", "pagefind/"))
    )
