"""Domain rules that Table Schema cannot express, checked on whole columns at once."""

from __future__ import annotations

from pathlib import Path

from generator.constraints import Sheet
from generator.models import Problem


def check_rules(root: Path, sheets: dict[str, Sheet]) -> list[Problem]:
    """Return the problems found by every domain rule."""
    problems: list[Problem] = []
    for sheet in sheets.values():
        problems += check_formulas(sheet)
    return problems


def free_text_fields(sheet: Sheet) -> list[str]:
    """Return string fields with no enum, pattern or format: where people type prose."""
    return [
        name
        for name, spec in sheet.fields.items()
        if spec.get("type", "string") == "string"
        and "format" not in spec
        and not {"enum", "pattern"} & set(spec.get("constraints", {}))
    ]


def check_formulas(sheet: Sheet) -> list[Problem]:
    """Refuse free text that a spreadsheet would run as a formula (=, +, -, @)."""
    problems: list[Problem] = []
    for name in free_text_fields(sheet):
        cells = sheet.cells[name]
        problems += sheet.emit(
            sheet.usable[name] & cells.str.match(r"[=+\-@]"), name, "formula-injection"
        )
    return problems
