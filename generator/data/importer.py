"""`gazette import`: append the rows of a staff spreadsheet (XLSX or CSV) to one dataset.

The pipeline reads top to bottom: read the source → match its header to the schema →
normalise every cell → merge with the canonical rows → validate the merged project on a
temporary copy → write. Only the last step touches the project, with one atomic replace.

Merge policy: existing rows keep their bytes and order, and new rows are appended in the
source's order, so a review in git shows exactly the imported lines. A row whose primary
key is already present is skipped when every column the source provides is equal, and is
a conflict (refused) otherwise: an import never overwrites.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from generator.data import normalise as norm
from generator.data.load import PACKAGE_PATH, RESOURCE_NAMES, load_descriptor, resource_path
from generator.errors import ConfigError, DataInvalid, Refused
from generator.messages import message
from generator.models import Problem

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_MAGIC, OLE2_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"  # XLSX; legacy XLS
HEADER_SEARCH_ROWS = 10  # staff sheets often carry a title row or two above the header
EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"}
ENCODINGS = ("utf-8", "cp950", "big5hkscs")  # cp950 has 嫺 and 碁; HKSCS covers the rest


@dataclass
class Source:
    """The source file as records: (line or sheet row, cells) in file order."""

    display: str  # the path as the user gave it: problems are reported against it
    records: list[tuple[int, list[Any]]]
    sheet: str | None = None


@dataclass
class Row:
    """One imported row: canonical values of the columns the source provides."""

    line: int
    values: dict[str, str]
    problem_fields: set[str] = field(default_factory=set)


def import_file(root: Path, source: Path, resource: str, lang: str = "zh-TW") -> str:
    """Append the source's new rows to `resource`; return a one-line summary in `lang`."""
    descriptor = load_descriptor(root)
    spec = _resource(descriptor, resource)
    if not source.is_file():
        raise ConfigError([Problem.at(str(source), None, "", "import-source-missing")])
    src = read_source(source, spec)
    columns, problems = match_columns(src, spec)
    if problems:
        raise DataInvalid(problems)
    rows, problems = normalise_rows(src, columns, spec, root)
    target = root / resource_path(spec)
    existing_text, existing = _read_existing(target, spec)
    new_rows, skipped, conflicts = merge(rows, existing, spec, columns, src.display)
    merged_text, line_map = append_rows(existing_text, new_rows, spec)
    problems += _validate_copy(root, spec, merged_text, line_map, src, columns, problems)
    if problems or conflicts:
        raise (DataInvalid if problems else Refused)(problems + conflicts)
    if new_rows:
        write_atomic(target, merged_text)
    code = "import-done" if new_rows else "import-nothing-new"
    rel = resource_path(spec)
    summary = Problem.at(rel, None, "", code, added=len(new_rows), skipped=skipped, file=rel)
    return message(summary, lang)


# --- the resource ---


def _resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    """Return the named resource's descriptor, or raise ConfigError with a suggestion."""
    for spec in descriptor["resources"]:
        if spec.get("name") == name:
            return spec
    names = [r.get("name", "") for r in descriptor["resources"]] or list(RESOURCE_NAMES)
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.0)
    problem = Problem.at(
        PACKAGE_PATH, None, "", "import-unknown-resource", resource=name,
        suggestion=close[0] if close else "", choices=",".join(names),
    )  # fmt: skip
    raise ConfigError([problem])


