"""Stage 2, validate: the publication gate.

Takes what the load stage read, checks it against its Table Schema and the domain rules, and
reports every problem in one run. Only a fully valid package comes back as a typed
`Dataset`; validation never renders and never writes.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from generator.data import encoding
from generator.data.cast import cast_column, diagnose
from generator.data.constraints import (
    Sheet,
    check_constraints,
    check_foreign_keys,
    check_header,
    check_primary_key,
    check_widths,
    cut,
)
from generator.data.load import PACKAGE_PATH, Source, load_project, resource_path
from generator.data.rules import check_rules
from generator.data.validation_cache import ValidationCache
from generator.errors import ConfigError
from generator.identity import fill_package
from generator.models import Dataset, Problem

CELL_LIMIT = 10_000  # no field of ours needs more; a longer cell is a paste accident
SUPPORTED_TYPES = {"string", "integer", "number", "boolean", "date"}


def validate_project(root: Path) -> tuple[Dataset | None, list[Problem]]:
    """Load and check every dataset; return (typed dataset, []) or (None, sorted problems)."""
    return validate(load_project(root))


def validate(source: Source, reuse: bool = True) -> tuple[Dataset | None, list[Problem]]:
    """Check what the load stage read; return (typed dataset, []) or (None, sorted problems).

    With `reuse`, leaf resources whose inputs are unchanged since a clean run come from the
    validation cache (see validation_cache.py) instead of being cast and checked again.
    """
    known = ValidationCache(source.root, enabled=reuse)
    check_descriptor(source.descriptor, known)
    known.bind(source.descriptor)
    content = {n: raw for n, raw in source.files.items() if isinstance(raw, bytes)}
    sheets: dict[str, Sheet] = {}
    kept: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for resource in source.descriptor["resources"]:
        name = resource["name"]
        frame = known.get(name) if known.key(name, content) else None
        if frame is not None:
            kept[name] = frame
            source.files.pop(name)
            continue
        sheet, found = read_sheet(resource, source.files.pop(name))
        problems += found
        if sheet is not None:
            sheets[name] = sheet
    del content
    problems += check_foreign_keys(sheets)
    problems += check_rules(source.root, sheets, reuse)
    problems = sorted(set(problems), key=Problem.sort_key)
    if problems:
        return None, problems
    fresh = {name: _typed_frame(sheet) for name, sheet in sheets.items()}
    known.put(fresh)
    order = [r["name"] for r in source.descriptor["resources"]]
    frames = {name: kept[name] if name in kept else fresh[name] for name in order}

    return Dataset(source.root, fill_package(source.descriptor, source.root), frames), []


def check_descriptor(descriptor: dict[str, Any], known: ValidationCache | None = None) -> None:
    """Raise ConfigError 'package-invalid' for metadata frictionless or gazette cannot use.

    A descriptor found clean before (`known`) is not checked again: importing frictionless
    alone takes a second.
    """
    text = json.dumps(descriptor, sort_keys=True, default=str)
    if known is not None and known.descriptor_clean(text):
        return
    details = _descriptor_details(text)
    if not details and known is not None:
        known.mark_descriptor_clean(text)
    if details:
        problems = [
            Problem.at(PACKAGE_PATH, None, "", "package-invalid", detail=d) for d in details
        ]
        raise ConfigError(problems)


@lru_cache(maxsize=8)
def _descriptor_details(text: str) -> tuple[str, ...]:
    """Return what is wrong with a descriptor (cached: the build and tests re-validate often)."""
    import frictionless  # slow to import; only needed here

    descriptor = json.loads(text)
    details: list[str] = []
    try:
        details += [e.message for e in frictionless.Package.metadata_validate(descriptor)]
    except frictionless.FrictionlessException as error:
        details.append(error.error.message)
    names = {r.get("name") for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        details += _schema_details(resource, names)
    return tuple(details)


def _schema_details(resource: dict[str, Any], names: set[Any]) -> list[str]:
    """Return what gazette itself cannot use in one resource's schema."""
    name = resource.get("name")
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return [f"{name}: schema.fields is missing"]
    details = []
    for field in schema["fields"]:
        if field.get("type", "string") not in SUPPORTED_TYPES:
            details.append(f"{name}.{field.get('name')}: type {field.get('type')} is not supported")
        if field.get("type") == "date" and field.get("format", "default") not in (
            "default",
            "%Y-%m-%d",
        ):
            details.append(f"{name}.{field.get('name')}: dates must use the ISO format")
        pattern = field.get("constraints", {}).get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as error:
                details.append(f"{name}.{field.get('name')}: pattern {pattern!r}: {error}")
    for fk in schema.get("foreignKeys", []):
        target = fk.get("reference", {}).get("resource")
        if target and target not in names:
            details.append(f"{name}: foreign key refers to unknown resource {target!r}")
    return details


