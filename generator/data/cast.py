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

import numpy as np
import pandas as pd

from generator.data.normalise import taipei_date
from generator.roc import from_roc

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


def matches(values: np.ndarray, pattern: str) -> np.ndarray:
    """Return which cells fully match `pattern` (one compiled regex, one pass)."""
    fullmatch = re.compile(pattern).fullmatch
    return np.fromiter((fullmatch(v) is not None for v in values), dtype=bool, count=len(values))


def cast_column(cells: np.ndarray, field: dict[str, Any]) -> tuple[pd.Series, np.ndarray]:
    """Return (typed values, mask of non-empty cells that are not of the field's type).

    `cells` is an object array of trimmed strings, '' for empty.
    """
    kind = field.get("type", "string")
    filled = cells != ""
    if kind in ("integer", "number"):
        ok = filled & matches(cells, INTEGER if kind == "integer" else NUMBER)
        numbers = np.where(ok, cells, "0").astype(str)
        if kind == "integer":
            array = pd.arrays.IntegerArray(numbers.astype(np.int64), mask=~ok)
        else:
            array = pd.arrays.FloatingArray(numbers.astype(np.float64), mask=~ok)
        return pd.Series(array), filled & ~ok
    if kind == "boolean":
        return _cast_boolean(cells, field, filled)
    if kind == "date":
        return _cast_date(cells, filled)
    if field.get("format") == "uri":
        return pd.Series(cells, dtype=object), filled & ~matches(cells, URI)
    return pd.Series(cells, dtype=object), np.zeros(len(cells), dtype=bool)


def _cast_boolean(cells: np.ndarray, field: dict[str, Any], filled: np.ndarray):
    """Map the field's true and false spellings to a pandas boolean column."""
    column = pd.Series(cells, dtype=object)
    is_true = column.isin(field.get("trueValues", TRUE_VALUES)).to_numpy()
    is_false = column.isin(field.get("falseValues", FALSE_VALUES)).to_numpy()
    array = pd.arrays.BooleanArray(is_true, mask=~(is_true | is_false))
    return pd.Series(array), filled & ~(is_true | is_false)


def _cast_date(cells: np.ndarray, filled: np.ndarray):
    """Parse ISO dates; impossible dates (2024-02-30) fail like any other bad cell."""
    shaped = np.where(filled & matches(cells, ISO_DATE), cells, None)
    parsed = pd.to_datetime(pd.Series(shaped, dtype=object), format="%Y-%m-%d", errors="coerce")
    ok = parsed.notna().to_numpy()
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
    """Recognise ROC and slashed Western dates and give their ISO spelling.

    A time stamp with a zone gets its Taipei date: cutting the time off a UTC stamp, as a
    plain "write YYYY-MM-DD" would suggest, makes a Taipei midnight a day early.
    """
    moved = taipei_date(plain)
    if moved is not None:
        return "date-zoned", {"fixed": moved.isoformat()}
    for pattern, to_gregorian, code in (
        (_SLASH_DATE, int, "date-not-iso"),
        (_ROC_DATE, from_roc, "roc-date"),
    ):
        match = pattern.fullmatch(plain)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return code, {"fixed": dt.date(to_gregorian(year), month, day).isoformat()}
            except ValueError:
                break
    return "type-date", {}
