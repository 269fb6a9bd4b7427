"""Table Schema checks on whole columns: header, row width, constraints and keys.

Every check turns a boolean mask into problems, so the cost is a few pandas passes per
column whatever the number of rows; Python only runs once per problem found.
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from generator.data.cast import matches
from generator.models import Problem

VALUE_CUT = 60  # a 5 MB cell must never be copied into a message


@dataclass
class Sheet:
    """One resource after casting: trimmed cells, typed values and which cells are usable.

    `usable` is False for empty cells and for cells that failed their type or are too
    long, so constraint and domain checks never report twice about the same cell.
    """

    name: str
    path: str
    schema: dict[str, Any]
    fields: dict[str, dict[str, Any]]  # schema fields present in the file, by name
    lines: np.ndarray
    cells: pd.DataFrame
    typed: pd.DataFrame
    usable: pd.DataFrame

    @staticmethod
    def rows(mask: Any) -> list[int]:
        """Return the positions where a boolean mask is true (missing counts as false)."""
        flags = np.asarray(pd.Series(mask).fillna(False), dtype=bool)
        return [int(i) for i in np.flatnonzero(flags)]

    def emit(self, mask: Any, field: str, code: str, **params: Any) -> list[Problem]:
        """Return one problem per row where `mask` is true, naming the cell's value."""
        return [self.at(i, field, code, **params) for i in self.rows(mask)]

    def at(self, row: int, field: str, code: str, **params: Any) -> Problem:
        """Return a problem about one row, with the field's titles and its cut value."""
        if field in self.fields:
            spec = self.fields[field]
            params.setdefault("value", cut(self.cells[field].iat[row]))
            params.setdefault("title", spec.get("title", field))
            params.setdefault("title_en", spec.get("title_en", field))
        return Problem.at(self.path, int(self.lines[row]), field, code, **params)


def cut(value: Any) -> str:
    """Return a cell value short enough to quote in a message."""
    text = str(value)
    return text if len(text) <= VALUE_CUT else text[: VALUE_CUT - 1] + "…"


def check_header(path: str, header: list[str], fields: list[dict[str, Any]]) -> list[Problem]:
    """Report duplicate, blank, unknown, renamed and missing columns (order does not matter)."""
    names = [f["name"] for f in fields]
    problems = [
        Problem.at(path, 1, name, "header-duplicate-column", column=name)
        for name, count in Counter(header).items()
        if count > 1 and name
    ]
    problems += [
        Problem.at(path, 1, "", "header-blank-column", position=i + 1)
        for i, name in enumerate(header)
        if not name.strip()
    ]
    missing = [n for n in names if n not in header]
    titles = {t: f["name"] for f in fields for t in (f.get("title"), f.get("title_en")) if t}
    for name in dict.fromkeys(h for h in header if h.strip() and h not in names):
        guess = titles.get(name) if titles.get(name) in missing else None
        guess = guess or next(iter(difflib.get_close_matches(name, missing, n=1, cutoff=0.6)), None)
        if guess:
            missing.remove(guess)
            problems.append(
                Problem.at(path, 1, name, "header-renamed-column", column=name, expected=guess)
            )
        else:
            problems.append(Problem.at(path, 1, name, "header-extra-column", column=name))
    # A column added to a schema later (`optional_column: true`, e.g. gazette_issues.extra)
    # may be absent from older files: its cells then count as empty.
    optional = {f["name"] for f in fields if f.get("optional_column")}
    problems += [
        Problem.at(path, 1, n, "header-missing-column", column=n)
        for n in missing
        if n not in optional
    ]
    return problems


def check_widths(
    path: str, header: list[str], rows: list[list[str]], lines: list[int]
) -> list[Problem]:
    """Report rows with more or fewer cells than the header."""
    widths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    expected = len(header)
    problems = []
    for i in np.flatnonzero(widths != expected):
        code = "row-extra-cells" if widths[i] > expected else "row-missing-cells"
        problems.append(
            Problem.at(path, lines[i], "", code, cells=int(widths[i]), expected=expected)
        )
    return problems


def check_constraints(sheet: Sheet) -> list[Problem]:
    """Report required, enum, pattern, length, range and uniqueness violations."""
    problems: list[Problem] = []
    single_key = _primary_key(sheet.schema)
    for name, spec in sheet.fields.items():
        rules = spec.get("constraints", {})
        cells, typed, usable = sheet.cells[name], sheet.typed[name], sheet.usable[name]
        if rules.get("required"):
            problems += sheet.emit(cells == "", name, "required")
        problems += _required_except(sheet, name, spec, cells)
        if "enum" in rules:
            allowed = rules["enum"]
            problems += sheet.emit(
                usable & ~cells.isin([str(v) for v in allowed]),
                name,
                "enum",
                allowed="、".join(map(str, allowed)),
            )
        if "pattern" in rules:
            fits = _pattern_fits(np.where(usable, cells, ""), rules["pattern"], spec)
            problems += sheet.emit(
                usable & ~fits, name, "pattern", pattern=rules["pattern"],
                example=spec.get("example", rules["pattern"]),
            )  # fmt: skip
        problems += _lengths(sheet, name, rules, cells, usable)
        problems += _range(sheet, name, rules, typed, usable)
        if rules.get("unique") and [name] != single_key:
            # The primary-key check already reports a duplicated single-column key.
            problems += sheet.emit(
                usable & typed.where(usable).duplicated() & usable, name, "unique"
            )
    return problems


