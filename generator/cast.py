"""Turn a column of strings into typed values, whole columns at a time.

Types follow Table Schema with the project's strict lexical forms: integers are plain
ASCII digits with an optional sign, numbers plain decimals, dates ISO `YYYY-MM-DD`.
For the few cells that fail, `diagnose` recognises what clerks really type (ROC dates,
thousands separators, full-width digits) and names the value they meant.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import pandas as pd

INTEGER = r"[+-]?[0-9]{1,18}"  # 18 digits always fit in int64
NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
URI = r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+"
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]

_ROC_DATE = re.compile(
    r"(?:中華)?(?:民國)?\s*([0-9]{2,3})\s*(?:年|/|-|\.)\s*([0-9]{1,2})\s*(?:月|/|-|\.)"
    r"\s*([0-9]{1,2})\s*日?"
)
_SLASH_DATE = re.compile(
    r"([0-9]{4})\s*(?:/|-|\.|年)\s*([0-9]{1,2})\s*(?:/|-|\.|月)\s*([0-9]{1,2})\s*日?"
)
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


def cast_column(cells: pd.Series, field: dict[str, Any]) -> tuple[pd.Series, pd.Series]:
    """Return (typed values, mask of non-empty cells that are not of the field's type)."""
    kind = field.get("type", "string")
    filled = cells != ""
    if kind == "integer":
        ok = cells.str.fullmatch(INTEGER)
        return cells.where(ok).astype("Int64"), filled & ~ok
    if kind == "number":
        ok = cells.str.fullmatch(NUMBER)
        return cells.where(ok).astype("Float64"), filled & ~ok
    if kind == "boolean":
        return _cast_boolean(cells, field, filled)
    if kind == "date":
        return _cast_date(cells, filled)
    if field.get("format") == "uri":
        return cells, filled & ~cells.str.fullmatch(URI)
    return cells, pd.Series(False, index=cells.index)


def _cast_boolean(cells: pd.Series, field: dict[str, Any], filled: pd.Series):
    """Map the field's true and false spellings to a pandas boolean column."""
    truths = field.get("trueValues", TRUE_VALUES)
    falses = field.get("falseValues", FALSE_VALUES)
    is_true, is_false = cells.isin(truths), cells.isin(falses)
    values = pd.Series(pd.NA, index=cells.index, dtype="boolean")
    values[is_true] = True
    values[is_false] = False
    return values, filled & ~(is_true | is_false)


def _cast_date(cells: pd.Series, filled: pd.Series):
    """Parse ISO dates; impossible dates (2024-02-30) fail like any other bad cell."""
    parsed = pd.to_datetime(
        cells.where(cells.str.fullmatch(ISO_DATE)), format="%Y-%m-%d", errors="coerce"
    )
    ok = parsed.notna()
    values = parsed.dt.date.astype(object).where(ok, None)
    return values, filled & ~ok


def diagnose(value: str, field: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Return the error code and parameters for one cell that failed its type."""
    kind = field.get("type", "string")
    plain = unicodedata.normalize("NFKC", value).strip()
    if kind == "date":
        return _diagnose_date(plain)
    if kind in ("integer", "number"):
        pattern = INTEGER if kind == "integer" else NUMBER
        ungrouped = plain.replace(",", "") if _GROUPED.fullmatch(plain) else plain
        if re.fullmatch(pattern, ungrouped):
            # Full-width characters first: one fix (half-width, no commas) covers both.
            code = "fullwidth-digits" if plain != value.strip() else "thousands-separator"
            return code, {"fixed": ungrouped}
    if kind == "string":
        return "type-uri", {}
    return f"type-{kind}", {}


def _diagnose_date(plain: str) -> tuple[str, dict[str, Any]]:
    """Recognise ROC and slashed Western dates and give their ISO spelling."""
    for pattern, offset, code in ((_SLASH_DATE, 0, "date-not-iso"), (_ROC_DATE, 1911, "roc-date")):
        match = pattern.fullmatch(plain)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return code, {"fixed": dt.date(year + offset, month, day).isoformat()}
            except ValueError:
                break
    return "type-date", {}
