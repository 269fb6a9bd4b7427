"""Helpers shared by the validation tests: compact projections of what validate reports."""

from __future__ import annotations

from generator.data.validate import validate_project
from generator.models import Problem


def found(project) -> set[tuple[str, int | None, str, str]]:
    """Return the compact projection (path, line, field, code) of every problem in a project."""
    dataset, problems = validate_project(project.root)
    assert (dataset is None) == bool(problems)
    return {(p.path, p.line, p.field, p.code) for p in problems}


def only(project, code: str) -> Problem:
    """Return the single problem with `code` (to look at its parameters)."""
    (match,) = [p for p in validate_project(project.root)[1] if p.code == code]
    return match
