"""The sample site, built once per test session, for every test that reads built pages.

Use it from any test module with `from site_fixture import built_site  # noqa: F401`; the
fixture returns the site folder (Chinese at its root, English under `en/`), built from the
repository's sample with `--as-of AS_OF`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 25)


# pytest makes one fixture per module that imports `built_site`, so a plain session fixture
# would rebuild the site in every such module; the first build is kept here and reused.
_BUILT: list[Path] = []


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the sample site once into a temp folder; return that folder."""
    from generator.build import build

    if not _BUILT:
        site = tmp_path_factory.mktemp("built-site") / "site"
        build(REPO, site_dir=site, as_of=AS_OF, progress=False)
        _BUILT.append(site)
    yield _BUILT[0]


def html_pages(site: Path) -> list[str]:
    """Return every page's path relative to its language root, Chinese side, sorted."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("index.html")
        if not p.relative_to(site).as_posix().startswith(("en/", "pagefind/"))
    )