def _pattern_fits(values: np.ndarray, pattern: str, spec: dict[str, Any]) -> np.ndarray:
    """Return which cells match; a list field (`separator`) must match item by item."""
    separator = spec.get("separator")
    if not separator:
        return matches(values, pattern)
    items = [v.split(separator) if v else [""] for v in values]
    flat = np.array([item for group in items for item in group], dtype=object)
    fits = iter(matches(flat, pattern))
    return np.fromiter((all([next(fits) for _ in g]) for g in items), bool, len(items))


def _required_except(
    sheet: Sheet, name: str, spec: dict[str, Any], cells: pd.Series
) -> list[Problem]:
    """Report empty cells of a field required except for the declared values of another."""
    for other, exempt in (spec.get("required_except") or {}).items():
        if other not in sheet.fields:
            return []
        needed = (cells == "") & ~sheet.cells[other].isin([str(v) for v in exempt])
        return sheet.emit(needed, name, "required-except", other=other,
                          exempt="、".join(map(str, exempt)))  # fmt: skip
    return []


def _lengths(sheet: Sheet, name: str, rules: dict[str, Any], cells: pd.Series, usable: pd.Series):
    """Report cells shorter than minLength or longer than maxLength."""
    problems = []
    lengths = pd.Series(np.fromiter(map(len, cells), np.int64, len(cells)), index=cells.index)
    if "minLength" in rules:
        problems += sheet.emit(
            usable & (lengths < rules["minLength"]), name, "min-length", limit=rules["minLength"]
        )
    if "maxLength" in rules:
        too_long = usable & (lengths > rules["maxLength"])
        for i in np.flatnonzero(too_long.to_numpy(dtype=bool)):
            problems.append(
                sheet.at(
                    int(i), name, "max-length", limit=rules["maxLength"], length=int(lengths.iat[i])
                )
            )
    return problems


def _range(sheet: Sheet, name: str, rules: dict[str, Any], typed: pd.Series, usable: pd.Series):
    """Report values below minimum or above maximum."""
    problems = []
    if "minimum" in rules:
        problems += sheet.emit(
            usable & (typed < rules["minimum"]), name, "minimum", limit=rules["minimum"]
        )
    if "maximum" in rules:
        problems += sheet.emit(
            usable & (typed > rules["maximum"]), name, "maximum", limit=rules["maximum"]
        )
    return problems


def _primary_key(schema: dict[str, Any]) -> list[str]:
    """Return the primary key as a list of field names."""
    key = schema.get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def check_primary_key(sheet: Sheet) -> list[Problem]:
    """Report each row whose key repeats an earlier row's key (at the later row)."""
    key = _primary_key(sheet.schema)
    if not key or any(k not in sheet.fields for k in key):
        return []
    # As in frictionless: an empty or mistyped key cell counts as null, null equals null, and a
    # row whose key cells are all null is left to the `required` check.
    usable = sheet.usable[key]
    values = sheet.typed[key].astype(object).where(usable, None)
    repeated = values.duplicated(keep="first") & usable.any(axis=1)
    field = key[0] if len(key) == 1 else ""
    shown = " / ".join(key)
    problems = []
    for i in np.flatnonzero(repeated.to_numpy(dtype=bool)):
        value = " / ".join(cut(sheet.cells[k].iat[i]) for k in key)
        problems.append(sheet.at(int(i), field, "primary-key", key=shown, value=value))
    return problems


def check_foreign_keys(sheets: dict[str, Sheet]) -> list[Problem]:
    """Report referring values absent from the referenced resource (empty cells are fine)."""
    problems: list[Problem] = []
    for sheet in sheets.values():
        for fk in sheet.schema.get("foreignKeys", []):
            problems += _foreign_key(sheet, fk, sheets)
    return problems


def _foreign_key(sheet: Sheet, fk: dict[str, Any], sheets: dict[str, Sheet]) -> list[Problem]:
    """Check one foreign key; skip it when either side could not be read."""
    fields = [fk["fields"]] if isinstance(fk["fields"], str) else list(fk["fields"])
    ref = fk["reference"]
    ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else list(ref["fields"])
    target = sheets.get(ref.get("resource") or sheet.name)
    if target is None or any(f not in sheet.fields for f in fields):
        return []
    if any(f not in target.fields for f in ref_fields):
        return []
    filled = (sheet.cells[fields] != "").all(axis=1)
    if len(fields) == 1:
        known = sheet.cells[fields[0]].isin(set(target.cells[ref_fields[0]]))
    else:
        index = pd.MultiIndex.from_frame(target.cells[ref_fields])
        known = pd.Series(
            pd.MultiIndex.from_frame(sheet.cells[fields]).isin(index), index=sheet.cells.index
        )
    return sheet.emit(
        filled & ~known,
        fields[0],
        "foreign-key",
        resource=target.name,
        target=", ".join(ref_fields),
    )
