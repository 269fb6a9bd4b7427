"""Back-catalogue issues: recorded when first published, after the head; nothing else changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
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


def add_old_volume(root: Path) -> list[str]:
    """Add a back-catalogue of volume 96 with gaps and two issues on one date; return ids."""
    issues = read_rows(root, "gazette_issues")
    entries = read_rows(root, "gazette_entries")
    added = []
    for number, day in ((18, OLD), (19, OLD), (20, dt.date(2007, 10, 31))):
        row = issue_row(OLD) | {
            "issue_id": f"96-{number}",
            "number": str(number),
            "publication_date": day.isoformat(),
            "back_catalogue": "true",
        }
        issues.append(row)
        entry = entry_row(row, 1)
        write_body(root, entry)
        entries.append(entry)
        added.append(row["issue_id"])
    write_rows(root, "gazette_issues", [*ISSUE_HEADER, "back_catalogue"], issues)
    write_rows(root, "gazette_entries", ENTRY_HEADER, entries)
    return added


def test_the_site_chain_keeps_the_order_of_recording_after_a_back_catalogue(tmp_path):
    """One order everywhere: the site's chain is the repository's, back-catalogue and all."""
    from generator.data.embargo import published
    from generator.gazette import anchor

    root = make_project(tmp_path / "p", issues=4)
    first = plan(root)
    assert first.record() is True
    site_before = manifest.site_manifest(published(validate_project(root)[0], AS_OF))
    add_old_volume(root)
    second = plan(root)
    assert second.problems == []
    assert second.record() is True
    recorded = json.loads((root / manifest.MANIFEST_PATH).read_text("utf-8"))
    order = [r["issue_id"] for r in recorded["issues"]]
    assert order[-3:] == ["96-18", "96-19", "96-20"]  # after the head, dates in order
    cut = published(validate_project(root)[0], AS_OF)
    site = manifest.site_manifest(cut, hashed=second.hashed, records=second.manifest["issues"])
    assert manifest.dumps(site) == manifest.dumps(recorded)
    assert manifest.site_manifest(cut) == site  # read from datasets/manifest.json: the same
    earlier = anchor.Anchor("site", anchor.records_of(site_before))
    assert anchor.extension_problems(anchor.records_of(site), earlier, "m") == []
    assert plan(root).problems == []  # and the next build accepts it
    assert manifest.verify(root) == []
    # The publish workflow's tags: the same order (outside git every record is new).
    assert [issue for issue, _ in anchor.new_records(root)] == order


@pytest.mark.slow
def test_importing_a_back_catalogue_keeps_every_published_digest(tmp_path, run_cli):
    """Build, import a back-catalogue, build twice: every build and both verifies pass."""
    root = make_project(tmp_path / "p", issues=3)
    site = tmp_path / "site"
    as_of = "2025-02-28"
    assert run_cli("build", "--root", root, "--site-dir", site, "--as-of", as_of)[0] == 0
    published = manifest.dumps(manifest.load_site(site)[0])
    add_old_volume(root)
    for _ in range(2):
        code, _, err = run_cli("build", "--root", root, "--site-dir", site, "--as-of", as_of)
        assert code == 0, err
    now = manifest.load_site(site)[0]
    before = json.loads(published)
    assert now["issues"][: len(before["issues"])] == before["issues"]
    assert (
        manifest.dumps(manifest.load_site(site)[0]) == (root / manifest.MANIFEST_PATH).read_bytes()
    )
    assert run_cli("verify", "--root", root)[0] == 0
    assert run_cli("verify", "--site-dir", site)[0] == 0


def add_edition_record(root: Path, date: dt.date) -> None:
    """Chain an `edition` record dated `date` after the head, as `gazette reissue` does."""
    recorded = json.loads((root / manifest.MANIFEST_PATH).read_text("utf-8"))
    head = recorded["issues"][-1]
    record = {
        "kind": "edition",
        "issue_id": head["issue_id"],
        "file": "editions/114/01.pdf",
        "edition": "0" * 64,
        "reason": {"zh-TW": "測試", "en": "test"},
        "date": date.isoformat(),
    }
    records = [*recorded["issues"], manifest.seal(record, recorded["head"])]
    data = manifest.dumps(manifest.build_manifest(recorded["fields"], records))
    (root / manifest.MANIFEST_PATH).write_bytes(data)


def test_no_issue_is_recorded_after_a_record_the_site_does_not_show(tmp_path):
    # A site as of AS_OF hides an edition record dated later; chaining a back-catalogue
    # issue after it would publish that issue re-linked past it, under another digest.
    root = make_project(tmp_path / "p", issues=4)
    assert plan(root).record() is True
    add_edition_record(root, AS_OF + dt.timedelta(days=30))
    add_old_issue(root, "true")
    dataset, problems = validate_project(root)
    assert problems == []
    refused = manifest.check(dataset, AS_OF, today=TODAY)
    assert [(p.path, p.field, p.code) for p in refused.problems] == [
        ("datasets/gazette_issues.csv", "publication_date", "manifest-recorded-after-as-of")
    ]
    assert refused.problems[0].line is not None
    later = manifest.check(dataset, AS_OF + dt.timedelta(days=30), today=TODAY)
    assert later.problems == []
    assert later.new[0].issue_id == "96-18"


def test_a_build_before_a_later_record_that_records_nothing_is_allowed(tmp_path):
    root = make_project(tmp_path / "p", issues=4)
    assert plan(root).record() is True
    add_edition_record(root, AS_OF + dt.timedelta(days=30))
    dataset, problems = validate_project(root)
    assert problems == []
    assert manifest.check(dataset, AS_OF, today=TODAY).problems == []
