"""One numbering width per project (gazette.yaml `numbering.digits`), used by everything.

With `digits: 3`, ids, printed issues on import, page addresses, PDF names and frozen
edition names all pad to three digits; with the default 2 nothing changes (permalinks).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from generator import schedule
from generator.commands import new_issue
from generator.data import gazette_model as model
from generator.data import import_refs
from generator.gazette import editions
from generator.models import Dataset


@pytest.mark.parametrize(
    ("printed", "digits", "issue"),
    [
        ("第115卷第3期", 3, "115-003"),
        ("第115卷第102期", 3, "115-102"),
        ("115-3", 3, "115-003"),
        ("115-03", 3, "115-003"),
        ("一百一十五年第一百零二期", 3, "115-102"),
        ("第115卷第3期", 2, "115-03"),
        ("第115卷第102期", 2, None),  # too wide for 2 digits: left for validation to refuse
        ("第115卷第0期", 3, None),
    ],
)
def test_printed_issues_take_the_project_width(printed, digits, issue):
    assert import_refs.issue_id(printed, digits) == issue


def test_number_text_and_ids_pad_to_the_width():
    assert schedule.number_text(3, 3) == "003"
    assert schedule.number_text("7", 2) == "07"
    assert schedule.format_issue_id(115, 3, 3) == "115-003"
    assert schedule.format_issue_id(114, 5) == "114-05"


def _dataset(root, digits: int) -> Dataset:
    (root / "gazette.yaml").write_text(f"numbering:\n  digits: {digits}\n", encoding="utf-8")
    issue_id = schedule.format_issue_id(115, 1, digits)
    issues = pd.DataFrame(
        [{"issue_id": issue_id, "volume": 115, "number": 1,
          "publication_date": "2026-01-06"}]
    )  # fmt: skip
    entries = pd.DataFrame([{"entry_id": f"{issue_id}-001", "issue_id": issue_id}])
    return Dataset(root, {"resources": []}, {"gazette_issues": issues, "gazette_entries": entries})


def test_three_digit_project_addresses_and_file_names(tmp_path):
    (issue,) = model.issues(_dataset(tmp_path, 3))
    assert issue["path"] == "gazette/115/001/index.md"
    assert issue["number_text"] == "001"
    assert issue["entries"][0]["path"] == "gazette/115/001/115-001-001/index.md"
    assert model.pdf_path(115, 1, 3) == "gazette/115/001/gazette-115-001.pdf"
    assert editions.relative_path(115, 1, 3) == "editions/115/001.pdf"
    assert editions.stored_path(tmp_path, 115, 1) == tmp_path / "editions/115/001.pdf"


def test_two_digit_project_keeps_its_permalinks(tmp_path):
    (issue,) = model.issues(_dataset(tmp_path, 2))
    assert issue["path"] == "gazette/115/01/index.md"
    assert issue["entries"][0]["path"] == "gazette/115/01/115-01-001/index.md"
    assert editions.stored_path(tmp_path, 115, 1) == tmp_path / "editions/115/01.pdf"


def _three_digit(project) -> None:
    """Turn the mini project into a 3-digit one: ids 113-01 → 113-001, body files renamed."""
    (project.root / "gazette.yaml").write_text("numbering:\n  digits: 3\n", "utf-8")
    datasets = project.root / "datasets"
    for path in sorted(datasets.rglob("*"), reverse=True):
        if path.is_file() and path.name in ("gazette_issues.csv", "gazette_entries.csv"):
            text = path.read_text("utf-8")
            path.write_text(re.sub(r"\b113-0(\d)\b", r"113-00\1", text), "utf-8")
        new_name = re.sub(r"^113-0(\d)-", r"113-00\1-", path.name)
        if new_name != path.name:
            path.rename(path.with_name(new_name))


def test_import_reads_printed_issues_with_the_project_width(mini_project, run_cli, tmp_path):
    _three_digit(mini_project)
    code, out, _ = run_cli("validate", "--root", mini_project.root)
    assert code == 0, out
    source = tmp_path / "entries.csv"
    source.write_text(
        "期別,category,agency_id,doc_number,signed_date,title_zh,body_zh\n"
        "第113卷第2期,公告,secretariat,府秘文字第1130000999號,2024-01-20,三位數期別,內文\n",
        "utf-8",
    )
    code, out, _ = run_cli(
        "import", source, "--into", "gazette_entries", "--root", mini_project.root
    )
    assert code == 0, out
    rows = mini_project.read_rows("gazette_entries")
    assert [(r["entry_id"], r["issue_id"]) for r in rows if r["title_zh"] == "三位數期別"] == [
        ("113-002-002", "113-002")
    ]


def test_new_issue_numbers_in_the_project_width(mini_project):
    _three_digit(mini_project)
    line = new_issue.new_issue(mini_project.root)
    issue_id = line.split()[0]
    assert re.fullmatch(r"113-0\d\d", issue_id), line
