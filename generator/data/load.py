"""Stage 1, load: read the package descriptor and each resource's file, unjudged.

Nothing here judges the values; `validate` does. Loading only reports what stops a file
from being read at all (missing, unreadable). `parse_csv` is the project's one CSV reader.
"""

from __future__ import annotations

import copy
import csv
import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from generator.config import load_config
from generator.errors import ConfigError
from generator.models import Problem, Table

PACKAGE_PATH = "datasets/datapackage.yaml"
RESOURCE_NAMES = (
    "agencies",
    "gazette_issues",
    "gazette_entries",
    "gifts",
    "procurement_prices",
    "plan_indicators",
)
csv.field_size_limit(64 * 1024 * 1024)  # a 5 MB cell is bad data to report, not a crash
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 15x faster, same result


@dataclass
class Source:
    """What the load stage read: the descriptor and each resource's bytes (or why not)."""

    root: Path
    descriptor: dict[str, Any]
    files: dict[str, bytes | Problem] = field(default_factory=dict)  # by resource name


def load_project(root: Path) -> Source:
    """Read the descriptor (ConfigError when unusable) and the bytes of every resource."""
    root = Path(root)
    source = Source(root, load_descriptor(root))
    limits = load_config(root).limits  # a committed file is bounded like an imported one
    for resource in source.descriptor["resources"]:
        source.files[resource["name"]] = read_resource(root, resource, limits.csv_bytes)
    return source


def read_resource(
    root: Path, resource: dict[str, Any], max_bytes: int | None = None
) -> bytes | Problem:
    """Return a resource file's bytes, or the problem that stops it from being read.

    A file over `max_bytes` (gazette.yaml `limits.csv_bytes`) is refused by its size,
    before a byte of it is read."""
    rel = resource_path(resource)
    path = root / rel
    if not path.is_file():
        return Problem.at(rel, None, "", "file-missing")
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            return Problem.at(rel, None, "", "file-over-limit",
                              found=f"{size:,}", limit=f"{max_bytes:,}")  # fmt: skip
        return path.read_bytes()
    except OSError as error:
        return Problem.at(rel, None, "", "file-unreadable", detail=error.strerror or str(error))


@functools.lru_cache(maxsize=8)
def _parse_yaml(text: str) -> Any:
    """Return the YAML `text` parsed, once per distinct text (a build reads the descriptor
    several times; callers get a deep copy, so none can change another's)."""
    return yaml.load(text, Loader=_SAFE_LOADER)


def load_descriptor(root: Path) -> dict[str, Any]:
    """Return the parsed `datasets/datapackage.yaml`, or raise ConfigError saying why not."""
    if not root.is_dir():
        raise ConfigError([Problem.at(str(root), None, "", "root-missing", root=str(root))])
    path = root / PACKAGE_PATH
    if not path.is_file():
        raise ConfigError([Problem.at(PACKAGE_PATH, None, "", "package-missing")])
    try:
        descriptor = copy.deepcopy(_parse_yaml(path.read_text(encoding="utf-8")))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", None)
        raise ConfigError(
            [
                Problem.at(
                    PACKAGE_PATH,
                    None if line is None else line + 1,
                    "",
                    "package-unreadable",
                    detail=str(error).splitlines()[0],
                )
            ]
        ) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise ConfigError(
            [Problem.at(PACKAGE_PATH, None, "", "package-invalid", detail="resources")]
        )
    names = {r.get("name") for r in descriptor["resources"] if isinstance(r, dict)}
    missing = [n for n in RESOURCE_NAMES if n not in names]
    if missing:
        raise ConfigError(
            [Problem.at(PACKAGE_PATH, None, "", "resource-missing", resource=n) for n in missing]
        )
    return descriptor


def resource_path(resource: dict[str, Any]) -> str:
    """Return a resource's CSV path relative to the project root."""
    return f"datasets/{resource['path']}"


