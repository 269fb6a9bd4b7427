"""Table Schema checks: types, constraints, header, keys; asserted as (path, line, field, code).

Line numbers refer to tests/mini/datasets/*.csv (header = line 1).
"""

from __future__ import annotations

import csv
import io

import pytest
import yaml
from validation_support import found, only

from generator.data.validate import validate_project
from generator.messages import message

GIFTS, PRICES = "datasets/gifts.csv", "datasets/procurement_prices.csv"
AGENCIES, ENTRIES = "datasets/agencies.csv", "datasets/gazette_entries.csv"


def rewrite(project, resource: str, change) -> None:
    """Rewrite a CSV through `change(rows) -> rows` (rows include the header)."""
    path = project.csv_path(resource)
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(change(rows))
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def test_mini_sample_is_valid_and_typed(mini_project):
    dataset, problems = validate_project(mini_project.root)
    assert problems == []
    issues = dataset.frames["gazette_issues"]
    assert list(issues["_line"]) == [2, 3, 4]
    assert str(issues["volume"].dtype) == "Int64"
    assert issues["publication_date"].iloc[0].isoformat() == "2024-01-15"
    gifts = dataset.frames["gifts"]
    assert str(gifts["local_specialty"].dtype) == "boolean"
    assert gifts["stakeholder"].isna().iloc[0]  # empty boolean → NA
    assert str(dataset.frames["procurement_prices"]["reference_price"].dtype) == "Float64"
    assert dataset.frames["agencies"]["parent_id"].iloc[0] == ""


def test_shipped_sample_is_valid(repo_root):
    dataset, problems = validate_project(repo_root)
    assert problems == []
    assert set(dataset.frames) == {r["name"] for r in dataset.descriptor["resources"]}


CELLS = {
    "required": ("agencies", 2, "name_zh", "", AGENCIES, "required"),
    "enum": ("gazette_entries", 2, "category", "通知", ENTRIES, "enum"),
    "pattern": ("gifts", 2, "gift_id", "G24-1", GIFTS, "pattern"),
    "pattern is a full match": ("gifts", 2, "counterpart_country", "JPN", GIFTS, "pattern"),
    "minimum": ("procurement_prices", 2, "quotes", "0", PRICES, "minimum"),
    "maximum": ("procurement_prices", 2, "quotes", "1001", PRICES, "maximum"),
    "max-length": ("procurement_prices", 2, "unit", "一二三四五六七八九十壹", PRICES, "max-length"),
    "integer with a fraction": ("procurement_prices", 2, "quotes", "3.0", PRICES, "type-integer"),
    "integer in words": ("procurement_prices", 2, "quotes", "三", PRICES, "type-integer"),
    "number with a unit": ("procurement_prices", 2, "max_price", "135元", PRICES, "type-number"),
    "boolean as yes": ("gifts", 2, "local_specialty", "yes", GIFTS, "type-boolean"),
    "impossible date": ("gifts", 2, "date", "2024-02-30", GIFTS, "type-date"),
    "date in words": ("gifts", 2, "date", "三月五日", GIFTS, "type-date"),
    "not a URL": ("agencies", 2, "website", "www example", AGENCIES, "type-uri"),
    "padded cell": ("agencies", 2, "name_zh", " 示範市政府 ", AGENCIES, "cell-whitespace"),
    "padded with an ideographic space": ("gifts", 2, "gift_id", "G2024-0001\u3000", GIFTS,
                                         "cell-whitespace"),
    "single-column key repeated": ("gifts", 3, "gift_id", "G2024-0001", GIFTS, "primary-key"),
}  # fmt: skip


@pytest.mark.parametrize("resource,line,field,value,path,code", CELLS.values(), ids=CELLS.keys())
def test_cell(mini_project, resource, line, field, value, path, code):
    mini_project.set_cell(resource, line, field, value)
    assert found(mini_project) == {(path, line, field, code)}


def test_composite_key_repeated_is_reported_at_the_later_row(mini_project):
    mini_project.set_cell("procurement_prices", 3, "region", "本市")
    mini_project.set_cell("procurement_prices", 3, "source", "市場訪價")
    assert found(mini_project) == {(PRICES, 3, "", "primary-key")}
    assert only(mini_project, "primary-key").values["value"] == "OF-0001 / 2024-03-01 / 本市"


HINTS = {
    "ROC with slashes": ("gifts", "date", "113/03/05", "roc-date", "2024-03-05"),
    "ROC with dashes": ("gifts", "date", "113-03-05", "roc-date", "2024-03-05"),
    "民國 in words": ("gifts", "date", "民國113年3月5日", "roc-date", "2024-03-05"),
    "中華民國 in words": ("gifts", "date", "中華民國113年3月5日", "roc-date", "2024-03-05"),
    "full-width ROC": ("gifts", "date", "１１３/０３/０５", "roc-date", "2024-03-05"),
    "Western with slashes": ("gifts", "date", "2024/3/5", "date-not-iso", "2024-03-05"),
    "UTC time stamp": ("gifts", "date", "2024-03-04T16:00:00.000Z", "date-zoned", "2024-03-05"),
    "thousands separator": ("gifts", "total_value", "1,600", "thousands-separator", "1600"),
    "full-width digits": ("gifts", "total_value", "１６００", "fullwidth-digits", "1600"),
    "full-width with separator": ("gifts", "total_value", "１,６００", "fullwidth-digits", "1600"),
    "decimal separator": ("procurement_prices", "max_price", "1,350.5", "thousands-separator",
                          "1350.5"),
}  # fmt: skip


