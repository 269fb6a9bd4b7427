"""Read a staff file (CSV in UTF-8 or Big5, XLSX, ODS) into numbered records of cells.

The bytes decide before the name does: a workbook renamed to .csv is still a workbook.
Problems are reported against the path as the user typed it.

Every read is bounded by `generator.limits.Limits` (gazette.yaml `limits:`), each limit
checked before the work it bounds: file sizes by stat; a workbook's expanded size from its
zip directory (zipfile never inflates a member past its declared size); an ODS sheet's
`number-rows-repeated`/`number-columns-repeated` in one streaming pass over content.xml,
counted the way pandas' reader expands them; rows, columns, cells and cell size while the
rows stream in. A CSV is held whole once (at most `csv_bytes`); blank rows are not kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900
from openpyxl.utils.exceptions import InvalidFileException

from generator.data import normalise as norm
from generator.data.load import MEMO_LIMIT
from generator.errors import ConfigError, DataInvalid
from generator.limits import DEFAULT_LIMITS, Limits
from generator.models import Problem

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ODS_SUFFIXES = (".ods",)
ZIP_MAGIC, OLE2_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"  # XLSX and ODS; legacy XLS
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ENCODINGS = ("utf-8", "cp950", "big5hkscs")  # cp950 has 嫺 and 碁; HKSCS covers the rest


@dataclass
class Source:
    """The source file as records: (line or sheet row, cells) in file order."""

    display: str  # the path as the user gave it: problems are reported against it
    records: list[tuple[int, list[Any]]]
    sheet: str | None = None
    epoch: dt.datetime = CALENDAR_WINDOWS_1900  # a workbook saved on the 1904 date system
    folder: Path | None = None  # where relative body paths in the file are looked up


class NoCachedValue:
    """A formula cell saved without its computed value (the file was never opened in Excel)."""


def read_source(path: Path, spec: dict[str, Any], limits: Limits = DEFAULT_LIMITS) -> Source:
    """Read an XLSX, ODS or CSV file into records; raise ConfigError or DataInvalid if not.

    A file over one of `limits` raises DataInvalid (`import-limit`) before it is parsed,
    or as soon as reading reaches the limit.
    """
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
        if head == ZIP_MAGIC:
            _check_workbook(path, limits)
            if _is_ods(path):
                _check_ods_repeats(path, limits)
                source = _read_ods(path, spec, limits)
            else:
                source = _read_xlsx(path, spec, limits)
        elif head == OLE2_MAGIC or suffix not in TEXT_SUFFIXES + XLSX_SUFFIXES + ODS_SUFFIXES:
            problem = Problem.at(str(path), None, "", "import-format-unsupported", suffix=suffix)
            raise ConfigError([problem])
        elif suffix in TEXT_SUFFIXES:
            source = _read_text(path, limits)
        else:
            problem = Problem.at(str(path), None, "", "import-source-unreadable",
                                 detail="not a zip archive")  # fmt: skip
            raise DataInvalid([problem])
    except OSError as error:
        problem = Problem.at(str(path), None, "", "import-source-unreadable", detail=str(error))
        raise DataInvalid([problem]) from None
    source.folder = path.parent
    return source


def _is_ods(path: Path) -> bool:
    """Return whether a zip file is an OpenDocument spreadsheet (its `mimetype` member says so)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").strip() == ODS_MIMETYPE
    except (KeyError, zipfile.BadZipFile):
        return False


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


def over_limit(
    path: Path | str, line: int | None, key: str, found: int, limits: Limits
) -> DataInvalid:
    """Return the error to raise: `key` of `limits` exceeded (`found` so far) at `line`."""
    limit = getattr(limits, key)
    problem = Problem.at(str(path), line, "", "import-limit", key=key, limit=limit,
                         found=found, example=limit * 2)  # fmt: skip
    return DataInvalid([problem])