def parse_csv(text: str, strict: bool = False) -> tuple[list[str], list[list[str]], list[int]]:
    """Split CSV text into header, rows and the editor line where each row starts.

    The project's one CSV reader. Blank lines are skipped but counted, so line numbers
    match what an editor shows even with multi-line quoted cells. `strict` raises
    `csv.Error` on a stray or unclosed quote instead of swallowing the rest of the file
    into one cell. Records are read in one C call and their start lines computed
    afterwards: the per-record Python loop only runs when cells span several lines.
    """
    records = _shared_records(csv.reader(lines_of(text), strict=strict))
    starts = _record_starts(text, records)
    if min(map(len, records), default=0) < 2:  # blank lines read as [] (or [''] for "")
        kept = [(s, r) for s, r in zip(starts, records, strict=True) if len(r) > 1 or (r and r[0])]
        starts, records = [s for s, _ in kept], [r for _, r in kept]
    if not records:
        return [], [], []
    return records[0], records[1:], starts[1:]


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lines_of(text: str) -> Iterator[str]:
    """Yield the lines of `text` with their endings, as `io.StringIO(text, newline="")` does.

    StringIO copies the text into a buffer of four bytes per character: 400 MB more for a
    100-million-character file. This reads the text in place.
    """
    return (found.group() for found in _LINE.finditer(text))


MEMO_LIMIT = 200_000  # distinct cell texts remembered at once (about 20 MB)


def _shared_records(reader: Iterator[list[str]]) -> list[list[str]]:
    """Return the records with equal cell texts shared as one string object.

    A million-row price file repeats the same dates, prices, categories and agency ids in
    most cells; one string each instead of one per cell halves validation's peak memory.
    The memo is emptied when it grows past MEMO_LIMIT (a column of unique names), so it
    stays bounded; a value is then at worst held a few times.
    """
    memo: dict[str, str] = {}
    share = memo.setdefault
    records = []
    for record in reader:
        records.append(list(map(share, record, record)))
        if len(memo) > MEMO_LIMIT:
            memo.clear()
    return records


def _record_starts(text: str, records: list[list[str]]) -> list[int]:
    """Return the editor line where each record starts."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    physical = breaks + (0 if text.endswith(("\n", "\r")) else 1)
    if physical == len(records):  # no cell spans two lines: record i starts on line i + 1
        return list(range(1, len(records) + 1))
    starts, line = [], 1
    for record in records:
        starts.append(line)
        joined = "\x00".join(record)
        line += 1
        if "\n" in joined or "\r" in joined:
            line += joined.count("\n") + joined.count("\r") - joined.count("\r\n")
    return starts


def to_frame(header: list[str], rows: list[list[str]]) -> pd.DataFrame:
    """Build a string frame; short rows are padded and long rows cut to the header."""
    width = len(header)
    fitted = [(row + [""] * width)[:width] for row in rows]
    return pd.DataFrame(fitted, columns=header, dtype=str) if width else pd.DataFrame()


def read_text(path: Path) -> str:
    """Return a canonical dataset file's text; raises UnicodeDecodeError if not UTF-8."""
    return path.read_bytes().decode("utf-8")


def read_table(root: Path, resource: dict[str, Any]) -> Table:
    """Read one resource's CSV as strings (no judging); the caller handles OSError/decode."""
    rel = resource_path(resource)
    header, rows, lines = parse_csv(read_text(root / rel))
    return Table(resource["name"], rel, header, to_frame(header, rows), lines)


class InsideFolder:
    """Tell which files lie inside one folder once links are followed, cheaply in bulk.

    `Path.resolve()` looks up every component of every path: for 8,000 body files under
    a few folders that is most of the time spent reading them. Folders are resolved once
    here and only a file that is itself a link is resolved in full, with the same answer.
    """

    def __init__(self, base: Path) -> None:
        self.base = os.path.realpath(base)
        self._folders: dict[str, str] = {}

    def real(self, rel: str) -> str | None:
        """Return the real path of `base/rel`, or None when it leads outside `base`."""
        joined = os.path.join(self.base, rel)
        folder, name = os.path.split(joined)
        real_folder = self._folders.get(folder)
        if real_folder is None:
            real_folder = self._folders[folder] = os.path.realpath(folder)
        real = os.path.join(real_folder, name)
        if os.path.islink(real):
            real = os.path.realpath(real)
        if real != self.base and not real.startswith(self.base + os.sep):
            return None
        return real