@pytest.mark.parametrize("resource,field,value,code,fixed", HINTS.values(), ids=HINTS.keys())
def test_what_clerks_type_gets_a_fix(mini_project, resource, field, value, code, fixed):
    mini_project.set_cell(resource, 2, field, value)
    path = f"datasets/{resource}.csv"
    assert found(mini_project) == {(path, 2, field, code)}
    problem = only(mini_project, code)
    assert problem.values["fixed"] == fixed
    assert fixed in message(problem, "en") and "gazette import" in message(problem, "en")


def test_padded_cell_names_the_trimmed_value(mini_project):
    mini_project.set_cell("agencies", 2, "name_zh", "  示範市政府")
    assert only(mini_project, "cell-whitespace").values["fixed"] == "示範市政府"


def test_huge_cell_is_reported_without_printing_it(mini_project):
    mini_project.set_cell("gifts", 2, "occasion_en", "x" * 5_000_000)
    assert found(mini_project) == {(GIFTS, 2, "occasion_en", "cell-too-long")}
    problem = only(mini_project, "cell-too-long")
    assert len(message(problem, "en")) < 400 and "5000000" in message(problem, "en")


def test_messages_use_the_column_titles(mini_project):
    mini_project.set_cell("procurement_prices", 2, "quotes", "0")
    problem = only(mini_project, "minimum")
    assert "報價家數" in message(problem, "zh-TW")
    assert "Number of quotes" in message(problem, "en")


# --- header and row shape ---


def _drop(column: str):
    return lambda rows: [[c for c, h in zip(r, rows[0], strict=False) if h != column] for r in rows]


def test_missing_column(mini_project):
    rewrite(mini_project, "agencies", _drop("name_en"))
    assert found(mini_project) == {(AGENCIES, 1, "name_en", "header-missing-column")}


def test_extra_column(mini_project):
    rewrite(mini_project, "agencies", lambda rows: [r + ["x"] for r in rows])
    assert found(mini_project) == {(AGENCIES, 1, "x", "header-extra-column")}


@pytest.mark.parametrize("renamed,expected", [("agncy_id", "agency_id"), ("機關代碼", "agency_id")])
def test_renamed_column_gets_a_suggestion(mini_project, renamed, expected):
    rewrite(mini_project, "agencies", lambda rows: [[renamed, *rows[0][1:]], *rows[1:]])
    assert found(mini_project) == {(AGENCIES, 1, renamed, "header-renamed-column")}
    problem = only(mini_project, "header-renamed-column")
    assert f"did you mean '{expected}'" in message(problem, "en")


def test_duplicate_column(mini_project):
    rewrite(mini_project, "agencies", lambda rows: [r + [r[1]] for r in rows])
    assert found(mini_project) == {(AGENCIES, 1, "name_zh", "header-duplicate-column")}


def test_column_order_does_not_matter(mini_project):
    rewrite(mini_project, "gifts", lambda rows: [list(reversed(r)) for r in rows])
    dataset, problems = validate_project(mini_project.root)
    assert problems == []
    assert list(dataset.frames["gifts"]["gift_id"]) == ["G2024-0001", "G2024-0002", "G2024-0003"]


def test_rows_with_too_many_and_too_few_cells(mini_project):
    def change(rows):
        rows[1] = rows[1] + ["extra"]
        rows[2] = rows[2][:-1]
        return rows

    rewrite(mini_project, "gifts", change)
    assert found(mini_project) == {
        (GIFTS, 2, "", "row-extra-cells"),
        (GIFTS, 3, "", "row-missing-cells"),
        (GIFTS, 3, "agency_id", "required"),
    }


def test_blank_column_name(mini_project):
    rewrite(mini_project, "agencies", lambda rows: [r + [""] for r in rows])
    assert found(mini_project) == {(AGENCIES, 1, "", "header-blank-column")}


def test_unique_constraint_outside_the_key(mini_project):
    path = mini_project.root / "datasets/datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text("utf-8"))
    fields = descriptor["resources"][0]["schema"]["fields"]
    fields[1]["constraints"]["unique"] = True  # agencies.name_zh
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), "utf-8")
    mini_project.set_cell("agencies", 3, "name_zh", "示範市政府")
    assert found(mini_project) == {(AGENCIES, 3, "name_zh", "unique")}


def test_min_length_constraint(mini_project):
    path = mini_project.root / "datasets/datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text("utf-8"))
    descriptor["resources"][0]["schema"]["fields"][1]["constraints"]["minLength"] = 6
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), "utf-8")
    assert found(mini_project) == {(AGENCIES, 2, "name_zh", "min-length")}
