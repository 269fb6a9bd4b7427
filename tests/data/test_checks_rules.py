"""Domain rules: one change to the tiny valid sample per case, checked as (path, line, field, code).

Line numbers refer to tests/mini/datasets/*.csv (header = line 1).
"""

from __future__ import annotations

import os

import pytest
from validation_support import found
from validation_support import only as problem

ISSUES, ENTRIES = "datasets/gazette_issues.csv", "datasets/gazette_entries.csv"
GIFTS, PRICES = "datasets/gifts.csv", "datasets/procurement_prices.csv"
PLAN, AGENCIES = "datasets/plan_indicators.csv", "datasets/agencies.csv"


# Each case: list of (resource, line, field, value) edits → expected problems.
CASES = {
    "indicator weights do not add up": (
        [("plan_indicators", 3, "indicator_weight", "20")],
        {(PLAN, 2, "indicator_weight", "indicator-weights-sum")},
    ),
    "objective weights over 100": (
        [
            ("plan_indicators", 4, "objective_weight", "50"),
            ("plan_indicators", 4, "indicator_weight", "50"),
        ],
        {(PLAN, 2, "objective_weight", "objective-weights-over-100")},
    ),
    "objective name differs": (
        [("plan_indicators", 3, "objective_zh", "另一個目標")],
        {(PLAN, 3, "objective_zh", "objective-inconsistent")},
    ),
    "objective weight differs": (
        [("plan_indicators", 3, "objective_weight", "50")],
        {(PLAN, 3, "objective_weight", "objective-inconsistent")},
    ),
    "gift total is not quantity × unit value": (
        [("gifts", 2, "total_value", "1700")],
        {(GIFTS, 2, "total_value", "gift-total-mismatch")},
    ),
    "received gift over NT$3,000 without outcome": (
        [("gifts", 3, "outcome", "")],
        {(GIFTS, 3, "outcome", "gift-outcome-missing")},
    ),
    "received gift over NT$500 from a stakeholder without outcome": (
        [
            ("gifts", 4, "stakeholder", "true"),
            ("gifts", 4, "unit_value", "600"),
            ("gifts", 4, "total_value", "600"),
        ],
        {(GIFTS, 4, "outcome", "gift-outcome-missing")},
    ),
    "received gifts over NT$10,000 in total without outcome": (
        [
            ("gifts", 4, "quantity", "50"),
            ("gifts", 4, "unit_value", "300"),
            ("gifts", 4, "total_value", "15000"),
        ],
        {(GIFTS, 4, "outcome", "gift-outcome-missing")},
    ),
    "presented gift with an outcome": (
        [("gifts", 2, "outcome", "退還")],
        {(GIFTS, 2, "outcome", "gift-outcome-presented")},
    ),
    "reference price above the observed maximum": (
        [("procurement_prices", 2, "reference_price", "150")],
        {(PRICES, 2, "reference_price", "price-out-of-range")},
    ),
    "reference price below the observed minimum": (
        [("procurement_prices", 4, "reference_price", "1800")],
        {(PRICES, 4, "reference_price", "price-out-of-range")},
    ),
    "entry ID of another issue": (
        [("gazette_entries", 3, "entry_id", "113-01-002")],
        {(ENTRIES, 3, "entry_id", "entry-id-mismatch")},
    ),
    "entry signed after its issue appeared": (
        [("gazette_entries", 2, "signed_date", "2024-01-16")],
        {(ENTRIES, 2, "signed_date", "entry-signed-after-issue")},
    ),
    "corrigendum without corrects": (
        [("gazette_entries", 4, "corrects", "")],
        {(ENTRIES, 4, "corrects", "corrigendum-missing-corrects")},
    ),
    "corrigendum correcting its own issue": (
        [("gazette_entries", 4, "corrects", "113-03-001")],
        {(ENTRIES, 4, "corrects", "corrigendum-not-earlier")},
    ),
    "non-corrigendum with corrects": (
        [("gazette_entries", 3, "corrects", "113-01-001")],
        {(ENTRIES, 3, "corrects", "corrects-not-corrigendum")},
    ),
    "corrects an unknown entry (self-referencing foreign key)": (
        [("gazette_entries", 4, "corrects", "112-01-001")],
        {(ENTRIES, 4, "corrects", "foreign-key")},
    ),
    "unknown agency (foreign key)": (
        [("gazette_entries", 2, "agency_id", "nobody")],
        {(ENTRIES, 2, "agency_id", "foreign-key")},
    ),
    "unknown parent agency (self-reference)": (
        [("agencies", 3, "parent_id", "nope")],
        {(AGENCIES, 3, "parent_id", "foreign-key")},
    ),
    "missing body file": (
        [("gazette_entries", 2, "body_zh", "entries/nope.md")],
        {(ENTRIES, 2, "body_zh", "body-missing")},
    ),
    "body path escaping with ..": (
        [("gazette_entries", 2, "body_en", "../secret.md")],
        {(ENTRIES, 2, "body_en", "body-outside-datasets")},
    ),
    "absolute body path": (
        [("gazette_entries", 2, "body_en", "/etc/motd.md")],
        {(ENTRIES, 2, "body_en", "body-outside-datasets")},
    ),
    "formula in free text": (
        [("gifts", 2, "occasion_zh", '=HYPERLINK("http://x")')],
        {(GIFTS, 2, "occasion_zh", "formula-injection")},
    ),
    "formula starting with @": (
        [("agencies", 2, "name_en", "@SUM(A1)")],
        {(AGENCIES, 2, "name_en", "formula-injection")},
    ),
    "javascript link": (
        [("agencies", 2, "website", "javascript:alert(1)")],
        {(AGENCIES, 2, "website", "url-unsafe")},
    ),
}


