"""One cell of a staff file to its canonical text: dates, numbers, yes/no, codes, lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

from generator.data import normalise as norm
from generator.data.import_headers import blank
from generator.data.import_read import NoCachedValue

# Codes a cell may convert with that are notes for the import report, not problems.
NOTES = {"import-date-taipei"}
EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"}


def normalise_cell(
    cell: Any, spec_field: dict[str, Any], structured: bool,
    epoch: dt.datetime = CALENDAR_WINDOWS_1900,
) -> tuple[str, str]:  # fmt: skip
    """Return the cell's canonical text and a code ('' when it converted cleanly).

    A code in NOTES converted the cell and only asks for a line in the report.
    """
    if isinstance(cell, NoCachedValue):
        return "", "import-formula-no-value"
    if isinstance(cell, str) and cell.strip() in EXCEL_ERRORS:
        return cell.strip(), "import-formula-error"
    if blank(cell):
        return "", ""
    kind = spec_field.get("type", "string")
    if kind == "date":
        return to_date(cell, epoch)
    if kind in ("integer", "number"):
        return to_number(cell, kind == "integer")
    if kind == "boolean":
        return to_bool(cell)
    text = norm.clean_text(plain(cell))
    separator = spec_field.get("separator")
    if separator:  # a list field: one value per item, however the cell separated them
        return norm.join_doc_numbers(
            [norm.to_halfwidth(t) for t in norm.split_doc_numbers(text)]
        ), ""
    return (norm.to_halfwidth(text) if structured else norm.to_halfwidth_alnum(text)), ""


def plain(cell: Any) -> str:
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


def to_date(cell: Any, epoch: dt.datetime = CALENDAR_WINDOWS_1900) -> tuple[str, str]:
    """Return an ISO date from a date cell, ROC or Western text, or an Excel serial number.

    A serial number counts from the workbook's epoch: a file saved on the Mac 1904 date
    system puts the same day 1462 serials lower than one on the 1900 system.
    """
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat(), ""
    if isinstance(cell, dt.date):
        return cell.isoformat(), ""
    text = plain(cell)
    moved = norm.taipei_date(text)
    if moved is not None:  # a zoned instant: its Taipei date, and a note saying so
        return moved.isoformat(), "import-date-taipei"
    parsed = norm.parse_date(text)
    serial = isinstance(cell, int | float) and not isinstance(cell, bool) and len(text) < 7
    if parsed is None and serial and 0 < cell < 2958466:  # a date cell that lost its format
        parsed = from_excel(cell, epoch=epoch).date()
    return (parsed.isoformat(), "") if parsed else (norm.clean_text(text), "import-bad-date")


def to_bool(cell: Any) -> tuple[str, str]:
    """Return 'true' or 'false' from a checkbox value or 是/否, Y/N, ✓."""
    flag = cell if isinstance(cell, bool) else norm.parse_bool(plain(cell))
    if flag is None:
        return norm.clean_text(plain(cell)), "import-bad-boolean"
    return ("true" if flag else "false"), ""


def to_number(cell: Any, integer: bool) -> tuple[str, str]:
    """Return a plain number from a numeric cell or text with 千分位, NT$ or 元."""
    if isinstance(cell, bool):
        return str(cell), "import-bad-number"
    exact = isinstance(cell, float) and not cell.is_integer()
    text = format(Decimal(repr(cell)), "f") if exact else plain(cell)  # 1.5e-05 → 0.000015
    number = norm.parse_number(text)
    if number is None:
        return norm.clean_text(plain(cell)), "import-bad-number"
    if integer and number != number.to_integral_value():
        return norm.format_number(number), "import-not-integer"
    return norm.format_number(number), ""