def _fields(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the schema fields of a resource."""
    return spec["schema"]["fields"]


def _primary_key(spec: dict[str, Any]) -> list[str]:
    """Return the primary key field names (a string key is one field)."""
    key = spec["schema"].get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def _label(spec_field: dict[str, Any]) -> str:
    """Return how a field is named to staff: its Chinese title and its field name."""
    return f"{spec_field.get('title', spec_field['name'])} ({spec_field['name']})"


# --- 1. read the source ---


def read_source(path: Path, spec: dict[str, Any]) -> Source:
    """Read an XLSX or CSV file into records; raise ConfigError or DataInvalid if impossible.

    The bytes decide before the name does: a workbook renamed to .csv is still a workbook.
    """
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
        if head == ZIP_MAGIC:
            return _read_xlsx(path, spec)
        if head == OLE2_MAGIC or suffix not in TEXT_SUFFIXES + XLSX_SUFFIXES:
            problem = Problem.at(str(path), None, "", "import-format-unsupported", suffix=suffix)
            raise ConfigError([problem])
        return _read_xlsx(path, spec) if suffix in XLSX_SUFFIXES else _read_text(path)
    except OSError as error:
        problem = Problem.at(str(path), None, "", "import-source-unreadable", detail=str(error))
        raise DataInvalid([problem]) from None


def decode_bytes(raw: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) trying a BOM, then UTF-8, CP950 and Big5-HKSCS; None if none fit."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16")):
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _read_text(path: Path) -> Source:
    """Read a CSV (or a tab-separated Excel 'Unicode text' export) with editor line numbers."""
    decoded = decode_bytes(path.read_bytes())
    if decoded is None:
        raise DataInvalid([Problem.at(str(path), None, "", "import-encoding")])
    text = decoded[0]
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[Any]]] = []
    previous_end = 0
    try:
        for record in reader:
            records.append((previous_end + 1, record))
            previous_end = reader.line_num
    except csv.Error as error:
        problem = Problem.at(str(path), reader.line_num, "", "import-source-unreadable",
                             detail=str(error))  # fmt: skip
        raise DataInvalid([problem]) from None
    return Source(str(path), records)


def _read_xlsx(path: Path, spec: dict[str, Any]) -> Source:
    """Read the resource's sheet (or the first) with cached formula values and sheet rows."""
    try:
        data = path.read_bytes()  # a file object: openpyxl would refuse a renamed .csv by name
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        problem = Problem.at(str(path), None, "", "import-source-unreadable", detail=str(error))
        raise DataInvalid([problem]) from None
    try:
        name = _pick_sheet(values.sheetnames, spec)
        sheet, formula_sheet = values[name], formulas[name]
        records = []
        rows = zip(_sheet_rows(sheet), _sheet_rows(formula_sheet), strict=False)
        for number, (cells, raw) in enumerate(rows, start=1):
            for index, (value, formula) in enumerate(zip(cells, raw, strict=False)):
                if value is None and formula is not None:
                    cells[index] = _NoCachedValue()
            records.append((number, cells))
    finally:
        values.close()
        formulas.close()
    return Source(str(path), records, sheet=name)


def _sheet_rows(sheet: Any) -> list[list[Any]]:
    """Return every row of a read-only sheet as a list, gaps included, from row 1."""
    sheet.reset_dimensions()  # exporters often write a wrong <dimension>; read what is there
    return [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]


class _NoCachedValue:
    """A formula cell saved without its computed value (the file was never opened in Excel)."""


def _pick_sheet(names: list[str], spec: dict[str, Any]) -> str:
    """Return the sheet named like the resource (name, title or English title), else the first."""
    wanted = {norm.header_key(spec.get(k, "")) for k in ("name", "title", "title_en")} - {""}
    for name in names:
        if norm.header_key(name) in wanted:
            return name
    return names[0]


# --- 2. match the header to the schema ---


def _blank(value: Any) -> bool:
    """Return whether a cell is empty or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def _header_index(spec: dict[str, Any]) -> dict[str, str]:
    """Return header key → field name; field names win over titles, titles over English."""
    index: dict[str, str] = {}
    for attribute in ("name", "title", "title_en"):
        for spec_field in _fields(spec):
            key = norm.header_key(str(spec_field.get(attribute) or ""))
            if key:
                index.setdefault(key, spec_field["name"])
    return index


@dataclass
class Columns:
    """Where the header is and which source column holds which field."""

    header_line: int
    by_index: dict[int, str]  # source column index → field name
    headers: dict[str, str]  # field name → header text as written in the source

    def provided(self) -> set[str]:
        """Return the fields the source provides."""
        return set(self.by_index.values())


def match_columns(src: Source, spec: dict[str, Any]) -> tuple[Columns, list[Problem]]:
    """Find the header row and map its cells to fields; report unknown and missing columns."""
    index = _header_index(spec)
    candidates = [(line, cells) for line, cells in src.records if not all(map(_blank, cells))]
    if not candidates:
        return Columns(0, {}, {}), [Problem.at(src.display, None, "", "import-no-header")]
    line, header = candidates[0]
    for candidate in candidates[:HEADER_SEARCH_ROWS]:
        if sum(norm.header_key(str(c or "")) in index for c in candidate[1]) >= 2:
            line, header = candidate
            break
    columns = Columns(line, {}, {})
    problems: list[Problem] = []
    for position, cell in enumerate(header):
        problems += _match_one(src, spec, index, columns, position, cell)
    for spec_field in _fields(spec):
        required = spec_field.get("constraints", {}).get("required")
        if required and spec_field["name"] not in columns.provided():
            problems.append(Problem.at(src.display, line, "", "import-column-missing",
                                       column=_label(spec_field)))  # fmt: skip
    return columns, problems


def _match_one(
    src: Source, spec: dict[str, Any], index: dict[str, str], columns: Columns,
    position: int, cell: Any,
) -> list[Problem]:  # fmt: skip
    """Map one header cell to its field, or return the problem with it."""
    text = "" if cell is None else norm.clean_text(str(cell))
    line = columns.header_line
    if not text:
        if _column_has_data(src, line, position):
            return [Problem.at(src.display, line, _column_name(src, position),
                               "import-column-unnamed")]  # fmt: skip
        return []
    name = index.get(norm.header_key(text))
    if name is None:
        return [Problem.at(src.display, line, text, "import-unknown-column", header=text,
                           suggestion=_suggest(text, spec))]  # fmt: skip
    if name in columns.provided():
        return [Problem.at(src.display, line, text, "import-column-duplicate", header=text,
                           other=columns.headers[name])]  # fmt: skip
    columns.by_index[position] = name
    columns.headers[name] = text
    return []


def _column_has_data(src: Source, header_line: int, position: int) -> bool:
    """Return whether any row below the header has a value in this column."""
    return any(
        position < len(cells) and not _blank(cells[position])
        for line, cells in src.records
        if line > header_line
    )


def _column_name(src: Source, position: int) -> str:
    """Return how staff name a column: its letter in a workbook, its number in a CSV."""
    return get_column_letter(position + 1) if src.sheet else f"#{position + 1}"


def _suggest(text: str, spec: dict[str, Any]) -> str:
    """Return the label of the field whose name or titles look most like `text`."""
    key = norm.header_key(text)
    best, best_ratio = _fields(spec)[0], -1.0
    for spec_field in _fields(spec):
        for attribute in ("name", "title", "title_en"):
            other = norm.header_key(str(spec_field.get(attribute) or ""))
            ratio = difflib.SequenceMatcher(None, key, other).ratio()
            if ratio > best_ratio:
                best, best_ratio = spec_field, ratio
    return _label(best)


# --- 3. normalise the cells ---


def normalise_rows(
    src: Source, columns: Columns, spec: dict[str, Any], root: Path
) -> tuple[list[Row], list[Problem]]:
    """Return the data rows below the header in canonical form, and the cells that failed."""
    by_name = {f["name"]: f for f in _fields(spec)}
    structured = _structured_fields(spec)
    rows: list[Row] = []
    problems: list[Problem] = []
    for line, cells in src.records:
        if line <= columns.header_line or all(map(_blank, cells)):
            continue
        row = Row(line, {})
        for position, name in columns.by_index.items():
            cell = cells[position] if position < len(cells) else None
            value, code = normalise_cell(cell, by_name[name], name in structured)
            row.values[name] = value
            if code:
                row.problem_fields.add(name)
                problems.append(Problem.at(src.display, line, columns.headers[name], code,
                                           value=value))  # fmt: skip
        problems += _check_bodies(src, row, columns, root)
        rows.append(row)
    return rows, problems


def _structured_fields(spec: dict[str, Any]) -> set[str]:
    """Return fields holding codes rather than prose: keys, references, patterns, enums."""
    names = set(_primary_key(spec))
    for key in spec["schema"].get("foreignKeys", []):
        names.update([key["fields"]] if isinstance(key["fields"], str) else key["fields"])
    for spec_field in _fields(spec):
        constraints = spec_field.get("constraints", {})
        if "pattern" in constraints or "enum" in constraints or "format" in spec_field:
            names.add(spec_field["name"])
    return names


def normalise_cell(cell: Any, spec_field: dict[str, Any], structured: bool) -> tuple[str, str]:
    """Return the cell's canonical text and an error code ('' when it converted cleanly)."""
    if isinstance(cell, _NoCachedValue):
        return "", "import-formula-no-value"
    if isinstance(cell, str) and cell.strip() in EXCEL_ERRORS:
        return cell.strip(), "import-formula-error"
    if _blank(cell):
        return "", ""
    kind = spec_field.get("type", "string")
    if kind == "date":
        return _to_date(cell)
    if kind in ("integer", "number"):
        return _to_number(cell, kind == "integer")
    if kind == "boolean":
        return _to_bool(cell)
    text = norm.clean_text(_plain(cell))
    return (norm.to_halfwidth(text) if structured else norm.to_halfwidth_alnum(text)), ""


def _plain(cell: Any) -> str:
    """Return a workbook value as the text a person sees (1200.0 → '1200')."""
    if isinstance(cell, bool):
        return str(cell).lower()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def _to_date(cell: Any) -> tuple[str, str]:
    """Return an ISO date from a date cell, ROC or Western text, or an Excel serial number."""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat(), ""
    if isinstance(cell, dt.date):
        return cell.isoformat(), ""
    text = _plain(cell)
    parsed = norm.parse_date(text)
    serial = isinstance(cell, int | float) and not isinstance(cell, bool) and len(text) < 7
    if parsed is None and serial and 0 < cell < 2958466:  # a date cell that lost its format
        parsed = from_excel(cell).date()
    return (parsed.isoformat(), "") if parsed else (norm.clean_text(text), "import-bad-date")


def _to_bool(cell: Any) -> tuple[str, str]:
    """Return 'true' or 'false' from a checkbox value or 是/否, Y/N, ✓."""
    flag = cell if isinstance(cell, bool) else norm.parse_bool(_plain(cell))
    if flag is None:
        return norm.clean_text(_plain(cell)), "import-bad-boolean"
    return ("true" if flag else "false"), ""


def _to_number(cell: Any, integer: bool) -> tuple[str, str]:
    """Return a plain number from a numeric cell or text with 千分位, NT$ or 元."""
    if isinstance(cell, bool):
        return str(cell), "import-bad-number"
    exact = isinstance(cell, float) and not cell.is_integer()
    text = format(Decimal(repr(cell)), "f") if exact else _plain(cell)  # 1.5e-05 → 0.000015
    number = norm.parse_number(text)
    if number is None:
        return norm.clean_text(_plain(cell)), "import-bad-number"
    if integer and number != number.to_integral_value():
        return norm.format_number(number), "import-not-integer"
    return norm.format_number(number), ""


def _check_bodies(src: Source, row: Row, columns: Columns, root: Path) -> list[Problem]:
    """Return problems for gazette full-text paths that do not name a file under datasets/."""
    problems = []
    base = (root / "datasets").resolve()
    for name in ("body_zh", "body_en"):
        if not row.values.get(name):
            continue
        if name in row.problem_fields:
            continue
        target = (base / row.values[name]).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            row.problem_fields.add(name)
            problems.append(Problem.at(src.display, row.line, columns.headers[name],
                                       "import-body-missing", value=row.values[name]))  # fmt: skip
    return problems


# --- 4. merge with the canonical rows ---


Keyed = dict[tuple[str, ...], tuple[int, dict[str, str]]]  # key → (line, canonical values)


def _read_existing(target: Path, spec: dict[str, Any]) -> tuple[str, Keyed]:
    """Return the canonical file's text and its rows by primary key ('' and {} if absent)."""
    if not target.is_file():
        return "", {}
    try:
        text = target.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        rel = resource_path(spec)
        raise DataInvalid([Problem.at(rel, None, "", "import-target-unreadable")]) from None
    by_name = {f["name"]: f for f in _fields(spec)}
    structured = _structured_fields(spec)
    header: list[str] | None = None
    rows: Keyed = {}
    for line, record in _records(text):
        if header is None:
            header = record
            continue
        values = {
            name: normalise_cell(cell, by_name[name], name in structured)[0]
            for name, cell in zip(header, record, strict=False)
            if name in by_name
        }
        rows.setdefault(tuple(values.get(k, "") for k in _primary_key(spec)), (line, values))
    return text, rows


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Return the non-blank CSV records of `text` with the editor line where each starts."""
    reader = csv.reader(io.StringIO(text, newline=""))
    found, previous_end = [], 0
    for record in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if any(cell.strip() for cell in record):
            found.append((start, record))
    return found


def merge(
    rows: list[Row], existing: Keyed, spec: dict[str, Any], columns: Columns, display: str
) -> tuple[list[Row], int, list[Problem]]:
    """Split source rows into new ones, already-present ones (counted) and conflicts."""
    key_fields = _primary_key(spec)
    path = resource_path(spec)
    seen: dict[tuple[str, ...], tuple[str, int, dict[str, str]]] = {
        key: (path, line, values) for key, (line, values) in existing.items()
    }
    new_rows: list[Row] = []
    skipped = 0
    conflicts: list[Problem] = []
    for row in rows:
        key = tuple(row.values.get(k, "") for k in key_fields)
        if not all(key) or key not in seen:
            if all(key):
                seen[key] = (display, row.line, row.values)
            new_rows.append(row)
            continue
        where, line, values = seen[key]
        differ = [f for f in row.values if values.get(f, "") != row.values[f]]
        if not differ:
            skipped += 1
            continue
        conflicts.append(Problem.at(
            display, row.line, "", "import-conflict", key=" / ".join(key),
            fields=", ".join(columns.headers[f] for f in differ), target=f"{where}:{line}",
        ))  # fmt: skip
    return new_rows, skipped, conflicts


def append_rows(
    existing_text: str, rows: list[Row], spec: dict[str, Any]
) -> tuple[str, dict[int, int]]:
    """Return the file text with rows appended, and merged line → source line for each row."""
    header = [f["name"] for f in _fields(spec)]
    records = _records(existing_text)
    if records:
        header = records[0][1]
    newline = "\r\n" if "\r\n" in existing_text else "\n"
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=newline)
    if not records:
        writer.writerow(header)
        existing_text = ""
    elif not existing_text.endswith("\n"):
        buffer.write(newline)
    line = existing_text.count("\n") + buffer.getvalue().count("\n") + 1
    line_map: dict[int, int] = {}
    for row in rows:
        start = len(buffer.getvalue())
        writer.writerow([row.values.get(name, "") for name in header])
        line_map[line] = row.line
        line += buffer.getvalue()[start:].count("\n")
    return existing_text + buffer.getvalue(), line_map


# --- 5. validate the merged project on a copy, then write ---


def _validate_copy(
    root: Path, spec: dict[str, Any], merged_text: str, line_map: dict[int, int],
    src: Source, columns: Columns, known: list[Problem],
) -> list[Problem]:  # fmt: skip
    """Validate a temporary copy holding the merged file; return its problems, mapped back."""
    from generator.data.validate import validate_project  # written alongside; imported when used

    with tempfile.TemporaryDirectory(prefix="gazette-import-") as tmp:
        copy = Path(tmp) / "project"
        _copy_project(root, copy)
        (copy / resource_path(spec)).write_text(merged_text, encoding="utf-8", newline="")
        _dataset, problems = validate_project(copy)
    covered = {(p.line, p.field) for p in known}
    mapped = []
    for problem in problems:
        moved = _to_source(problem, resource_path(spec), line_map, src, columns)
        if moved.path != src.display or (moved.line, moved.field) not in covered:
            mapped.append(moved)
    return mapped


def _copy_project(root: Path, copy: Path) -> None:
    """Copy datasets/ and link everything else, so validation sees the project as it is."""
    copy.mkdir()
    for entry in sorted(root.iterdir()):
        if entry.name == "datasets":
            shutil.copytree(entry, copy / "datasets", symlinks=True)
        elif not entry.name.startswith(".") and entry.name != "site":
            (copy / entry.name).symlink_to(entry.resolve())


def _to_source(
    problem: Problem, target: str, line_map: dict[int, int], src: Source, columns: Columns
) -> Problem:
    """Re-locate a problem in an appended row to the source file, row and column header."""
    if problem.path != target or problem.line not in line_map:
        return problem
    header = columns.headers.get(problem.field, problem.field)
    return Problem(src.display, line_map[problem.line], header, problem.code, problem.params)


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text through a temporary file in the same folder and os.replace it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        temporary = Path(handle.name)
        try:
            handle.write(text)
        except BaseException:
            handle.close()
            temporary.unlink(missing_ok=True)
            raise
    try:
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
