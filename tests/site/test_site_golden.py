"""Golden Markdown: home, an issue, an entry and a corrigendum, in both languages.

The pages are rendered from the tiny sample in tests/mini/ (stable line-for-line), without
MkDocs. Refresh after an intended change with `make golden` (GAZETTE_UPDATE_GOLDEN=1) and
review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from site_fixture import AS_OF

from generator.build import Progress, render_all
from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.models import BuildContext
from generator.site.reuse import Workspace

GOLDEN = Path(__file__).parents[1] / "golden"
PAGES = [
    "index.md",
    "gazette/113/01/index.md",
    "gazette/113/01/113-01-001/index.md",
    "gazette/113/03/113-03-001/index.md",  # a corrigendum of 113-01-001
    "gazette/index.md",  # the compact archive and its browse links
    "gazette/category/regulations/index.md",
    "gazette/agency/secretariat/index.md",
    "gazette/api/index.md",
    "search/index.md",
]
UPDATE = os.environ.get("GAZETTE_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Render the mini project's Markdown for both languages; return the docs folder."""
    folder = tmp_path_factory.mktemp("golden")
    root = folder / "mini"
    shutil.copytree(Path(__file__).parents[1] / "mini", root)
    shutil.copy2(GOLDEN.parent.parent / "datasets/datapackage.yaml", root / "datasets")
    dataset, problems = validate_project(root)
    assert problems == []
    ctx = BuildContext(
        root, AS_OF, published(dataset, AS_OF), "https://gazette.example.gov.tw/", folder / "out"
    )
    render_all(ctx, Workspace(folder / "work"), Progress(False))
    return folder / "work" / "docs"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_markdown_matches_golden(rendered: Path, lang: str, page: str) -> None:
    actual = (rendered / lang / page).read_text(encoding="utf-8")
    expected_path = GOLDEN / lang / page.replace("/", "__")
    if UPDATE:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.is_file(), "no golden file yet: run `make golden` and review it"
    assert actual == expected_path.read_text(encoding="utf-8")
