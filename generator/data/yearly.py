"""Which downloads grow with the archive, and the archive year of each of their rows.

A resource named in `SPLIT` is published as one file per archive year and format,
`data/<resource>/<year>.<fmt>`, so a publish day rewrites (and a deploy uploads) only the
current year's files. The archive year is the ROC year, which is also the gazette volume
(`gazette/<volume>/`, `data/entries/<volume>/`): an entry's volume comes from its issue,
a gift's and a price survey's from their dates. Small resources stay one file each.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd

from generator.roc import to_roc

DATA_DIR = "data"  # the downloads' folder of a built site

# resource -> (column, how the year is read from it)
SPLIT: dict[str, tuple[str, str]] = {
    # The issues too: small per year (24-104 rows) but 30 years of them in three formats
    # would be re-uploaded whole on every publish day.
    "gazette_issues": ("issue_id", "volume"),
    "gazette_entries": ("issue_id", "volume"),
    "gifts": ("date", "date"),
    "procurement_prices": ("survey_date", "date"),
}
# Rows without a usable year (none pass validation today) go to a file of their own.
UNDATED = "undated"


def _year(value: object, how: str) -> str:
    """Return the archive year (ROC) of one cell, or UNDATED."""
    if how == "volume":
        head = str(value).split("-", 1)[0] if isinstance(value, str) else ""
        return str(int(head)) if head.isascii() and head.isdigit() else UNDATED
    if isinstance(value, dt.date) and to_roc(value.year) > 0:
        return str(to_roc(value.year))
    return UNDATED


def year_order(year: str) -> tuple[int, int]:
    """Sort key of a year name: numerically (99 before 100), UNDATED last."""
    return (1, 0) if year == UNDATED else (0, int(year))


def year_rows(name: str, frame: pd.DataFrame) -> dict[str, list[int]] | None:
    """Return year -> row positions (in frame order), years in order; None if not split."""
    spec = SPLIT.get(name)
    if spec is None or spec[0] not in frame.columns or len(frame) == 0:
        return None
    column, how = spec
    groups: dict[str, list[int]] = {}
    for position, value in enumerate(frame[column].tolist()):
        groups.setdefault(_year(value, how), []).append(position)
    return {year: groups[year] for year in sorted(groups, key=year_order)}


def site_rows(site_dir: Path, name: str) -> list[dict[str, Any]]:
    """Return a resource's rows as a built site publishes them, year files joined in order.

    For readers of a site, such as `gazette verify --site-dir`. Raises OSError or ValueError
    when a file is missing or not JSON.
    """
    folder = site_dir / DATA_DIR / name
    years = (
        sorted(folder.glob("*.json"), key=lambda p: year_order(p.stem)) if folder.is_dir() else []
    )
    paths = years or [site_dir / DATA_DIR / f"{name}.json"]
    return [row for path in paths for row in json.loads(path.read_bytes().decode("utf-8"))]
