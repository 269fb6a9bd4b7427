"""Browse hubs (issue 28): a category's or agency's hub shows a fixed number of the latest
entries and links every volume's page, so it does not grow with the open volume; every
entry stays two clicks from its hub (hub → volume page → entry), on the pages and in the
JSON API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.gazette import api, browse
from generator.models import BuildContext

SITE = "https://gazette.example.gov.tw/"


def _context(root: Path, as_of: dt.date) -> BuildContext:
    """Return the build context of the project at `root`, cut at `as_of`."""
    dataset, problems = validate_project(root)
    assert problems == []
    return BuildContext(root, as_of, published(dataset, as_of), SITE, root / "out")


def _hubs(found: dict[str, object]) -> list[str]:
    """Return the paths of the hubs among browse pages (not a volume's page)."""
    return [p for p in found if p.count("/") == 3 and p.endswith("/index.md")]


def test_every_entry_is_two_clicks_from_its_hub_and_a_hub_shows_at_most_the_bound(
    tmp_project,
) -> None:
    ctx = _context(tmp_project.root, dt.date(2026, 12, 7))
    found = {p.path: p for p in browse.pages(ctx, "zh-TW")}
    rows = browse.listed(ctx)
    hubs = _hubs(found)
    assert "gazette/category/announcements/index.md" in hubs
    assert any(h.startswith("gazette/agency/") for h in hubs)
    grew = 0
    for hub in hubs:
        context = found[hub].context
        shown = [r["entry"]["path"] for g in context["years"] for r in g["rows"]]
        assert len(shown) == context["latest"] <= browse.HUB_LATEST, hub
        reached = set()
        for volume in context["volumes"]:
            page = found[volume["path"]]  # one click: the volume's page exists
            listed = [r["entry"]["path"] for g in page.context["years"] for r in g["rows"]]
            assert len(listed) == volume["count"], volume["path"]
            reached.update(listed)  # two clicks: each entry it lists
        assert len(reached) == context["count"], hub
        assert set(shown) <= reached, hub
        grew += context["count"] > browse.HUB_LATEST
    # the bound is exercised: some hubs hold more entries than they show
    assert grew
    # the latest shown are the newest of the hub's entries
    hub = found["gazette/category/announcements/index.md"].context
    newest = [r["entry"]["path"] for r in rows if r["entry"]["category"] == hub["category"]]
    shown = [r["entry"]["path"] for g in hub["years"] for r in g["rows"]]
    assert shown == newest[: browse.HUB_LATEST]


def test_json_hub_lists_volumes_and_the_latest_entries_and_reaches_every_entry(
    tmp_project,
) -> None:
    ctx = _context(tmp_project.root, dt.date(2026, 12, 7))
    docs = api.documents(ctx)
    hubs = [
        p
        for p in docs
        if p.count("/") == 3 and p.startswith(("gazette/category/", "gazette/agency/"))
    ]
    assert hubs
    bigger = 0
    for path in hubs:
        hub = docs[path]
        assert len(hub["entries"]) <= browse.HUB_LATEST, path
        reached: set[str] = set()
        for volume in hub["volumes"]:
            doc = docs[volume["json"].removeprefix(SITE)]
            assert doc["volume"] == volume["volume"]
            assert len(doc["entries"]) == volume["entries"]
            reached.update(e["entry_id"] for e in doc["entries"])
        assert {e["entry_id"] for e in hub["entries"]} <= reached, path
        total = sum(v["entries"] for v in hub["volumes"])
        assert len(reached) == total
        bigger += total > browse.HUB_LATEST
    assert bigger


def test_a_publish_day_changes_a_hub_by_a_bounded_amount(tmp_project) -> None:
    """The hub's size does not depend on how full the open volume is: late in the year it
    is the same size as early in the year (the same number of entries shown)."""
    root = tmp_project.root
    early = api.documents(_context(root, dt.date(2026, 3, 31)))
    late = api.documents(_context(root, dt.date(2026, 12, 7)))
    hub = "gazette/category/announcements/index.json"
    assert len(late[hub]["entries"]) == len(early[hub]["entries"]) == browse.HUB_LATEST
