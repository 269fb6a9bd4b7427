"""Match a staff file's header row to the schema: field names, titles and declared aliases.

A column the schema does not know is listed as a warning and ignored (with `strict`, it is an
error). Suggestions come only from names close enough to help: a wrong guess is worse than none.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from generator.data import normalise as norm
from generator.data.import_read import Source
from generator.models import Problem

HEADER_SEARCH_ROWS = 10  # staff sheets often carry a title row or two above the header
SUGGEST_CUTOFF = 0.5
ASSIGNED = {"gazette_entries": {"entry_id"}}  # columns the import can fill in itself


def fields(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the schema fields of a resource."""
    return spec["schema"]["fields"]


def label(spec_field: dict[str, Any]) -> str:
    """Return how a field is named to staff: its Chinese title and its field name."""
    return f"{spec_field.get('title', spec_field['name'])} ({spec_field['name']})"


def blank(value: Any) -> bool:
    """Return whether a cell is empty or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def header_index(spec: dict[str, Any]) -> dict[str, str]:
    """Return header key → field name; names win over titles, titles over English, then aliases."""
    index: dict[str, str] = {}
    for attribute in ("name", "title", "title_en", "aliases"):
        for spec_field in fields(spec):
            value = spec_field.get(attribute) or ""
            for text in value if isinstance(value, list) else [value]:
                key = norm.header_key(str(text))
                if key:
                    index.setdefault(key, spec_field["name"])
    return index


@dataclass
class Columns:
    """Where the header is and which source column holds which field."""

    header_line: int
    by_index: dict[int, str]  # source column index → field name
    headers: dict[str, str]  # field name → header text as written in the source
    ignored: list[str]

    def provided(self) -> set[str]:
        """Return the fields the source provides."""
        return set(self.by_index.values())


def match_columns(
    src: Source, spec: dict[str, Any], strict: bool = False
) -> tuple[Columns, list[Problem], list[Problem]]:
    """Find the header row and map its cells to fields; return (columns, errors, warnings)."""
    index = header_index(spec)
    candidates = [(line, cells) for line, cells in src.records if not all(map(blank, cells))]
    if not candidates:
        return Columns(0, {}, {}, []), [Problem.at(src.display, None, "", "import-no-header")], []
    line, header = candidates[0]
    for candidate in candidates[:HEADER_SEARCH_ROWS]:
        if sum(norm.header_key(str(c or "")) in index for c in candidate[1]) >= 2:
            line, header = candidate
            break
    columns = Columns(line, {}, {}, [])
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for position, cell in enumerate(header):
        problem = _match_one(src, spec, index, columns, position, cell, strict)
        if problem is not None:
            (warnings if problem.code == "import-column-ignored" else errors).append(problem)
    assigned = ASSIGNED.get(spec.get("name", ""), set())
    for spec_field in fields(spec):
        required = spec_field.get("constraints", {}).get("required")
        name = spec_field["name"]
        if required and name not in columns.provided() and name not in assigned:
            errors.append(Problem.at(src.display, line, "", "import-column-missing",
                                     column=label(spec_field)))  # fmt: skip
    return columns, errors, warnings


def _match_one(
    src: Source, spec: dict[str, Any], index: dict[str, str], columns: Columns,
    position: int, cell: Any, strict: bool,
) -> Problem | None:  # fmt: skip
    """Map one header cell to its field, or return the problem with it."""
    text = "" if cell is None else norm.clean_text(str(cell))
    line = columns.header_line
    if not text:
        if _column_has_data(src, line, position):
            return Problem.at(src.display, line, column_name(src, position),
                              "import-column-unnamed")  # fmt: skip
        return None
    name = index.get(norm.header_key(text))
    if name is None:
        code = "import-unknown-column" if strict else "import-column-ignored"
        if not strict:
            columns.ignored.append(text)
        return Problem.at(src.display, line, text, code, header=text,
                          suggestion=suggest(text, spec))  # fmt: skip
    if name in columns.provided():
        return Problem.at(src.display, line, text, "import-column-duplicate", header=text,
                          other=columns.headers[name])  # fmt: skip
    columns.by_index[position] = name
    columns.headers[name] = text
    return None


def _column_has_data(src: Source, header_line: int, position: int) -> bool:
    """Return whether any row below the header has a value in this column."""
    return any(
        position < len(cells) and not blank(cells[position])
        for line, cells in src.records
        if line > header_line
    )


def column_name(src: Source, position: int) -> str:
    """Return how staff name a column: its letter in a workbook, its number in a CSV."""
    return get_column_letter(position + 1) if src.sheet else f"#{position + 1}"


def suggest(text: str, spec: dict[str, Any]) -> str:
    """Return the label of the field whose name, title or alias is close to `text`, or '—'."""
    index = header_index(spec)
    close = difflib.get_close_matches(norm.header_key(text), list(index), n=1, cutoff=0.0)
    if not close:
        return "—"
    ratio = difflib.SequenceMatcher(None, norm.header_key(text), close[0]).ratio()
    if ratio < SUGGEST_CUTOFF:
        return "—"
    by_name = {f["name"]: f for f in fields(spec)}
    return label(by_name[index[close[0]]])
