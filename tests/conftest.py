"""Shared fixtures: the repository, throwaway copies of the project, and the CLI in-process.

- `repo_root`: the repository folder.
- `tmp_project`: a copy of the repo's datasets/ (+ content/, overrides/, mkdocs*.yml) in a
  temp folder, as a `Project` with helpers to change one cell and read rows back.
- `mini_project`: the repo's data package descriptor with the tiny hand-made valid sample
  of tests/mini/ (two agencies, three issues, a corrigendum, a few gifts, prices and
  indicators); use it when a test needs line numbers that stay put when the sample changes.
- `run_cli(*args)`: run `gazette ...` in-process, return (exit_code, stdout, stderr).
- `built_site`: the repository's sample site, built once per test run (`--as-of` AS_OF of
  tests/site_fixture.py) and shared by every test that asks for it, in every xdist worker.
  Such tests are marked `slow` automatically, so `make test-fast` (`-m "not slow and not
  browser"`) leaves them out.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import functools
import io
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
COPIED = ("datasets", "editions", "content", "overrides")


class Project:
    """A throwaway project folder with helpers that edit CSVs the way a clerk would."""

    def __init__(self, root: Path):
        self.root = root

    def csv_path(self, resource: str) -> Path:
        """Return the CSV file of a resource, as the descriptor names it."""
        paths = _resource_paths((self.root / "datasets/datapackage.yaml").read_text("utf-8"))
        return self.root / "datasets" / paths[resource]

    def records(self, resource: str) -> list[tuple[int, int, list[str]]]:
        """Return (first line, last line, cells) of every CSV record, header included."""
        text = self.csv_path(resource).read_text("utf-8")
        reader = csv.reader(io.StringIO(text, newline=""))
        found, end = [], 0
        for cells in reader:
            start, end = end + 1, reader.line_num
            if cells:
                found.append((start, end, cells))
        return found

    def read_rows(self, resource: str) -> list[dict[str, str]]:
        """Return the data rows as dicts keyed by header names."""
        header, *rows = [cells for _, _, cells in self.records(resource)]
        return [dict(zip(header, row, strict=False)) for row in rows]

    def set_cell(self, resource: str, line: int, field: str, value: str) -> None:
        """Replace one cell of the record starting at editor `line`, keeping every other byte."""
        path = self.csv_path(resource)
        physical = io.StringIO(path.read_text("utf-8"), newline="").readlines()
        records = self.records(resource)
        header = records[0][2]
        for start, end, cells in records:
            if start == line:
                cells = list(cells)
                cells[header.index(field)] = value
                physical[start - 1 : end] = [_csv_line(cells)]
                path.write_text("".join(physical), encoding="utf-8", newline="")
                return
        raise ValueError(f"no record starts at line {line} of {path.name}")

    def append_row(self, resource: str, row: dict[str, str]) -> int:
        """Append a row (missing fields empty); return the editor line it starts at."""
        path = self.csv_path(resource)
        text = path.read_text("utf-8")
        if text and not text.endswith("\n"):
            text += "\n"
        header = self.records(resource)[0][2]
        line = text.count("\n") + 1
        path.write_text(text + _csv_line([row.get(h, "") for h in header]), "utf-8", newline="")
        return line

    def write_text(self, relpath: str, text: str) -> Path:
        """Write a UTF-8 file under the project root (folders created)."""
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return path

    def write_bytes(self, relpath: str, data: bytes) -> Path:
        """Write raw bytes under the project root (for encoding tests)."""
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path


@functools.lru_cache(maxsize=32)
def _resource_paths(descriptor: str) -> dict[str, str]:
    """Return {resource name: CSV path} of a descriptor's text (KeyError for another name).

    Keyed by the text, so an edited descriptor is parsed again; parsed with libyaml, as
    generator/data/load.py does: the pure-Python loader took 40 ms a call, and the helpers
    call this two or three times per edited cell.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    parsed = yaml.load(descriptor, Loader=loader)
    return {item["name"]: item["path"] for item in parsed["resources"]}


