"""Property tests: mutated data never crashes validation; frictionless agrees on the schema part.

frictionless is the reference oracle for Table Schema checks (types, constraints, primary and
foreign keys). Deliberate differences, kept out of the differential pool: we refuse full-width
digits, exponent and NaN numbers, dates without zero padding, integers beyond 18 digits and
cells with surrounding spaces, all of which frictionless accepts.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import shutil
import tempfile
from pathlib import Path

import frictionless
import pytest
import yaml
from conftest import MINI, REPO, Project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.data.validate import validate_project

DESCRIPTOR = yaml.safe_load((REPO / "datasets/datapackage.yaml").read_text("utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}
SETTINGS = settings(
    deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip


@contextlib.contextmanager
def fresh_project():
    """Yield a throwaway copy of the tiny valid sample (hypothesis cannot use tmp_path)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "mini"
        shutil.copytree(MINI / "datasets", root / "datasets")
        shutil.copy2(REPO / "datasets/datapackage.yaml", root / "datasets/datapackage.yaml")
        yield Project(root)


def read(project: Project, resource: str) -> list[list[str]]:
    path = project.csv_path(resource)
    return list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))


def write(project: Project, resource: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    project.csv_path(resource).write_text(buffer.getvalue(), "utf-8", newline="")


def run_validate(root: Path) -> tuple[int, str]:
    """Run `gazette validate` in-process; return (exit code, stdout + stderr)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["validate", "--root", str(root), "--format", "json"])
    return code, out.getvalue()


# --- robustness: whatever a cell holds, validation reports, it never crashes ---

NASTY = st.one_of(
    st.text(max_size=40),
    st.just(""),
    st.text(alphabet='",\n\r =+-@\u3000１２３民國年月日/\\.\x00\x1b', max_size=20),
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(["x", "字", '"']),
        st.sampled_from([9_000, 10_001, 300_000]),
    ),
    st.sampled_from(["113/01/15", "1,200", "NaN", "1e5", "+", "-", "2024-02-30", "TRUE"]),
)
MUTATION = st.tuples(
    st.sampled_from(sorted(RESOURCES)), st.integers(1, 3), st.integers(0, 30), NASTY
)


@pytest.mark.slow  # dozens of validations of the sample
@settings(SETTINGS, max_examples=40)
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_cells_never_crash(mutations):
    with fresh_project() as project:
        for resource, row, column, value in mutations:
            rows = read(project, resource)
            rows[1 + row % (len(rows) - 1)][column % len(rows[0])] = value
            write(project, resource, rows)
        code, output = run_validate(project.root)
    assert code in (0, 1), output[-500:]
    assert "Traceback" not in output and "internal error" not in output


@pytest.mark.slow  # dozens of validations of the sample
@settings(SETTINGS, max_examples=30)
@given(
    resource=st.sampled_from(sorted(RESOURCES)),
    position=st.floats(0, 1),
    junk=st.text(alphabet='",\n\r\x00\xff a', min_size=1, max_size=8),
)
def test_spliced_raw_text_never_crashes(resource, position, junk):
    with fresh_project() as project:
        path = project.csv_path(resource)
        text = path.read_text("utf-8")
        at = int(position * len(text))
        path.write_text(text[:at] + junk + text[at:], "utf-8", newline="")
        code, output = run_validate(project.root)
    assert code in (0, 1), output[-500:]


# --- differential: our Table Schema problems equal frictionless's ---

SCHEMA_CODES = {
    "type-error": {"type-integer", "type-number", "type-boolean", "type-date", "type-uri",
                   "roc-date", "date-not-iso", "date-zoned", "thousands-separator",
                   "fullwidth-digits"},
    "constraint-error": {"required", "enum", "pattern", "min-length", "max-length", "minimum",
                         "maximum"},
    "unique-error": {"unique"},
    "primary-key": {"primary-key"},
    "foreign-key": {"foreign-key"},
}  # fmt: skip
CATEGORY = {code: kind for kind, codes in SCHEMA_CODES.items() for code in codes}
POOL = ["", "abc", "-1", "0", "1.5", "2024-02-30", "2023-12-31", "true", "nobody", "x" * 600,
        "G2024-0001", "113/01/15", "1,200", "99999999", "city", "113-01", "113-01-001",
        "OF-0001", "公告", "受贈"]  # fmt: skip
COMPARABLE = st.tuples(
    st.sampled_from(sorted(RESOURCES)), st.integers(1, 3), st.integers(0, 30), st.sampled_from(POOL)
)


def ours(root: Path) -> set[tuple[str, int | None, str | None, str]]:
    """Return our schema problems as (resource file, line, field, frictionless kind)."""
    found = set()
    for p in validate_project(root)[1]:
        kind = CATEGORY.get(p.code)
        if kind:
            field = None if kind == "primary-key" else p.field
            found.add((p.path.removeprefix("datasets/"), p.line, field, kind))
    return found


def theirs(root: Path) -> set[tuple[str, int | None, str | None, str]]:
    """Return frictionless's errors in the same projection."""
    package = frictionless.Package.from_descriptor(DESCRIPTOR, basepath=str(root / "datasets"))
    found = set()
    for task in package.validate().tasks:
        resource = RESOURCES[task.name]
        key = resource["schema"].get("primaryKey", [])
        for error in task.errors:
            field = getattr(error, "field_name", None)
            if error.type == "unique-error" and [field] == key:
                continue  # one repeated single-column key: we report it once, as primary-key
            if error.type == "primary-key" and "all" in error.note:
                continue  # an all-empty key: we report the cells as required (keys are required)
            if error.type == "missing-label" and _optional_column(resource, error):
                continue  # a column declared `optional_column` may be absent (ours by design)
            if error.type == "foreign-key":
                field = re.search(r'for "([^"]+)"', error.note).group(1)
            found.add((resource["path"], getattr(error, "row_number", None), field, error.type))
    return found


def _optional_column(resource: dict, error: object) -> bool:
    """Return whether frictionless's missing-label error names a `optional_column` field."""
    optional = {f["name"] for f in resource["schema"]["fields"] if f.get("optional_column")}
    return (
        getattr(error, "label", None) in optional or getattr(error, "field_name", None) in optional
    )


@pytest.mark.slow  # dozens of validations of the sample
@settings(SETTINGS, max_examples=20)
@given(mutations=st.lists(COMPARABLE, min_size=1, max_size=5))
def test_schema_problems_match_frictionless(mutations):
    with fresh_project() as project:
        for resource, row, column, value in mutations:
            rows = read(project, resource)
            name = rows[0][column % len(rows[0])]
            field = next(f for f in RESOURCES[resource]["schema"]["fields"] if f["name"] == name)
            if "format" in field:
                continue  # frictionless' URI grammar is not ours (we also refuse non-http links)
            rows[1 + row % (len(rows) - 1)][column % len(rows[0])] = value
            write(project, resource, rows)
        assert ours(project.root) == theirs(project.root)
