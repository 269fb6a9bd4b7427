"""ROC (Minguo) years: the one place a Gregorian year becomes an ROC year and back.

ROC year 1 is 1912, so an ROC year is the Gregorian year − 1911. The gazette's volume is
the ROC year of its publication date, and Chinese pages print dates in the ROC calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

ROC_OFFSET = 1911  # ROC (Minguo) year = Gregorian year - 1911; ROC year 1 is 1912

Year = TypeVar("Year")  # an int, or a pandas Series of them (a column of years)


def to_roc(year: Year) -> Year:
    """Return the ROC year of a Gregorian `year` (2025 → 114)."""
    return year - ROC_OFFSET  # type: ignore[operator]


def from_roc(year: Year) -> Year:
    """Return the Gregorian year of an ROC `year` (114 → 2025)."""
    return year + ROC_OFFSET  # type: ignore[operator]


def roc_date(day: dt.date) -> str:
    """Return a date in the ROC calendar as Chinese pages print it: `114年1月15日`."""
    return f"{to_roc(day.year)}年{day.month}月{day.day}日"


def roc_long_date(day: dt.date) -> str:
    """Return a date in the official long form: `中華民國114年1月15日`."""
    return f"中華民國{roc_date(day)}"
