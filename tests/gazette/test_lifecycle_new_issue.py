"""`gazette new-issue`: the next slot, explicit dates, and refusals that leave the file alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_lifecycle_support import make_project, read_rows

from generator.cli import main
from generator.commands.new_issue import new_issue, retitle
from generator.errors import Refused

ISSUES = Path("datasets/gazette_issues.csv")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    # Four issues: 2025-01-15, 01-31, 02-15, 02-28 → next slot 2025-03-15 (114-05).
    return make_project(tmp_path / "p", issues=4)


def test_next_slot_appends_one_line(project: Path) -> None:
    before = (project / ISSUES).read_bytes()
    summary = new_issue(project)
    after = (project / ISSUES).read_bytes()
    assert after.startswith(before)
    added = after[len(before) :].decode("utf-8")
    assert added.count("\n") == 1 and added.endswith("\n")
    assert summary.startswith("114-05 2025-03-15")
    last = read_rows(project, "gazette_issues")[-1]
    assert last == {
        "issue_id": "114-05",
        "volume": "114",
        "number": "5",
        "publication_date": "2025-03-15",
        "title_zh": "市政府公報 第114卷第5期",
        "title_en": "City Gazette Vol. 114 No. 5",
        "publisher_id": "secretariat",
        "gpn": "2009001234",
    }


def test_explicit_date_on_the_next_slot(project: Path) -> None:
    new_issue(project, dt.date(2025, 3, 15))
    assert read_rows(project, "gazette_issues")[-1]["issue_id"] == "114-05"


def test_volume_restarts_after_december(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=2, start=dt.date(2025, 12, 15))
    assert new_issue(root).startswith("115-01 2026-01-15")
    assert read_rows(root, "gazette_issues")[-1]["title_zh"] == "市政府公報 第115卷第1期"


def test_leap_february_ends_on_the_29th(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=1, start=dt.date(2024, 2, 15))
    assert new_issue(root).startswith("113-04 2024-02-29")


@pytest.mark.parametrize(
    ("date", "code", "line"),
    [
        ("2025-03-16", "issue-off-schedule", 6),
        ("2025-02-28", "issue-duplicate", 5),
        ("2025-01-31", "issue-duplicate", 3),
        ("2025-03-31", "issue-gap", 6),
        ("2026-01-15", "issue-gap", 6),
    ],
)
def test_refusals_leave_the_file_unchanged(
    project: Path, date: str, code: str, line: int, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (project / ISSUES).read_bytes()
    with pytest.raises(Refused) as caught:
        new_issue(project, dt.date.fromisoformat(date))
    assert [(p.path, p.line, p.code) for p in caught.value.problems] == [
        (ISSUES.as_posix(), line, code)
    ]
    assert (project / ISSUES).read_bytes() == before
    status = main(["new-issue", "--root", str(project), "--date", date, "--lang", "en"])
    assert status == 1
    err = capsys.readouterr().err
    assert f"{ISSUES.as_posix()}:{line}:" in err and "not changed" in err
    assert (project / ISSUES).read_bytes() == before


def test_backdated_slot_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=2)
    rows = (root / ISSUES).read_text(encoding="utf-8").splitlines(keepends=True)
    # Drop the first issue so 2025-01-15 is a free slot before the latest one.
    (root / ISSUES).write_text(rows[0] + rows[2], encoding="utf-8")
    with pytest.raises(Refused) as caught:
        new_issue(root, dt.date(2025, 1, 15))
    assert [p.code for p in caught.value.problems] == ["issue-backdated"]


def test_cli_success_and_bad_date_usage(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-issue", "--root", str(project)]) == 0
    assert "114-05" in capsys.readouterr().out
    with pytest.raises(SystemExit) as caught:
        main(["new-issue", "--root", str(project), "--date", "2025-13-01"])
    assert caught.value.code == 2


def test_missing_root_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["new-issue", "--root", str(tmp_path / "nowhere")]) == 2


@pytest.mark.parametrize(
    ("title", "old", "new", "expected"),
    [
        ("市政府公報 第114卷第5期", "2025-03-15", "2025-03-31", "市政府公報 第114卷第6期"),
        ("臺北市政府公報 114年第24期", "2025-12-31", "2026-01-15", "臺北市政府公報 115年第1期"),
        (
            "City Gazette Vol. 114 No. 05",
            "2025-03-15",
            "2025-03-31",
            "City Gazette Vol. 114 No. 06",
        ),
        ("公報", "2025-03-15", "2025-03-31", "市政府公報 第114卷第6期"),
    ],
)
def test_retitle_follows_the_previous_pattern(
    title: str, old: str, new: str, expected: str
) -> None:
    assert retitle(title, dt.date.fromisoformat(old), dt.date.fromisoformat(new)) == expected