@pytest.mark.parametrize("edits,expected", CASES.values(), ids=CASES.keys())
def test_rule(mini_project, edits, expected):
    for resource, line, field, value in edits:
        mini_project.set_cell(resource, line, field, value)
    assert found(mini_project) == expected


def test_formula_rule_spares_negative_numbers(mini_project):
    # A negative number is not text: only free-text string fields are checked.
    mini_project.set_cell("plan_indicators", 4, "target_value", "-2")
    assert found(mini_project) == set()


def _issue(issue_id: str, number: str, date: str, volume: str = "113") -> dict[str, str]:
    return {"issue_id": issue_id, "volume": volume, "number": number, "publication_date": date,
            "title_zh": "市政府公報", "publisher_id": "secretariat"}  # fmt: skip


def test_issue_number_gap_is_reported_at_the_issue_after_it(mini_project):
    line = mini_project.append_row("gazette_issues", _issue("113-06", "6", "2024-03-31"))
    assert found(mini_project) == {(ISSUES, line, "number", "issue-number-gap")}
    assert problem(mini_project, "issue-number-gap").values["missing"] == "4–5"


def test_issue_id_must_spell_volume_and_number(mini_project):
    line = mini_project.append_row("gazette_issues", _issue("113-14", "4", "2024-02-29"))
    assert found(mini_project) == {(ISSUES, line, "issue_id", "issue-id-mismatch")}
    assert problem(mini_project, "issue-id-mismatch").values["expected"] == "113-04"


def test_volume_is_the_roc_year_of_publication(mini_project):
    line = mini_project.append_row("gazette_issues", _issue("113-04", "4", "2025-02-28"))
    assert found(mini_project) == {(ISSUES, line, "volume", "issue-volume-mismatch")}
    assert problem(mini_project, "issue-volume-mismatch").values["expected"] == 114


@pytest.mark.parametrize("date", ["2024-02-28", "2024-02-16", "2024-03-01"])
def test_publication_date_on_schedule(mini_project, date):
    line = mini_project.append_row("gazette_issues", _issue("113-04", "4", date))
    assert found(mini_project) == {(ISSUES, line, "publication_date", "issue-date-off-schedule")}


def test_leap_day_is_a_month_end(mini_project):
    mini_project.append_row("gazette_issues", _issue("113-04", "4", "2024-02-29"))
    assert found(mini_project) == set()


def test_indicator_weight_message_names_expected_and_actual(mini_project):
    mini_project.set_cell("plan_indicators", 3, "indicator_weight", "20.5")
    values = problem(mini_project, "indicator-weights-sum").values
    assert (values["expected"], values["actual"]) == ("60", "50.5")