class _Counter:
    """Rows, columns, cells and cell sizes of the records read so far, against the limits."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path, self.limits = path, limits
        self.rows = self.cells = 0

    def add(self, line: int, cells: tuple[Any, ...] | list[Any]) -> bool:
        """Count one record; return whether it holds anything. Raise past a limit."""
        limits = self.limits
        if len(cells) > limits.columns:
            raise over_limit(self.path, line, "columns", len(cells), limits)
        if all(cell is None or cell == "" for cell in cells):
            return False
        self.rows += 1
        self.cells += len(cells)
        if self.rows > limits.rows:
            raise over_limit(self.path, line, "rows", self.rows, limits)
        if self.cells > limits.cells:
            raise over_limit(self.path, line, "cells", self.cells, limits)
        for cell in cells:
            if isinstance(cell, str) and len(cell) > limits.cell_bytes:
                raise over_limit(self.path, line, "cell_bytes", len(cell), limits)
        return True


def _read_text(path: Path, limits: Limits) -> Source:
    """Read a CSV (or a tab-separated Excel 'Unicode text' export) with editor line numbers."""
    size = path.stat().st_size
    if size > limits.csv_bytes:
        raise over_limit(path, None, "csv_bytes", size, limits)
    decoded = decode_bytes(path.read_bytes())
    if decoded is None:
        raise DataInvalid([Problem.at(str(path), None, "", "import-encoding")])
    text = decoded[0]
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    del decoded, text  # the reader's buffer holds the only copy
    records: list[tuple[int, list[Any]]] = []
    counter = _Counter(path, limits)
    previous_end = 0
    saved = csv.field_size_limit(limits.cell_bytes + 1)  # a cell past it raises at once
    memo: dict[str, str] = {}  # equal cell texts kept once, as load._shared_records does
    share = memo.setdefault
    try:
        for record in reader:
            if counter.add(previous_end + 1, record):
                records.append((previous_end + 1, list(map(share, record, record))))
                if len(memo) > MEMO_LIMIT:
                    memo.clear()
            previous_end = reader.line_num
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise over_limit(path, previous_end + 1, "cell_bytes", limits.cell_bytes + 1,
                             limits) from None  # fmt: skip
        problem = Problem.at(str(path), reader.line_num, "", "import-source-unreadable",
                             detail=str(error))  # fmt: skip
        raise DataInvalid([problem]) from None
    finally:
        csv.field_size_limit(saved)
    return Source(str(path), records)


def _check_workbook(path: Path, limits: Limits) -> None:
    """Refuse a workbook over `workbook_bytes` on disk or `expanded_bytes` once inflated.

    The zip directory declares each member's size, and zipfile stops (with an error) at
    that size whatever the compressed stream holds: the sum is a true bound on what
    openpyxl and odfpy can read, known before anything is inflated.
    """
    size = path.stat().st_size
    if size > limits.workbook_bytes:
        raise over_limit(path, None, "workbook_bytes", size, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        problem = Problem.at(str(path), None, "", "import-source-unreadable", detail=str(error))
        raise DataInvalid([problem]) from None
    if expanded > limits.expanded_bytes:
        raise over_limit(path, None, "expanded_bytes", expanded, limits)


def _read_xlsx(path: Path, spec: dict[str, Any], limits: Limits) -> Source:
    """Read the resource's sheet (or the first) with cached formula values and sheet rows.

    Rows stream from both read-only workbooks in step and are counted as they come.
    """
    try:
        data = path.read_bytes()  # a file object: openpyxl would refuse a renamed .csv by name
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        problem = Problem.at(str(path), None, "", "import-source-unreadable", detail=str(error))
        raise DataInvalid([problem]) from None
    try:
        name = pick_sheet(values.sheetnames, spec)
        sheet, formula_sheet = values[name], formulas[name]
        records = []
        counter = _Counter(path, limits)
        rows = zip(_sheet_rows(sheet), _sheet_rows(formula_sheet), strict=False)
        for number, (row, raw) in enumerate(rows, start=1):
            if not counter.add(number, row) and not any(c is not None for c in raw):
                continue  # a blank row is not kept: a sheet may declare a million of them
            cells = list(row)
            for index, (value, formula) in enumerate(zip(cells, raw, strict=False)):
                if value is None and formula is not None:
                    cells[index] = NoCachedValue()
            records.append((number, cells))
        epoch = values.epoch
    finally:
        values.close()
        formulas.close()
    return Source(str(path), records, sheet=name, epoch=epoch)


def _sheet_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """Yield every row of a read-only sheet, gaps included, from row 1."""
    sheet.reset_dimensions()  # exporters often write a wrong <dimension>; read what is there
    return sheet.iter_rows(min_row=1, values_only=True)


def _read_ods(path: Path, spec: dict[str, Any], limits: Limits) -> Source:
    """Read an OpenDocument spreadsheet (Taiwan's government office format) through pandas."""
    import pandas as pd  # the odf engine needs odfpy

    try:
        book = pd.ExcelFile(path, engine="odf")
        name = pick_sheet([str(n) for n in book.sheet_names], spec)
        frame = pd.read_excel(book, sheet_name=name, header=None, dtype=object)
    except Exception as error:  # noqa: BLE001 - odfpy raises many types for a broken file
        problem = Problem.at(str(path), None, "", "import-source-unreadable", detail=str(error))
        raise DataInvalid([problem]) from None
    records = []
    counter = _Counter(path, limits)  # the repeats were bounded before; sizes are checked here
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        cells = [_ods_cell(value) for value in row]
        if counter.add(number, cells):
            records.append((number, cells))
    return Source(str(path), records, sheet=name)


# Element and attribute names spelt whole, as ElementTree gives them.
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table"
_ROW = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-row"
_CELLS = (
    "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-cell",
    "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}covered-table-cell",
)
_ROWS_REPEATED = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}number-rows-repeated"
_COLUMNS_REPEATED = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}number-columns-repeated"
_OFFICE_VALUE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}value"


