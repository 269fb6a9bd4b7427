"""The manifest refuses any change to a published issue and accepts corrigenda in later ones."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_lifecycle_support import (
    ENTRY_HEADER,
    entry_row,
    make_project,
    read_rows,
    write_body,
    write_rows,
)

from generator.cli import main
from generator.data.validate import validate_project
from generator.errors import Refused
from generator.gazette import manifest

# Four issues: 114-01 (01-15), 114-02 (01-31), 114-03 (02-15), 114-04 (02-28).
AS_OF = dt.date(2025, 2, 15)  # 114-04 is not published yet
TODAY = dt.date(2026, 1, 1)
ENTRIES = "datasets/gazette_entries.csv"


def check(root: Path, as_of: dt.date = AS_OF) -> manifest.Plan:
    """Validate the project and check it against its manifest."""
    dataset, problems = validate_project(root)
    assert problems == [], problems
    return manifest.check(dataset, as_of, today=TODAY)


def projection(plan: manifest.Plan) -> list[tuple[str, int | None, str, str, str]]:
    """Return (path, line, field, code, entry-or-issue) for each problem."""
    return [
        (p.path, p.line, p.field, p.code, p.values.get("entry") or p.values.get("issue"))
        for p in plan.problems
    ]


def edit_entry(root: Path, which: str, **changes: str) -> None:
    """Change cells of one entry row."""
    rows = read_rows(root, "gazette_entries")
    for row in rows:
        if row["entry_id"] == which:
            row.update(changes)
    write_rows(root, "gazette_entries", ENTRY_HEADER, rows)


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    """Return a project whose first three issues are recorded in its manifest."""
    root = make_project(tmp_path / "p", issues=4)
    plan = check(root)
    assert plan.problems == []
    assert plan.record() is True
    return root


def test_first_build_records_only_published_issues(recorded: Path) -> None:
    data = json.loads((recorded / manifest.MANIFEST_PATH).read_text(encoding="utf-8"))
    assert [i["issue_id"] for i in data["issues"]] == ["114-01", "114-02", "114-03"]
    assert [e["entry_id"] for e in data["issues"][0]["entries"]] == ["114-01-001", "114-01-002"]
    assert data["issues"][1]["previous"] == data["issues"][0]["sha256"]
    assert data["head"] == data["issues"][-1]["sha256"]
    assert manifest.chain_problems(data, "m") == []


def test_unchanged_data_passes_and_records_nothing(recorded: Path) -> None:
    plan = check(recorded)
    assert plan.problems == []
    assert plan.record() is False


def test_title_edit_is_refused_naming_the_entry(recorded: Path) -> None:
    edit_entry(recorded, "114-02-001", title_zh="改過的主旨")
    assert projection(check(recorded)) == [
        (ENTRIES, 4, "", "manifest-entry-row-changed", "114-02-001")
    ]


def test_body_edit_is_refused_naming_the_file(recorded: Path) -> None:
    body = recorded / "datasets/entries/114/01/114-01-002.zh.md"
    body.write_text(body.read_text(encoding="utf-8") + "多一句話。\n", encoding="utf-8")
    plan = check(recorded)
    assert projection(plan) == [
        (ENTRIES, 3, "body_zh", "manifest-entry-body-changed", "114-01-002")
    ]
    assert plan.problems[0].values["file"] == "datasets/entries/114/01/114-01-002.zh.md"


def test_line_endings_and_trailing_blank_lines_are_not_edits(recorded: Path) -> None:
    body = recorded / "datasets/entries/114/01/114-01-002.zh.md"
    text = body.read_text(encoding="utf-8")
    body.write_bytes((text.replace("\n", "\r\n") + "\r\n\r\n").encode("utf-8"))
    assert check(recorded).problems == []
    body.write_text(text.replace("。\n", "。  \n"), encoding="utf-8")  # a Markdown line break
    assert [p.code for p in check(recorded).problems] == ["manifest-entry-body-changed"]


def test_deleted_entry_is_refused(recorded: Path) -> None:
    rows = [r for r in read_rows(recorded, "gazette_entries") if r["entry_id"] != "114-01-001"]
    write_rows(recorded, "gazette_entries", ENTRY_HEADER, rows)
    assert projection(check(recorded)) == [
        (ENTRIES, None, "entry_id", "manifest-entry-deleted", "114-01-001")
    ]


def test_renumbered_entry_is_refused(recorded: Path) -> None:
    # Moving a published entry into the next, unpublished issue renumbers it: the old id goes.
    edit_entry(recorded, "114-01-002", entry_id="114-04-003", issue_id="114-04")
    assert projection(check(recorded)) == [
        (ENTRIES, None, "entry_id", "manifest-entry-deleted", "114-01-002")
    ]


def test_entry_moved_to_another_issue_is_named_as_moved() -> None:
    # Validation stops an id that disagrees with its issue; the manifest says so as well.
    record = {"entry_id": "114-01-002", "row": "r", "body_zh": None, "body_en": None}
    moved = manifest.Entry("114-01-002", "114-02", "r", {"body_zh": None, "body_en": None}, 9)
    found = manifest._entry_problems(manifest.repo_source(Path(".")), record, "114-01", moved)
    assert [(p.line, p.code, p.values["was"]) for p in found] == [
        (9, "manifest-entry-moved", "114-01")
    ]


def test_body_normalisation() -> None:
    assert manifest.normalise_body("\ufeffa\r\nb  \rc\n\n\n".encode()) == b"a\nb  \nc\n"
    assert manifest.normalise_body(b"\n\n") == b""


def test_entry_added_to_a_published_issue_is_refused(recorded: Path) -> None:
    issue = read_rows(recorded, "gazette_issues")[0]
    extra = entry_row(issue, 3)
    write_body(recorded, extra)
    write_rows(
        recorded, "gazette_entries", ENTRY_HEADER, read_rows(recorded, "gazette_entries") + [extra]
    )
    assert [p.code for p in check(recorded).problems] == ["manifest-entry-added"]


def test_issue_row_edit_is_refused(recorded: Path) -> None:
    path = recorded / "datasets/gazette_issues.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("第114卷第2期", "第114卷第二期"), encoding="utf-8"
    )
    assert projection(check(recorded)) == [
        ("datasets/gazette_issues.csv", 3, "issue_id", "manifest-issue-changed", "114-02")
    ]


def test_corrigendum_in_a_later_unpublished_issue_is_accepted(recorded: Path) -> None:
    issue = read_rows(recorded, "gazette_issues")[3]  # 114-04, not yet published
    corrigendum = entry_row(issue, 3, "更正") | {"corrects": "114-02-001"}
    write_body(recorded, corrigendum)
    rows = read_rows(recorded, "gazette_entries") + [corrigendum]
    write_rows(recorded, "gazette_entries", ENTRY_HEADER, rows)
    assert check(recorded).problems == []
    plan = check(recorded, dt.date(2025, 2, 28))  # publish day of 114-04
    assert plan.problems == [] and plan.record() is True
    last = json.loads((recorded / manifest.MANIFEST_PATH).read_text(encoding="utf-8"))["issues"][-1]
    assert last["issue_id"] == "114-04"
    assert "114-04-003" in [e["entry_id"] for e in last["entries"]]


def test_preview_build_dated_after_today_records_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=2)
    dataset, _ = validate_project(root)
    plan = manifest.check(dataset, dt.date(2025, 1, 31), today=dt.date(2025, 1, 20))
    assert plan.problems == [] and plan.record() is False
    assert not (root / manifest.MANIFEST_PATH).exists()


def test_hand_edited_manifest_breaks_the_chain(recorded: Path) -> None:
    path = recorded / manifest.MANIFEST_PATH
    data = json.loads(path.read_text(encoding="utf-8"))
    data["issues"][0]["entries"][0]["row"] = "0" * 64
    path.write_bytes(manifest.dumps(data))
    codes = [p.code for p in check(recorded).problems]
    assert "manifest-chain-broken" in codes


def test_verify_root_cli(recorded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--root", str(recorded)]) == 0
    assert capsys.readouterr().out.startswith("查核通過：")  # the one-line summary
    edit_entry(recorded, "114-03-002", doc_number="府秘字第99999999號")
    assert main(["verify", "--root", str(recorded), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert [(p["path"], p["code"]) for p in found] == [(ENTRIES, "manifest-entry-row-changed")]
    assert "114-03-002" in found[0]["message"]


def test_refused_build_changes_nothing(recorded: Path) -> None:
    before = (recorded / manifest.MANIFEST_PATH).read_bytes()
    edit_entry(recorded, "114-01-001", title_en="Changed")
    dataset, _ = validate_project(recorded)
    with pytest.raises(Refused):
        manifest.check_and_record(recorded, dataset, dt.date(2025, 2, 28))
    assert (recorded / manifest.MANIFEST_PATH).read_bytes() == before


def test_manifest_bytes_are_deterministic(tmp_path: Path) -> None:
    first = make_project(tmp_path / "a", issues=3)
    second = make_project(tmp_path / "b", issues=3)
    check(first).record()
    check(second).record()
    assert (first / manifest.MANIFEST_PATH).read_bytes() == (
        second / manifest.MANIFEST_PATH
    ).read_bytes()


def test_site_manifest_from_the_checks_digests_equals_a_fresh_one(tmp_project):
    """The writer reuses the digests the manifest check made; the file must not change."""
    from generator.data.embargo import published

    dataset, problems = validate_project(tmp_project.root)
    assert problems == []
    as_of = dt.date(2025, 6, 30)
    plan = manifest.check(dataset, as_of, today=dt.date(2026, 1, 1))
    cut = published(dataset, as_of)
    reused = manifest.site_manifest(cut, hashed=plan.hashed)
    assert reused == manifest.site_manifest(cut)
    assert 0 < len(reused["issues"]) < len(plan.hashed)
