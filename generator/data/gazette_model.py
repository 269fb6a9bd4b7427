"""The gazette as data: categories, permalinks, issues with their entries, agencies.

Pages, feeds, PDF editions, browse pages, the JSON API and the home page all read the
gazette through these functions, never through a page provider.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from generator.config import load_config
from generator.models import BuildContext, Dataset
from generator.schedule import number_text

# ASCII names of the categories in feed URLs: permanent once published.
CATEGORY_SLUGS = {
    "法規": "regulations",
    "行政規則": "rules",
    "公告": "announcements",
    "人事": "personnel",
    "採購": "procurement",
    "財經": "finance",
    "更正": "corrigenda",
}


def records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Return a frame's rows as dicts, with pandas' missing values turned into None."""
    if frame is None or frame.empty:
        return []
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{k: (None if v is pd.NA else v) for k, v in row.items()} for row in rows]


def digits_of(root: Path) -> int:
    """Return the project's numbering width (gazette.yaml `numbering.digits`)."""
    return load_config(root).number_digits


def issue_path(volume: int, number: int, digits: int = 2) -> str:
    """Return the page path of an issue (the number padded to the project's `digits`)."""
    return f"gazette/{int(volume)}/{number_text(number, digits)}/index.md"


def entry_path(volume: int, number: int, entry_id: str, digits: int = 2) -> str:
    """Return the page path of an entry."""
    return f"gazette/{int(volume)}/{number_text(number, digits)}/{entry_id}/index.md"


def category_order(dataset: Dataset) -> list[str]:
    """Return the canonical category order: the enum order of the data package."""
    for spec in dataset.resource("gazette_entries")["schema"]["fields"]:
        if spec["name"] == "category":
            return list(spec.get("constraints", {}).get("enum", []))
    return []


def agencies(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """Return agencies by id."""
    return {row["agency_id"]: row for row in records(dataset.frames.get("agencies"))}


def issues(dataset: Dataset) -> list[dict[str, Any]]:
    """Return published issues, newest first, each with its entries and permalink."""
    entries = records(dataset.frames.get("gazette_entries"))
    by_issue: dict[str, list[dict[str, Any]]] = {}
    for entry in sorted(entries, key=lambda e: e["entry_id"]):
        by_issue.setdefault(entry["issue_id"], []).append(entry)
    result = []
    digits = digits_of(dataset.root)
    for issue in records(dataset.frames.get("gazette_issues")):
        issue["path"] = issue_path(issue["volume"], issue["number"], digits)
        issue["number_text"] = number_text(issue["number"], digits)  # for addresses in templates
        issue["entries"] = by_issue.get(issue["issue_id"], [])
        for entry in issue["entries"]:
            entry["path"] = entry_path(issue["volume"], issue["number"], entry["entry_id"], digits)
        result.append(issue)
    return sorted(result, key=lambda i: (i["publication_date"], i["volume"], i["number"]))[::-1]


def issues_of(ctx: BuildContext) -> list[dict[str, Any]]:
    """Return `issues(ctx.dataset)`, made once per build and copied for each caller.

    Pages, browse pages, the API, editions, PDFs and the home page all need the issues of
    both languages; on a ten-year archive making them costs a quarter of a second each
    time. Callers get their own dicts, so one that adds a key changes nothing for another.
    """
    made = ctx.state.memo.once("issues", lambda: issues(ctx.dataset))
    return [{**i, "entries": [dict(e) for e in i["entries"]]} for i in made]


def pdf_path(volume: int, number: int, digits: int = 2) -> str:
    """Return the site path of an issue's PDF edition."""
    n = number_text(number, digits)
    return f"gazette/{int(volume)}/{n}/gazette-{int(volume)}-{n}.pdf"
