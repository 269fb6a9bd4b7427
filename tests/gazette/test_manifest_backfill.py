"""Back-catalogue issues: recorded when first published, after the head; nothing else changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from test_lifecycle_support import (
    ENTRY_HEADER,
    ISSUE_HEADER,
    entry_row,
    issue_row,
    make_project,
    read_rows,
    write_body,
    write_rows,
)

from generator.data.validate import validate_project
from generator.gazette import manifest

AS_OF = dt.date(2025, 2, 28)
TODAY = dt.date(2026, 1, 1)
OLD = dt.date(2007, 9, 30)  # 96-18: a paper-only issue digitised years later


def plan(root: Path) -> manifest.Plan:
    """Validate the project and check it against its manifest."""
    dataset, problems = validate_project(root)
    assert problems == [], problems
    return manifest.check(dataset, AS_OF, today=TODAY)


def add_old_issue(root: Path, back_catalogue: str) -> None:
    """Add issue 96-18 with one entry, marked back-catalogue or not."""
    issues = read_rows(root, "gazette_issues")
    old = issue_row(OLD)
    issues.append(old | {"back_catalogue": back_catalogue})
    write_rows(root, "gazette_issues", [*ISSUE_HEADER, "back_catalogue"], issues)
    entries = read_rows(root, "gazette_entries")
    entry = entry_row(old, 1)
    write_body(root, entry)
    write_rows(root, "gazette_entries", ENTRY_HEADER, [*entries, entry])


def test_a_back_catalogue_issue_is_chained_after_the_head(tmp_path):
    root = make_project(tmp_path / "p", issues=4)
    assert plan(root).record() is True
    before = json.loads((root / manifest.MANIFEST_PATH).read_text("utf-8"))

    add_old_issue(root, "true")  # its volume 96 has only number 18: allowed, not a gap
    after = plan(root)
    assert after.problems == []
    assert after.record() is True
    recorded = json.loads((root / manifest.MANIFEST_PATH).read_text("utf-8"))
    assert recorded["issues"][: len(before["issues"])] == before["issues"]
    assert recorded["issues"][-1]["issue_id"] == "96-18"
    assert recorded["issues"][-1]["previous"] == before["head"]
    assert manifest.verify(root) == []


def test_an_unmarked_back_dated_issue_is_still_refused(tmp_path):
    root = make_project(tmp_path / "p", issues=4)
    assert plan(root).record() is True
    add_old_issue(root, "")
    dataset, problems = validate_project(root)
    assert [p.code for p in problems] == ["issue-number-gap"]  # volume 96 lacks 1–17


def test_a_back_catalogue_volume_lists_the_numbers_not_digitised():
    from generator.gazette import back_catalogue

    only_18 = [{"number": 18, "back_catalogue": True}]
    assert back_catalogue.spans(back_catalogue.missing_numbers(only_18)) == "1–17"
    mixed = [{"number": 3, "back_catalogue": True}, {"number": 6, "back_catalogue": None}]
    assert back_catalogue.spans(back_catalogue.missing_numbers(mixed), ", ") == "1–2, 4–5"
    assert back_catalogue.missing_numbers([{"number": 2, "back_catalogue": None}]) == []
