"""`gazette validate` and `gazette import` refuse an edit of a published issue as the build
does: the same check (manifest.check), the same messages, and the corrigendum advice."""

from __future__ import annotations

import datetime as dt
import json

from generator import schedule
from generator.gazette.published import published_edits


def projected(stdout: str) -> list[tuple[str, int | None, str, str]]:
    """Project a JSON report onto (path, line, field, code)."""
    return [(p["path"], p["line"], p["field"], p["code"]) for p in json.loads(stdout)]


def test_validate_refuses_an_edited_published_issue(tmp_project, run_cli, monkeypatch):
    monkeypatch.setattr(schedule, "today_in_taipei", lambda now=None: dt.date(2026, 12, 7))
    tmp_project.set_cell("gazette_issues", 2, "title_zh", "市政府公報 114年第1期（改）")
    code, out, _ = run_cli("validate", "--root", tmp_project.root, "--format", "json")
    assert code == 1
    assert projected(out) == [
        ("datasets/gazette_issues.csv", 2, "issue_id", "manifest-issue-changed"),
        ("datasets/gazette_entries.csv", None, "corrects", "published-corrigendum"),
    ]
    code, out, err = run_cli("validate", "--root", tmp_project.root, "--lang", "en")
    assert "Issue 114-01 was published" in out + err and "corrigendum" in out + err


def test_validate_and_build_give_the_same_message(tmp_project, run_cli, monkeypatch):
    from generator.data.validate import validate_project
    from generator.gazette import manifest

    monkeypatch.setattr(schedule, "today_in_taipei", lambda now=None: dt.date(2026, 12, 7))
    tmp_project.set_cell("gazette_entries", 2, "title_zh", "改過的標題")
    dataset, problems = validate_project(tmp_project.root)
    assert problems == []
    day = dt.date(2026, 12, 7)
    build = manifest.check(dataset, as_of=day, today=day).problems
    found = published_edits(dataset, day)
    assert found[:-1] == [p for p in build if p.code.startswith("manifest-entry")]
    assert [p.code for p in found] == ["manifest-entry-row-changed", "published-corrigendum"]


def test_an_unpublished_issue_may_still_change(tmp_project, run_cli, monkeypatch):
    monkeypatch.setattr(schedule, "today_in_taipei", lambda now=None: dt.date(2026, 12, 7))
    rows = tmp_project.records("gazette_issues")
    last_line = rows[-1][0]
    day = rows[-1][2][3]
    assert day > "2026-12-07"  # the sample's next issue is not published yet
    tmp_project.set_cell("gazette_issues", last_line, "title_zh", "尚未出刊，可改")
    assert run_cli("validate", "--root", tmp_project.root)[0] == 0


def test_import_refuses_an_entry_added_to_a_published_issue(
    tmp_project, run_cli, tmp_path, monkeypatch
):
    monkeypatch.setattr(schedule, "today_in_taipei", lambda now=None: dt.date(2026, 12, 7))
    before = tmp_project.csv_path("gazette_entries").read_bytes()
    source = tmp_path / "late.csv"
    source.write_text(
        "期別,category,agency_id,doc_number,signed_date,title_zh,body_zh\n"
        "第114卷第1期,公告,secretariat,府秘文字第1140099999號,2025-01-10,補登一則,內文\n",
        "utf-8",
    )
    code, out, _ = run_cli(
        "import", source, "--into", "gazette_entries", "--root", tmp_project.root,
        "--format", "json",
    )  # fmt: skip
    assert code == 1
    found = projected(out)
    assert (str(source), 2, "期別", "manifest-entry-added") in found  # the source header
    assert ("datasets/gazette_entries.csv", None, "corrects", "published-corrigendum") in found
    assert tmp_project.csv_path("gazette_entries").read_bytes() == before
