"""Read a staff file (CSV in UTF-8 or Big5, XLSX, ODS) into numbered records of cells.

The bytes decide before the name does: a workbook renamed to .csv is still a workbook.
Problems are reported against the path as the user typed it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900
from openpyxl.utils.exceptions import InvalidFileException

from generator.data import normalise as norm
from generator.errors import ConfigError, DataInvalid
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


def read_source(path: Path, spec: dict[str, Any]) -> Source:
    """Read an XLSX, ODS or CSV file into records; raise ConfigError or DataInvalid if not."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
        if head == ZIP_MAGIC:
            source = _read_ods(path, spec) if _is_ods(path) else _read_xlsx(path, spec)
        elif head == OLE2_MAGIC or suffix not in TEXT_SUFFIXES + XLSX_SUFFIXES + ODS_SUFFIXES:
            problem = Problem.at(str(path), None, "", "import-format-unsupported", suffix=suffix)
            raise ConfigError([problem])
        elif suffix in TEXT_SUFFIXES:
            source = _read_text(path)
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
        name = pick_sheet(values.sheetnames, spec)
        sheet, formula_sheet = values[name], formulas[name]
        records = []
        rows = zip(_sheet_rows(sheet), _sheet_rows(formula_sheet), strict=False)
        for number, (cells, raw) in enumerate(rows, start=1):
            for index, (value, formula) in enumerate(zip(cells, raw, strict=False)):
                if value is None and formula is not None:
                    cells[index] = NoCachedValue()
            records.append((number, cells))
        epoch = values.epoch
    finally:
        values.close()
        formulas.close()
    return Source(str(path), records, sheet=name, epoch=epoch)


def _sheet_rows(sheet: Any) -> list[list[Any]]:
    """Return every row of a read-only sheet as a list, gaps included, from row 1."""
    sheet.reset_dimensions()  # exporters often write a wrong <dimension>; read what is there
    return [list(row) for row in sheet.iter_rows(min_row=1, values_only=True)]


def _read_ods(path: Path, spec: dict[str, Any]) -> Source:
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
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        records.append((number, [_ods_cell(value) for value in row]))
    return Source(str(path), records, sheet=name)


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
