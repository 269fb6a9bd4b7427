"""`dateModified` of a dataset without dates of its own (issue 28): the agencies and the plan
indicators take the date of their last git publication, never the whole package's latest
date, so their pages do not change on a publish day that leaves their data alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.data.embargo import published
from generator.data.gazette_model import issues_of
from generator.data.validate import validate_project
from generator.models import BuildContext
from generator.portal import metadata as catalog
from generator.portal.history import Publication
from generator.portal.pages.catalog import dataset_page

SITE = "https://gazette.example.gov.tw/"


def _context(root: Path, as_of: dt.date) -> BuildContext:
    """Return the build context of the project at `root`, cut at `as_of`."""
    dataset, problems = validate_project(root)
    assert problems == []
    return BuildContext(root, as_of, published(dataset, as_of), SITE, root / "out")


def _undated(ctx: BuildContext) -> list[str]:
    """Return the published resources that have no date of their own."""
    return [n for n in catalog.resource_names(ctx.dataset) if not catalog._dates(ctx.dataset, n)]


def test_a_publish_day_leaves_the_pages_of_undated_datasets_unchanged(tmp_project) -> None:
    root = tmp_project.root
    full = _context(root, dt.date(2026, 12, 7))
    day = max(dt.date.fromisoformat(str(i["publication_date"])) for i in issues_of(full))
    before = _context(root, day - dt.timedelta(days=1))
    after = _context(root, day)
    assert len(issues_of(after)) == len(issues_of(before)) + 1  # the publish day adds an issue
    names = _undated(after)
    assert names, "the sample has datasets without dates"
    for name in names:
        for lang in ("zh-TW", "en"):
            old, new = dataset_page(before, name, lang), dataset_page(after, name, lang)
            assert old.context == new.context, (name, lang)
            assert old.key == new.key, (name, lang)
            assert catalog.schema_org(before, name, lang) == catalog.schema_org(after, name, lang)
        assert catalog.data_gov_tw(before, name) == catalog.data_gov_tw(after, name)
    # the package-wide date does move: it is what the undated pages used to show
    assert catalog.modified(before.dataset) != catalog.modified(after.dataset)


def test_modified_takes_own_dates_then_the_last_publication_then_nothing(tmp_project) -> None:
    ctx = _context(tmp_project.root, dt.date(2026, 12, 7))
    name = _undated(ctx)[0]
    history = [Publication("abc1234", "2024-05-02"), Publication("0de5678", "2023-01-09")]
    assert catalog.modified(ctx.dataset, name, history) == dt.date(2024, 5, 2)
    assert catalog.modified(ctx.dataset, name) is None
    dated = next(n for n in catalog.resource_names(ctx.dataset) if catalog._dates(ctx.dataset, n))
    own = max(catalog._dates(ctx.dataset, dated))
    assert catalog.modified(ctx.dataset, dated, history) == own
