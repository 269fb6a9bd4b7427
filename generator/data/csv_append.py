"""Rows appended to a dataset CSV, one way for every command (`new-issue`, `import`).

The file keeps what it was: its line endings (CRLF or LF, as its header line ends), its
byte-order mark if it had one, and its last line, ended first when it was not. Cells are
quoted by `csv`; a row whose column count is not the header's is refused before anything
is written, and the file is replaced atomically (`cache.write_atomic`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.cache import write_atomic
from generator.data.load import lines_of
from generator.errors import DataInvalid
from generator.models import Problem

BOM = "\ufeff"


@dataclass(frozen=True)
class Appended:
    """A CSV text with rows appended, and the editor line where each appended row starts."""

    text: str
    lines: list[int]


def newline_of(text: str) -> str:
    """Return the line ending of a CSV text: its first line's ("\\r\\n" or "\\n"; LF if none)."""
    end = text.find("\n")
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def header_of(text: str) -> list[str]:
    """Return the first non-blank record of a CSV text (its header), BOM removed; [] if none."""
    for record in csv.reader(lines_of(text.removeprefix(BOM))):
        if any(cell.strip() for cell in record):
            return record
    return []


def appended(
    text: str, rows: Sequence[Sequence[str]], where: str, header: Sequence[str] = ()
) -> Appended:
    """Return `text` with `rows` appended in the file's own style.

    A text without a header record gets `header` first. Raises DataInvalid
    (`csv-append-columns`, at `where`) when a row has more or fewer cells than the header.
    """
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    newline = newline_of(body)
    columns = header_of(body)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=newline)
    if not columns:
        columns, body = list(header), ""  # only blank lines: the header starts the file
        writer.writerow(columns)
    elif not body.endswith(("\n", "\r")):
        buffer.write(newline)  # the last row stays a row of its own
    problems = [
        Problem.at(where, None, "", "csv-append-columns", found=len(row), expected=len(columns))
        for row in rows
        if len(row) != len(columns)
    ]
    if problems:
        raise DataInvalid(problems)
    line = (bom + body).count("\n") + buffer.getvalue().count("\n") + 1
    lines = []
    for row in rows:
        start = len(buffer.getvalue())
        writer.writerow(row)
        lines.append(line)
        line += buffer.getvalue()[start:].count("\n")
    return Appended(bom + body + buffer.getvalue(), lines)


def append_rows(path: Path, rows: Sequence[Sequence[str]], where: str) -> Appended:
    """Append `rows` to the UTF-8 CSV file at `path` atomically; return what was written.

    `where` is the file as problems name it (e.g. "datasets/gazette_issues.csv").
    """
    done = appended(path.read_bytes().decode("utf-8"), rows, where)
    write_atomic(path, done.text.encode("utf-8"))
    return done
