"""A closed year's register page does not change when a later year is published.

Closed years' pages are indexed for search once, in an archive bundle, and uploaded once
(generator/site/search.py): a page that named how many years there are would change every
year, and every archive bundle holding one would be indexed again (issue 28).
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from site_fixture import AS_OF

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.models import BuildContext
from generator.site.render import render_site
from generator.site.reuse import Workspace

MINI = Path(__file__).parents[1] / "mini"
PACKAGE = Path(__file__).parents[2] / "datasets" / "datapackage.yaml"
CLOSED = ("indicators/113/index.md",)


def render(root: Path, work: Path) -> dict[str, str]:
    """Render the project's pages into `work`; return each language's closed-year pages."""
    dataset, problems = validate_project(root)
    assert problems == []
    ctx = BuildContext(
        root, AS_OF, published(dataset, AS_OF), "https://g.example.tw/", work / "out"
    )
    render_site(ctx, Workspace(work))
    return {
        f"{lang}/{page}": (work / "docs" / lang / page).read_text(encoding="utf-8")
        for lang in ("zh", "en")
        for page in (*CLOSED, "indicators/trend/113-01-01/index.md")
    }


def add_plan_year(root: Path, year: int) -> None:
    """Append a copy of plan year 113's indicators as plan year `year`."""
    path = root / "datasets" / "plan_indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    added = [
        row | {"indicator_id": f"{year}{row['indicator_id'][3:]}", "plan_year": str(year)}
        for row in rows
        if row["plan_year"] == "113"
    ]
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, header, lineterminator="\n").writerows(added)


def test_a_new_plan_year_leaves_the_closed_years_pages_as_they_were(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    shutil.copy2(PACKAGE, root / "datasets")
    add_plan_year(root, 114)  # 113's next year: its page links it ("114年度 →")
    before = render(root, tmp_path / "before")
    add_plan_year(root, 115)
    after = render(root, tmp_path / "after")
    trend = "zh/indicators/trend/113-01-01/index.md"
    assert "115" in after[trend] and after[trend] != before[trend]  # the year was added
    for lang in ("zh", "en"):
        for page in CLOSED:
            assert after[f"{lang}/{page}"] == before[f"{lang}/{page}"], page
