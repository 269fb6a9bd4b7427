"""The sample site, built once per test session, for every test that reads built pages.

Use it from any test module with `import site_fixture` and
`built_site = site_fixture.built_site`; the fixture returns the site folder (Chinese at its
root, English under `en/`), built with `--as-of AS_OF` from a temp copy of the repository's
project (so a build never writes into the repository, e.g. the manifest ledger).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 25)
PROJECT_PARTS = ("datasets", "content", "overrides", "mkdocs.yml", "mkdocs.en.yml", "gazette.yaml")


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


# pytest makes one fixture per module that imports `built_site`, so a plain session fixture
# would rebuild the site in every such module; the first build is kept here and reused.
_BUILT: list[Path] = []


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the sample site once into a temp folder; return that folder."""
    from generator.build import build

    if not _BUILT:
        folder = tmp_path_factory.mktemp("built-site")
        site = folder / "site"
        build(copy_project(folder / "project"), site_dir=site, as_of=AS_OF, progress=False)
        _BUILT.append(site)
    yield _BUILT[0]


def html_pages(site: Path) -> list[str]:
    """Return every page's path relative to its language root, Chinese side, sorted."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith(("en/", "pagefind/"))
    )
