"""`gazette import`: append the rows of a staff file (CSV, XLSX or ODS) to one dataset.

The pipeline reads top to bottom: read the source (import_read) → match its header to the
schema (import_headers) → normalise every cell (import_cells) → resolve names, printed
issues and mapped enums (import_refs) → assign missing entry ids → resolve and convert the
bodies (import_bodies) → merge with the canonical rows → validate the merged project on a
temporary copy → write. Only the last step touches the project, each file atomically.

Merge policy: existing rows keep their bytes and order, and new rows are appended in the
source's order, so a review in git shows exactly the imported lines. A row whose primary
key is already present is skipped when every column the source provides is equal, and is
a conflict (refused) otherwise: an import never overwrites. A row without an entry id is
the existing entry with the same issue, title and document number, if there is one, so
importing the same export twice adds nothing.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import cache
from generator.config import load_config
from generator.data import csv_append, safe_ids
from generator.data import import_bodies as bodies
from generator.data import import_mapping as column_report
from generator.data import import_refs as refs
from generator.data.body_limits import DEFAULT_LIMITS, BodyLimits
from generator.data.import_cells import NOTES, normalise_cell
from generator.data.import_headers import Columns, blank, fields, match_columns
from generator.data.import_read import Source, read_source
from generator.data.load import (
    PACKAGE_PATH,
    RESOURCE_NAMES,
    InsideFolder,
    load_descriptor,
    load_project,
    resource_path,
)
from generator.data.validate import validate, validate_project
from generator.errors import ConfigError, DataInvalid, Refused
from generator.gazette.published import published_edits
from generator.models import Problem

MANIFEST_FILE = "datasets/manifest.json"
ENTRY_MATCH = ("issue_id", "title_zh", "doc_number")  # what identifies an entry without an id


@dataclass
class Row:
    """One imported row: canonical values of the columns the source provides."""

    line: int
    values: dict[str, str]
    problem_fields: set[str] = field(default_factory=set)


@dataclass
class BodyFile:
    """A body the import writes: its path under datasets/ and its Markdown."""

    path: str
    text: str


def import_file(
    root: Path, source: Path, resource: str, lang: str = "zh-TW", *,
    dry_run: bool = False, strict: bool = False, map_path: Path | None = None,
    bodies_dir: Path | None = None, limits: BodyLimits = DEFAULT_LIMITS,
) -> list[Problem]:  # fmt: skip
    """Append the source's new rows to `resource`; return the report (notes and a summary).

    Raise DataInvalid, Refused or ConfigError (with the warnings too) when nothing may be
    written. `lang` is kept for callers; messages are rendered by the caller. Body paths
    are looked up in `bodies_dir` (default: the source's folder); `limits` bound bodies.
    """
    del lang
    descriptor = load_descriptor(root)
    spec = _resource(descriptor, resource)
    if not source.is_file():
        raise ConfigError([Problem.at(str(source), None, "", "import-source-missing")])
    src = read_source(source, spec, load_config(root).limits)
    columns, problems, notes = match_columns(src, spec, strict)
    if problems:
        raise DataInvalid(problems + notes)
    mapping = _load_map(root, map_path)
    target = root / resource_path(spec)
    existing_text, existing = _read_existing(target, spec)
    if dry_run:  # the mapping first, before any verdict on the rows
        notes = column_report.mapping_notes(src, columns, spec) + notes
    rows, problems = normalise_rows(src, columns, spec)
    notes += [p for p in problems if p.code in NOTES]
    misfits, problems = column_report.misfit_columns(
        src, columns, spec, [p for p in problems if p.code not in NOTES]
    )
    problems = misfits + problems
    problems += _resolve_refs(root, src, columns, spec, rows, mapping)
    _assign_ids(spec, rows, existing, columns)
    # Before any path is built from an id (body files, the copy validated below).
    id_patterns = safe_ids.id_patterns(descriptor, spec)
    problems += safe_ids.check_rows(rows, id_patterns, src.display, columns.headers)
    _mark_back_catalogue(root, spec, rows, columns, existing)
    folder = bodies_dir if bodies_dir is not None else src.folder
    files, converted, body_problems = _resolve_bodies(root, src, columns, rows, folder, limits)
    problems += body_problems
    new_rows, skipped, conflicts = merge(rows, existing, spec, columns, src.display)
    wanted = {r.values.get(f) for r in new_rows for f in bodies.BODY_FIELDS}
    files = [f for f in files if f.path in wanted]
    merged_text, line_map = append_rows(existing_text, new_rows, spec)
    if new_rows or files:  # nothing appended: the project stays as valid as it was
        problems += _validate_copy(root, spec, merged_text, files, line_map, src, columns,
                                   problems, dry_run)  # fmt: skip
    if problems or conflicts:
        raise (DataInvalid if problems else Refused)(problems + conflicts + notes)
    rel = resource_path(spec)
    notes += [n for n in converted if n.values.get("file") in {f.path for f in files}]
    if dry_run:
        code = "import-dry-run"
    else:
        for body in files:
            write_atomic(_body_target(root / "datasets", body.path), body.text)
        if new_rows:
            write_atomic(target, merged_text)
        code = "import-done" if new_rows else "import-nothing-new"
    summary = Problem.at(rel, None, "", code, added=len(new_rows), skipped=skipped, file=rel,
                         bodies=len(files))  # fmt: skip
    return notes + [summary]


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


def _primary_key(spec: dict[str, Any]) -> list[str]:
    """Return the primary key field names (a string key is one field)."""
    key = spec["schema"].get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def _load_map(root: Path, map_path: Path | None) -> dict[str, dict[str, str]]:
    """Return the enum mapping file's content, or raise ConfigError when it cannot be used."""
    if map_path is not None and not map_path.is_file():
        raise ConfigError([Problem.at(str(map_path), None, "", "import-map-unreadable",
                                      detail="file not found")])  # fmt: skip
    try:
        return refs.load_map(root, map_path)
    except (OSError, ValueError, yaml.YAMLError) as error:
        shown = str(map_path or refs.MAP_PATH)
        detail = str(error).splitlines()[0]
        raise ConfigError([Problem.at(shown, None, "", "import-map-unreadable",
                                      detail=detail)]) from None  # fmt: skip


# --- normalise the cells ---


def normalise_rows(
    src: Source, columns: Columns, spec: dict[str, Any]
) -> tuple[list[Row], list[Problem]]:
    """Return the data rows below the header in canonical form, and the cells that failed
    (and, with a code in import_cells.NOTES, the cells converted with a note)."""
    by_name = {f["name"]: f for f in fields(spec)}
    structured = _structured_fields(spec)
    rows: list[Row] = []
    problems: list[Problem] = []
    for line, cells in src.records:
        if line <= columns.header_line or all(map(blank, cells)):
            continue
        row = Row(line, {})
        for position, name in columns.by_index.items():
            cell = cells[position] if position < len(cells) else None
            if name in bodies.BODY_FIELDS:  # the full text keeps its own form until resolved
                row.values[name] = "" if blank(cell) else str(cell)
                continue
            value, code = normalise_cell(cell, by_name[name], name in structured, src.epoch)
            row.values[name] = value
            if code in NOTES:  # converted: the report says how (e.g. a UTC instant's date)
                problems.append(Problem.at(src.display, line, columns.headers[name], code,
                                           value=str(cell).strip(), date=value))  # fmt: skip
            elif code:
                row.problem_fields.add(name)
                problems.append(Problem.at(src.display, line, columns.headers[name], code,
                                           value=value))  # fmt: skip
        rows.append(row)
    return rows, problems


def _structured_fields(spec: dict[str, Any]) -> set[str]:
    """Return fields holding codes rather than prose: keys, references, patterns, enums."""
    names = set(_primary_key(spec))
    for key in spec["schema"].get("foreignKeys", []):
        names.update([key["fields"]] if isinstance(key["fields"], str) else key["fields"])
    for spec_field in fields(spec):
        constraints = spec_field.get("constraints", {})
        if "pattern" in constraints or "enum" in constraints or "format" in spec_field:
            names.add(spec_field["name"])
    return names - set(bodies.BODY_FIELDS)


# --- names, printed issues and mapped enums ---


def _resolve_refs(
    root: Path, src: Source, columns: Columns, spec: dict[str, Any], rows: list[Row],
    mapping: dict[str, dict[str, str]],
) -> list[Problem]:  # fmt: skip
    """Replace agency names, printed issues and foreign enum values by canonical codes."""
    problems: list[Problem] = []
    agency_fields = refs.agency_fields(spec) & columns.provided()
    agencies = _agencies(root, spec, rows) if agency_fields else None
    enums = {
        f["name"]: [str(v) for v in f["constraints"]["enum"]]
        for f in fields(spec)
        if "enum" in f.get("constraints", {}) and f["name"] in columns.provided()
    }
    digits = load_config(root).number_digits
    for row in rows:
        if row.values.get("issue_id"):
            printed = row.values["issue_id"]
            row.values["issue_id"] = refs.issue_id(printed, digits) or printed
        for name in agency_fields:
            value = row.values.get(name, "")
            if not value or name in row.problem_fields:
                continue
            code = agencies.code(value) if agencies else None
            if code is not None:
                row.values[name] = code
            elif spec.get("name") != "agencies" or name != "agency_id":
                row.problem_fields.add(name)
                problems.append(Problem.at(src.display, row.line, columns.headers[name],
                                           "import-unknown-agency", value=value,
                                           suggestion=agencies.suggestion(value)))  # fmt: skip
        for name, allowed in enums.items():
            value = row.values.get(name, "")
            if not value or name in row.problem_fields:
                continue
            mapped, suggestion = refs.map_enum(value, allowed, mapping.get(name, {}))
            row.values[name] = mapped
            if suggestion:
                row.problem_fields.add(name)
                problems.append(Problem.at(
                    src.display, row.line, columns.headers[name], "import-enum-unmapped",
                    value=value, allowed="、".join(allowed), suggestion=suggestion,
                    name=name, map=refs.MAP_PATH,
                ))  # fmt: skip
    return problems


def _agencies(root: Path, spec: dict[str, Any], rows: list[Row]) -> refs.Agencies:
    """Return the agency list of the project, plus the rows imported when they are agencies."""
    listed = _csv_dicts(root / "datasets" / "agencies.csv")
    if spec.get("name") == "agencies":
        listed += [r.values for r in rows]
    return refs.Agencies(listed)


def _csv_dicts(path: Path) -> list[dict[str, str]]:
    """Return a canonical CSV's rows as dicts ([] when absent or unreadable)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return list(csv.DictReader(io.StringIO(text, newline="")))


# --- ids and back-catalogue marks ---


def _assign_ids(spec: dict[str, Any], rows: list[Row], existing: Keyed, columns: Columns) -> None:
    """Give entries without an id the id of the same existing entry, else the next free one."""
    if spec.get("name") != "gazette_entries":
        return
    taken = {key[0] for key in existing}
    same = {tuple(v.get(f, "") for f in ENTRY_MATCH): key[0] for key, (_, v) in existing.items()}
    assigned = False
    for row in rows:
        if row.values.get("entry_id") or not row.values.get("issue_id"):
            continue
        match = tuple(row.values.get(f, "") for f in ENTRY_MATCH)
        entry = same.get(match) or refs.next_entry_id(row.values["issue_id"], taken)
        row.values["entry_id"] = entry
        taken.add(entry)
        same.setdefault(match, entry)
        assigned = True
    if assigned:
        columns.headers.setdefault("entry_id", "entry_id")


def _mark_back_catalogue(
    root: Path, spec: dict[str, Any], rows: list[Row], columns: Columns, existing: Keyed
) -> None:
    """Mark new issues older than the latest published one as back-catalogue issues."""
    names = {f["name"] for f in fields(spec)}
    if spec.get("name") != "gazette_issues" or "back_catalogue" not in names:
        return
    if "back_catalogue" in columns.provided():
        return
    try:
        recorded = json.loads((root / MANIFEST_FILE).read_text(encoding="utf-8"))
        latest = max(str(r.get("publication_date", "")) for r in recorded.get("issues", []))
    except (OSError, ValueError, AttributeError):
        return
    for row in rows:
        if (row.values.get("issue_id", ""),) in existing:
            continue
        if row.values.get("publication_date", "") and row.values["publication_date"] < latest:
            row.values["back_catalogue"] = "true"
            columns.headers.setdefault("back_catalogue", "back_catalogue")


# --- bodies ---


def _resolve_bodies(
    root: Path, src: Source, columns: Columns, rows: list[Row], folder: Path | None,
    limits: BodyLimits,
) -> tuple[list[BodyFile], list[Problem], list[Problem]]:  # fmt: skip
    """Resolve every body cell to a path under datasets/; return files to write, notes, errors."""
    datasets = root / "datasets"
    files: list[BodyFile] = []
    notes: list[Problem] = []
    problems: list[Problem] = []
    for row in rows:
        for name in bodies.BODY_FIELDS:
            cell = row.values.get(name, "")
            if not cell.strip():
                row.values[name] = ""
                continue
            header = columns.headers[name]
            try:
                body = bodies.resolve(cell, datasets, folder, limits)
            except bodies.BodyError as error:
                row.problem_fields.add(name)
                shown = error.value if len(error.value) <= 80 else error.value[:79] + "…"
                problems.append(Problem.at(src.display, row.line, header, error.code,
                                           value=shown, **error.params))  # fmt: skip
                row.values[name] = ""
                continue
            if body.markdown is None:
                row.values[name] = body.keep_path
                continue
            entry_id = row.values.get("entry_id", "")
            if not entry_id or "entry_id" in row.problem_fields:
                row.values[name] = ""
                continue  # the validation of the merged copy reports the missing id
            path = bodies.canonical_path(entry_id, name)
            row.values[name] = path
            existing = datasets / path
            if existing.is_file():
                if existing.read_text(encoding="utf-8", errors="replace") != body.markdown:
                    row.problem_fields.add(name)
                    problems.append(Problem.at(src.display, row.line, header,
                                               "import-body-differs", file=path))  # fmt: skip
                continue
            files.append(BodyFile(path, body.markdown))
            if body.tags:
                notes.append(Problem.at(src.display, row.line, header, "import-body-markup",
                                        kind=body.kind, tags=", ".join(f"<{t}>" for t in body.tags),
                                        file=path))  # fmt: skip
            if body.kind not in ("markdown", "text") or body.origin != "cell":
                code = "import-body-converted" + ("-cell" if body.origin == "cell" else "")
                notes.append(Problem.at(src.display, row.line, header, code,
                                        kind=body.kind, origin=body.origin, file=path))  # fmt: skip
    return files, notes, problems


# --- merge with the canonical rows ---


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
    by_name = {f["name"]: f for f in fields(spec)}
    structured = _structured_fields(spec) | set(bodies.BODY_FIELDS)
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
            fields=", ".join(columns.headers.get(f, f) for f in differ), target=f"{where}:{line}",
        ))  # fmt: skip
    return new_rows, skipped, conflicts


def append_rows(
    existing_text: str, rows: list[Row], spec: dict[str, Any]
) -> tuple[str, dict[int, int]]:
    """Return the file text with rows appended, and merged line → source line for each row.

    A schema column the file does not have yet (one declared `optional_column`) is added
    at the end of the header when an imported row has a value for it.
    """
    header = [f["name"] for f in fields(spec)]
    records = _records(existing_text)
    if records:
        header = csv_append.header_of(existing_text)
        extra = [
            f["name"] for f in fields(spec)
            if f["name"] not in header and any(r.values.get(f["name"]) for r in rows)
        ]  # fmt: skip
        if extra:
            existing_text = _widen(existing_text, header, extra)
            header = header + extra
    cells = [[row.values.get(name, "") for name in header] for row in rows]
    done = csv_append.appended(existing_text, cells, resource_path(spec), header)
    return done.text, dict(zip(done.lines, (row.line for row in rows), strict=True))


def _widen(text: str, header: list[str], extra: list[str]) -> str:
    """Return the CSV text with empty columns added at the end of every record."""
    newline = csv_append.newline_of(text)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=newline)
    for index, record in enumerate(csv.reader(io.StringIO(text, newline=""))):
        if not any(cell.strip() for cell in record):
            buffer.write(newline)
            continue
        writer.writerow(record + (extra if index == 0 else [""] * len(extra)))
    return buffer.getvalue()


# --- validate the merged project on a copy, then write ---


def _validate_copy(
    root: Path, spec: dict[str, Any], merged_text: str, files: list[BodyFile],
    line_map: dict[int, int], src: Source, columns: Columns, known: list[Problem],
    dry_run: bool = False,
) -> list[Problem]:  # fmt: skip
    """Validate a temporary copy holding the merged file; return its problems, mapped back."""
    with tempfile.TemporaryDirectory(prefix="gazette-import-") as tmp:
        copy = Path(tmp) / "project"
        _copy_project(root, copy)
        (copy / resource_path(spec)).write_text(merged_text, encoding="utf-8", newline="")
        for body in files:
            target = _body_target(copy / "datasets", body.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body.text, encoding="utf-8", newline="")
        # A dry run writes nothing anywhere, not even a validation cache ($GAZETTE_CACHE_DIR
        # is shared with the real project; without it the copy's own cache goes with it).
        if dry_run:
            dataset, problems = validate(load_project(copy), reuse=False)
        else:
            dataset, problems = validate_project(copy)
        if dataset is not None:  # an entry added to a published issue: refused as by the build
            problems = published_edits(dataset)
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


def _body_target(datasets: Path, rel: str) -> Path:
    """Return where a new body goes, or raise Refused when a link would lead the write elsewhere.

    The copy validated above holds datasets/ with its links as they are: a body written
    through a link (a dangling one, or a linked folder) would land in the real project, or
    outside it, even in a dry run.
    """
    target = datasets / rel
    real = InsideFolder(datasets).real(rel)
    if real is None or target.is_symlink():
        raise Refused(
            [Problem.at(f"datasets/{rel}", None, "", "import-body-link", file=f"datasets/{rel}")]
        )
    return target


def write_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see `generator.cache.write_atomic`), creating folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    cache.write_atomic(path, text.encode("utf-8"))