def read_sheet(
    resource: dict[str, Any], raw: bytes | Problem
) -> tuple[Sheet | None, list[Problem]]:
    """Decode, diagnose and cast one resource's bytes; return its sheet (None if unreadable)."""
    if isinstance(raw, Problem):
        return None, [raw]
    rel = resource_path(resource)
    text, problems = encoding.decode(raw, rel)
    del raw  # the bytes and the text of a big file need not both stay in memory
    if text is None:
        return None, problems
    header, rows, lines, found = encoding.parse(text, rel)
    del text
    if found or not header:
        return None, problems + (found or [Problem.at(rel, None, "", "file-empty")])
    if not rows and not resource.get("allow_empty"):  # `gazette init` projects start empty
        problems.append(Problem.at(rel, 1, "", "file-no-rows"))
    fields = resource["schema"]["fields"]
    problems += check_header(rel, header, fields)
    problems += check_widths(rel, header, rows, lines)
    grid = _grid(rows, len(header))
    del rows  # a million row lists: the grid holds the same cells
    sheet, found = _cast_sheet(resource, rel, header, grid, lines)
    problems += found + check_constraints(sheet) + check_primary_key(sheet)
    return sheet, problems


def _grid(rows: list[list[str]], width: int) -> np.ndarray:
    """Return the rows as a 2-D object array, short rows padded and long rows cut."""
    if any(len(row) != width for row in rows):
        rows = [(row + [""] * width)[:width] for row in rows]
    grid = np.empty((len(rows), width), dtype=object)
    if rows:
        grid[:, :] = rows
    return grid


def _cast_sheet(resource, rel, header, grid, lines) -> tuple[Sheet, list[Problem]]:
    """Build the sheet: trim, measure and cast every schema column found in the header."""
    present = {f["name"]: f for f in resource["schema"]["fields"] if f["name"] in header}
    cells, typed, usable = {}, {}, {}
    problems: list[Problem] = []
    for name, spec in present.items():
        raw = grid[:, header.index(name)]
        trimmed = np.empty(len(raw), dtype=object)
        trimmed[:] = list(map(str.strip, raw))
        lengths = np.fromiter(map(len, trimmed), dtype=np.int64, count=len(trimmed))
        too_long = lengths > CELL_LIMIT
        values, bad = cast_column(np.where(too_long, "", trimmed), spec)
        cells[name], typed[name] = trimmed, values
        usable[name] = (lengths > 0) & ~bad & ~too_long
        problems += _cell_problems(rel, lines, name, spec, raw, trimmed, too_long, bad)
    index = pd.RangeIndex(len(grid))
    sheet = Sheet(
        name=resource["name"],
        path=rel,
        schema=resource["schema"],
        fields=present,
        lines=np.asarray(lines, dtype=np.int64),
        # copy=False: a million-row sheet is not copied into consolidated blocks.
        cells=pd.DataFrame(cells, index=index, dtype=object, copy=False),
        typed=pd.DataFrame(typed, index=index, copy=False),
        usable=pd.DataFrame(usable, index=index, dtype=bool, copy=False),
    )
    return sheet, problems


def _cell_problems(rel, lines, name, spec, raw, trimmed, too_long, bad) -> list[Problem]:
    """Report padded, overlong and mistyped cells, saying what the value should be."""
    titles = {"title": spec.get("title", name), "title_en": spec.get("title_en", name)}
    problems = []
    for i in np.flatnonzero(raw != trimmed):
        problems.append(
            Problem.at(rel, lines[i], name, "cell-whitespace", value=cut(raw[i]),
                       fixed=cut(trimmed[i]), **titles)
        )  # fmt: skip
    for i in np.flatnonzero(too_long):
        problems.append(
            Problem.at(rel, lines[i], name, "cell-too-long", value=cut(trimmed[i]),
                       length=len(trimmed[i]), limit=CELL_LIMIT, **titles)
        )  # fmt: skip
    for i in np.flatnonzero(bad):
        code, params = diagnose(trimmed[i], spec)
        problems.append(
            Problem.at(rel, lines[i], name, code, value=cut(trimmed[i]), **params, **titles)
        )
    return problems


def _typed_frame(sheet: Sheet) -> pd.DataFrame:
    """Return the typed frame with the `_line` column; text columns get pandas' str dtype."""
    frame = sheet.typed.copy()
    for name, spec in sheet.fields.items():
        if spec.get("type", "string") == "string":
            frame[name] = frame[name].astype(str)
    for spec in sheet.schema.get("fields", []):  # optional columns absent from an older file
        if spec.get("optional_column") and spec["name"] not in frame.columns:
            empty = np.full(len(frame), "", dtype=object)
            values = cast_column(empty, spec)[0]
            frame[spec["name"]] = values.astype(str) if spec.get("type") == "string" else values
    frame["_line"] = sheet.lines
    return frame