def _csv_line(cells: list[str]) -> str:
    """Return one CSV record with LF ending, quoting only where needed."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


# No deadline for property tests: on a loaded machine an example can take 300 ms, and a
# timing is not what these tests assert (benchmarks live under bench/).
settings.register_profile("gazette", deadline=None)
# `make test-fast` passes --hypothesis-profile=gazette-fast: fewer examples for the property
# tests that keep Hypothesis's default count (100); `make test` runs them at full count, and
# a test that sets its own max_examples keeps it in both.
settings.register_profile("gazette-fast", settings.get_profile("gazette"), max_examples=20)
settings.load_profile("gazette")

MINI = REPO / "tests/mini"  # the tiny valid sample (CSV files + entry bodies)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """Return the repository folder."""
    return REPO


@pytest.fixture
def tmp_project(tmp_path: Path, repo_root: Path) -> Project:
    """Return a throwaway copy of the repository's project (datasets, content, config)."""
    root = tmp_path / "project"
    root.mkdir()
    for name in COPIED:
        if (repo_root / name).is_dir():
            shutil.copytree(repo_root / name, root / name, symlinks=True)
    for config in [*repo_root.glob("mkdocs*.yml"), repo_root / "gazette.yaml"]:
        shutil.copy2(config, root / config.name)
    return Project(root)


@pytest.fixture
def mini_project(tmp_path: Path, repo_root: Path) -> Project:
    """Return a project with the repo's descriptor and the tiny valid sample in tests/mini/."""
    root = tmp_path / "mini"
    (root / "datasets").mkdir(parents=True)
    shutil.copy2(repo_root / "datasets/datapackage.yaml", root / "datasets/datapackage.yaml")
    shutil.copytree(MINI / "datasets", root / "datasets", dirs_exist_ok=True)
    return Project(root)


@pytest.fixture
def run_cli() -> Callable[..., tuple[int, str, str]]:
    """Return a function running `gazette ARGS...` in-process: (exit code, stdout, stderr)."""
    from generator.cli import main

    def run(*args: str | Path) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exit_:  # argparse usage errors
                code = exit_.code if isinstance(exit_.code, int) else 2
        return code, out.getvalue(), err.getvalue()

    return run


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Build the sample site once per test run into a temp folder; return that folder.

    Under pytest-xdist every worker asks for it: the first builds it into the run's own
    temp folder (shared by the workers, new for each run) while the others wait on a lock,
    then all read the same build, so `pytest -n 2` builds the sample once, not twice.
    """
    from site_fixture import AS_OF, copy_project

    from generator.commands.build import build

    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # .../pytest-N/, above each worker's popen-gwN/
    folder = run_folder / "built-site"
    site, done = folder / "site", folder / "built"
    with _exclusive(run_folder / "built-site.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed half-way
            folder.mkdir()
            build(copy_project(folder / "project"), site_dir=site, as_of=AS_OF, progress=False)
            done.touch()
    yield site


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file `lock` (made if missing) until the block ends."""
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.hookimpl(optionalhook=True)  # the hook exists only where pytest-xdist is loaded
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """Return, for `--dist loadgroup`, a scheduler that sends whole modules to a worker.

    A module's tests run in one worker, so a module-scoped fixture (an indexed search
    site, a signed publish, the rendered golden pages) is made once, not once per worker;
    browser modules too (each worker starts one Chromium). Units go out largest first
    (xdist's `--loadscope-reorder`), so the last ones to finish are small. (The
    `xdist_group` mark cannot say this: pytest-xdist 3.8 groups by rewriting node ids,
    which pytest 9.2 ignores, xdist #1386; an id that still carries `@group` keeps it.)
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from scheduling import work_unit
    from xdist.scheduler import LoadGroupScheduling

    class ByModule(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return ByModule(config, log)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `slow` every test that needs the whole sample site built (see `built_site`)."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
