"""Import: which source column went to which field, and columns whose values do not fit.

`gazette import --dry-run` lists the mapping (source column → field, a few values seen,
columns ignored) before anything is written. A column matched to a field by its name but
whose values mostly cannot be that field's type (an `extra` column holding 臨時會 for the
boolean 號外 flag) is one column-level problem, not a silent mapping or a wall of cell errors.
"""

from __future__ import annotations

from typing import Any

from generator.data.import_headers import Columns, blank, fields
from generator.data.import_read import Source
from generator.models import Problem

SHOWN_VALUES = 3  # values shown per column: enough to recognise it, short enough to read
SHOWN_CHARS = 20
MISFIT_SHARE = 0.5  # at least this share of a column's values failing: the column is wrong
MISFIT_LEAST = 2  # and at least this many: one bad cell is a typo, reported as such
TYPE_CODES = {"import-bad-boolean", "import-bad-date", "import-bad-number"}
TYPE_WORDS = {"boolean": "是/否", "date": "日期", "integer": "整數", "number": "數值"}


def seen_values(src: Source, columns: Columns, position: int) -> list[str]:
    """Return the first distinct non-blank values of a source column, shortened."""
    found: list[str] = []
    for line, cells in src.records:
        if line <= columns.header_line or position >= len(cells) or blank(cells[position]):
            continue
        text = " ".join(str(cells[position]).split())
        text = text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
        if text not in found:
            found.append(text)
        if len(found) == SHOWN_VALUES:
            break
    return found


def mapping_notes(src: Source, columns: Columns, spec: dict[str, Any]) -> list[Problem]:
    """Return one note per mapped column (source header → field, values seen)."""
    kinds = {f["name"]: f.get("type", "string") for f in fields(spec)}
    notes = []
    for position, name in sorted(columns.by_index.items()):
        values = seen_values(src, columns, position)
        notes.append(
            Problem.at(
                src.display, columns.header_line, columns.headers[name], "import-column-mapped",
                header=columns.headers[name], name=name, type=kinds.get(name, "string"),
                values="、".join(values) if values else "—",
            )
        )  # fmt: skip
    return notes


def misfit_columns(
    src: Source, columns: Columns, spec: dict[str, Any], problems: list[Problem]
) -> tuple[list[Problem], list[Problem]]:
    """Return (column problems, the cell problems left) for columns whose values mostly fail.

    A column where at least half the values cannot be its field's type was most likely
    matched by a name that means something else there; one problem names the column, the
    field, its type and the values seen, and its cell problems are dropped.
    """
    kinds = {f["name"]: f.get("type", "string") for f in fields(spec)}
    failed: dict[str, int] = {}
    for problem in problems:
        if problem.code in TYPE_CODES:  # not a formula without value or a fraction
            failed[problem.field] = failed.get(problem.field, 0) + 1
    misfits: list[Problem] = []
    wrong_headers: set[str] = set()
    for position, name in sorted(columns.by_index.items()):
        header = columns.headers[name]
        filled = sum(
            1
            for line, cells in src.records
            if line > columns.header_line and position < len(cells) and not blank(cells[position])
        )
        if failed.get(header, 0) < max(MISFIT_LEAST, filled * MISFIT_SHARE):
            continue
        if kinds.get(name) not in TYPE_WORDS:
            continue
        wrong_headers.add(header)
        misfits.append(
            Problem.at(
                src.display, columns.header_line, header, "import-column-misfit",
                header=header, name=name, type=kinds[name],
                values="、".join(seen_values(src, columns, position)),
                failed=failed[header], filled=filled,
            )
        )  # fmt: skip
    kept = [p for p in problems if not (p.field in wrong_headers and p.code in TYPE_CODES)]
    return misfits, kept
