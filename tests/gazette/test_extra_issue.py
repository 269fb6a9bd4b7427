"""Extra issues (號外): off the calendar, numbered in sequence, marked in the data and pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_lifecycle_support import ISSUE_HEADER, make_project, read_rows

from generator.commands.new_issue import new_issue
from generator.data.validate import validate_project
from generator.errors import Refused

ISSUES = Path("datasets/gazette_issues.csv")


def with_extra_column(root: Path) -> Path:
    """Add the optional `extra` column to the project's issue file (rows left empty)."""
    path = root / ISSUES
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(
        "\n".join([lines[0] + ",extra"] + [line + "," for line in lines[1:]]) + "\n", "utf-8"
    )
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    # Four issues: 2025-01-15, 01-31, 02-15, 02-28; the next calendar date is 2025-03-15.
    return with_extra_column(make_project(tmp_path / "p", issues=4))


def test_an_extra_issue_between_two_regular_ones(project: Path) -> None:
    summary = new_issue(project, dt.date(2025, 3, 4), extra=True)
    assert summary.startswith("114-05 2025-03-04")
    new_issue(project)  # the regular issue of 2025-03-15 follows as number 6
    rows = read_rows(project, "gazette_issues")
    assert [(r["issue_id"], r["publication_date"], r["extra"]) for r in rows[-3:]] == [
        ("114-04", "2025-02-28", ""),
        ("114-05", "2025-03-04", "true"),
        ("114-06", "2025-03-15", ""),
    ]
    assert rows[-2]["title_zh"] == "市政府公報 第114卷第5期 號外"
    assert rows[-2]["title_en"] == "City Gazette Vol. 114 No. 5 (Extra)"
    assert rows[-1]["title_zh"] == "市政府公報 第114卷第6期"  # the pattern is the last regular one
    dataset, problems = validate_project(project)
    assert problems == []
    extra = dataset.frames["gazette_issues"]["extra"].tolist()
    assert extra[-2] is True and extra[-1] is not True


def test_without_extra_an_off_calendar_date_names_the_next_one(project: Path) -> None:
    before = (project / ISSUES).read_bytes()
    with pytest.raises(Refused) as caught:
        new_issue(project, dt.date(2025, 3, 4))
    [problem] = caught.value.problems
    assert problem.code == "issue-off-schedule" and problem.values["next"] == "2025-03-15"
    assert (project / ISSUES).read_bytes() == before


@pytest.mark.parametrize(
    ("date", "code"),
    [
        ("2025-02-28", "issue-duplicate"),  # a date already taken
        ("2025-02-20", "issue-backdated"),  # before the latest issue
        ("2025-03-20", "issue-gap"),  # after the next calendar date: it would skip 03-15
        ("2025-03-15", "issue-extra-on-calendar"),  # the regular issue's own date
    ],
)
def test_extra_issues_keep_the_refusals(project: Path, date: str, code: str) -> None:
    before = (project / ISSUES).read_bytes()
    with pytest.raises(Refused) as caught:
        new_issue(project, dt.date.fromisoformat(date), extra=True)
    assert [p.code for p in caught.value.problems] == [code]
    assert (project / ISSUES).read_bytes() == before


def test_an_old_issue_file_without_the_column_stays_valid(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=2)
    assert "extra" not in ISSUE_HEADER
    assert validate_project(root)[1] == []
    with pytest.raises(Refused) as caught:
        new_issue(root, dt.date(2025, 2, 3), extra=True)
    assert [p.code for p in caught.value.problems] == ["issue-extra-column-missing"]


def test_validation_accepts_marked_extra_issues_only(project: Path) -> None:
    path = project / ISSUES
    text = path.read_text(encoding="utf-8")
    row = "114-05,114,5,2025-03-04,號外,Extra,secretariat,,{}\n"
    path.write_text(text + row.format(""), encoding="utf-8")
    codes = {p.code for p in validate_project(project)[1]}
    assert codes == {"issue-date-off-schedule"}
    path.write_text(text + row.format("true"), encoding="utf-8")
    assert validate_project(project)[1] == []


def test_numbers_must_follow_publication_order(project: Path) -> None:
    path = project / ISSUES
    text = path.read_text(encoding="utf-8")
    # Number 6 dated before number 5: the order check names it.
    text += "114-05,114,5,2025-03-31,a,a,secretariat,,\n114-06,114,6,2025-03-15,b,b,secretariat,,\n"
    path.write_text(text, encoding="utf-8")
    problems = validate_project(project)[1]
    assert [(p.line, p.field, p.code) for p in problems] == [(7, "number", "issue-number-order")]


def test_extra_issue_pages_say_so(project: Path, tmp_path: Path) -> None:
    from generator.data.embargo import published
    from generator.models import BuildContext
    from generator.site.render import render_site
    from generator.site.reuse import Workspace

    new_issue(project, dt.date(2025, 3, 4), extra=True)
    dataset, problems = validate_project(project)
    assert problems == []
    as_of = dt.date(2025, 3, 10)
    ctx = BuildContext(project, as_of, published(dataset, as_of), "https://x.test/", tmp_path / "o")
    render_site(ctx, Workspace(tmp_path / "work"))
    docs = tmp_path / "work" / "docs"
    zh_issue = (docs / "zh/gazette/114/05/index.md").read_text(encoding="utf-8")
    en_issue = (docs / "en/gazette/114/05/index.md").read_text(encoding="utf-8")
    assert zh_issue.startswith("# 第114卷第5期（號外）\n")
    assert en_issue.splitlines()[0] == "# Volume 114, number 5 &#40;Extra&#41;"  # (Extra)
    regular = (docs / "zh/gazette/114/04/index.md").read_text(encoding="utf-8")
    assert "號外" not in regular
    archive = (docs / "zh/gazette/index.md").read_text(encoding="utf-8")
    volume = (docs / "zh/gazette/114/index.md").read_text(encoding="utf-8")
    assert archive.count("（號外）") == 1 and volume.count("（號外）") == 1


def test_a_weekly_volume_restarts_at_number_one(run_cli, tmp_path: Path) -> None:
    root = tmp_path / "k"
    assert run_cli("init", root, "--name", "高雄市政府公報", "--schedule", "weekly:tue,fri")[0] == 0
    assert run_cli("new-issue", "--root", root, "--date", "2025-12-30")[1].startswith("114-001 ")
    assert run_cli("new-issue", "--root", root)[1].startswith("115-001 2026-01-02")
    assert run_cli("new-issue", "--root", root)[1].startswith("115-002 2026-01-06")
    assert validate_project(root)[1] == []


def test_a_list_of_dates_that_ran_out_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=2)  # 2025-01-15 and 2025-01-31
    (root / "gazette.yaml").write_text(
        "calendar:\n  dates: [2025-01-15, 2025-01-31]\n", encoding="utf-8"
    )
    assert validate_project(root)[1] == []
    with pytest.raises(Refused) as caught:
        new_issue(root)
    assert [p.code for p in caught.value.problems] == ["issue-calendar-ended"]