def _check_ods_repeats(path: Path, limits: Limits) -> None:
    """Refuse an ODS whose repeated rows or cells expand past the limits, before pandas does.

    `table:number-columns-repeated="1000000"` on a filled cell makes pandas build a million
    values per row from a few bytes. This counts what pandas would build, in one streaming
    pass over content.xml (defusedxml: no entities): a filled cell adds all the empty
    cells before it and its own repeats; trailing empty cells and rows, which LibreOffice
    writes for every sheet, add nothing, as in pandas. Rows are dropped once counted, so
    memory stays that of one row.
    """
    from defusedxml.ElementTree import iterparse

    rows = cells = 0
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
            stack: list[Any] = []
            width = empty_cells = empty_rows = 0
            for event, element in iterparse(stream, events=("start", "end")):
                if event == "start":
                    stack.append(element)
                    if element.tag == _TABLE:
                        rows = empty_rows = 0
                    elif element.tag == _ROW:
                        width = empty_cells = 0
                    continue
                stack.pop()
                if element.tag in _CELLS:
                    repeat = _repeat(element, _COLUMNS_REPEATED)
                    if len(element) or element.get(_OFFICE_VALUE) is not None:
                        width += empty_cells + repeat
                        empty_cells = 0
                        if width > limits.columns:
                            raise over_limit(path, rows + empty_rows + 1, "columns", width,
                                             limits)  # fmt: skip
                    else:
                        empty_cells += repeat
                elif element.tag == _ROW:
                    repeat = _repeat(element, _ROWS_REPEATED)
                    if width:
                        rows += empty_rows + repeat
                        empty_rows = 0
                        cells += width * repeat
                        if rows > limits.rows:
                            raise over_limit(path, None, "rows", rows, limits)
                        if cells > limits.cells:
                            raise over_limit(path, None, "cells", cells, limits)
                    else:
                        empty_rows += repeat
                    if stack:
                        stack[-1].remove(element)  # keep one row in memory, not the sheet
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, SyntaxError) as error:
        # defusedxml's refusals and expat's ParseError are ValueError/SyntaxError kinds
        problem = Problem.at(str(path), None, "", "import-source-unreadable",
                             detail=str(error)[:200])  # fmt: skip
        raise DataInvalid([problem]) from None


def _repeat(element: Any, attribute: str) -> int:
    """Return an ODS element's repeat count (1 when absent or not a number)."""
    value = element.get(attribute, "1")
    return int(value) if value.isdigit() else 1


def _ods_cell(value: Any) -> Any:
    """Return an ODS cell as openpyxl would give it: None for empty, datetime for dates."""
    import pandas as pd

    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def pick_sheet(names: list[str], spec: dict[str, Any]) -> str:
    """Return the sheet named like the resource (name, title or English title), else the first."""
    wanted = {norm.header_key(spec.get(k, "")) for k in ("name", "title", "title_en")} - {""}
    for name in names:
        if norm.header_key(name) in wanted:
            return name
    return names[0]
