"""Table Schema checks: types, constraints, header, keys; asserted as (path, line, field, code)."""

from __future__ import annotations

from generator.validate import validate_project


def found(project) -> set[tuple[str, int | None, str, str]]:
    """Return the compact projection of every problem in a project."""
    dataset, problems = validate_project(project.root)
    assert (dataset is None) == bool(problems)
    return {(p.path, p.line, p.field, p.code) for p in problems}


def test_mini_sample_is_valid_and_typed(mini_project):
    dataset, problems = validate_project(mini_project.root)
    assert problems == []
    issues = dataset.frames["gazette_issues"]
    assert list(issues["_line"]) == [2, 3, 4]
    assert str(issues["volume"].dtype) == "Int64"
    assert issues["publication_date"].iloc[0].isoformat() == "2024-01-15"
    assert str(dataset.frames["gifts"]["local_specialty"].dtype) == "boolean"


def test_bad_integer_is_reported_at_its_line(mini_project):
    mini_project.set_cell("gifts", 3, "quantity", "two")
    assert found(mini_project) == {("datasets/gifts.csv", 3, "quantity", "type-integer")}