def test_body_symlink_out_of_datasets(mini_project, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("secret\n", encoding="utf-8")
    os.symlink(outside, mini_project.root / "datasets/entries/link.md")
    mini_project.set_cell("gazette_entries", 2, "body_zh", "entries/link.md")
    assert found(mini_project) == {(ENTRIES, 2, "body_zh", "body-outside-datasets")}


def test_symlink_inside_datasets_is_fine(mini_project):
    os.symlink("113-02-001.zh.md", mini_project.root / "datasets/entries/alias.md")
    mini_project.set_cell("gazette_entries", 2, "body_zh", "entries/alias.md")
    assert found(mini_project) == set()


@pytest.mark.parametrize("data", ["公告".encode("cp950"), b"\xef\xbb\xbf# BOM\n"])
def test_body_must_be_utf8_without_bom(mini_project, data):
    mini_project.write_bytes("datasets/entries/113-02-001.zh.md", data)
    assert found(mini_project) == {(ENTRIES, 3, "body_zh", "body-not-utf8")}


def test_rules_skip_cells_that_failed_their_type(mini_project):
    # One bad cell, one problem: the total and outcome rules stay quiet about it.
    mini_project.set_cell("gifts", 3, "unit_value", "很多")
    assert found(mini_project) == {(GIFTS, 3, "unit_value", "type-integer")}


def test_a_committed_body_is_bounded_like_an_imported_one(mini_project):
    # gazette.yaml's limits.body_bytes bounds a body put straight into datasets/ too.
    (mini_project.root / "gazette.yaml").write_text("limits:\n  body_bytes: 40\n", "utf-8")
    body = mini_project.root / "datasets/entries/113-02-001.zh.md"
    body.write_text("公告" * 21 + "\n", encoding="utf-8")  # 43 characters, 127 bytes
    assert found(mini_project) == {(ENTRIES, 3, "body_zh", "body-over-limit")}
    assert problem(mini_project, "body-over-limit").values["found"] == "43 characters"
    body.write_text("公告" * 19 + "\n", encoding="utf-8")  # 39 characters: within
    assert found(mini_project) == set()


def test_a_huge_committed_body_is_refused_by_its_size_before_it_is_read(mini_project):
    (mini_project.root / "gazette.yaml").write_text("limits:\n  body_bytes: 40\n", "utf-8")
    body = mini_project.root / "datasets/entries/113-02-001.zh.md"
    with body.open("wb") as handle:  # a sparse file: 1 GB on paper, nothing on disk
        handle.truncate(1_000_000_000)
    assert found(mini_project) == {(ENTRIES, 3, "body_zh", "body-over-limit")}
    assert problem(mini_project, "body-over-limit").values["found"] == "1,000,000,000 bytes"


def test_a_committed_data_file_is_bounded_like_an_imported_one(mini_project):
    # gazette.yaml's limits.csv_bytes: only the largest file is one byte over it
    files = sorted((mini_project.root / "datasets").glob("*.csv"), key=lambda f: f.stat().st_size)
    largest, limit = files[-1], files[-1].stat().st_size - 1
    assert files[-2].stat().st_size <= limit
    (mini_project.root / "gazette.yaml").write_text(f"limits:\n  csv_bytes: {limit}\n", "utf-8")
    assert found(mini_project) == {(f"datasets/{largest.name}", None, "", "file-over-limit")}
    assert problem(mini_project, "file-over-limit").values["limit"] == f"{limit:,}"


@pytest.mark.parametrize(
    "body,line",
    [
        ("第一段。\n這是__粗體__文字。\n", 2),
        ("這是_斜體_文字。\n", 1),
        ("第__1__條\n", 1),
    ],
)
def test_underscores_that_would_print_are_refused_at_their_line(mini_project, body, line):
    (mini_project.root / "datasets/entries/113-02-001.zh.md").write_text(body, "utf-8")
    where = "datasets/entries/113-02-001.zh.md"
    assert found(mini_project) == {(where, line, "body_zh", "body-underscore-shown")}


@pytest.mark.parametrize(
    "body",
    [
        "這是 __粗體__ 文字，「__粗體__」。\n",  # emphasis the renderer reads
        "snake_case 與 a_b_c。\n",  # no Chinese text in or beside them
        "`這是__粗體__文字`\n\n```\n這是__粗體__文字\n```\n\n    這是__粗體__文字\n",  # code
        "這是\\_\\_字\\_\\_。\n",  # escaped
    ],
)
def test_underscores_the_renderer_reads_or_code_keeps_are_fine(mini_project, body):
    (mini_project.root / "datasets/entries/113-02-001.zh.md").write_text(body, "utf-8")
    assert found(mini_project) == set()
