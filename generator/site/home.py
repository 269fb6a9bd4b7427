"""The home page: the latest published issue, the latest dataset updates, the sections."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.data.gazette_model import category_order, issues_of
from generator.models import BuildContext, Dataset, Page

# resource → the column that tells when it last changed (indicators are annual)
UPDATED_BY = {
    "gazette_issues": "publication_date",
    "gifts": "date",
    "procurement_prices": "survey_date",
    "plan_indicators": "plan_year",
}


def updates(dataset: Dataset) -> list[dict[str, Any]]:
    """Return each dataset's row count and latest date (or plan year), latest first."""
    rows = []
    for name, column in UPDATED_BY.items():
        frame = dataset.frames.get(name)
        if frame is None or column not in frame:
            continue
        values = [v for v in frame[column].tolist() if v is not None and v == v]
        resource = dataset.resource(name)
        rows.append(
            {
                "resource": name,
                "title": resource.get("title", name),
                "title_en": resource.get("title_en", ""),
                "rows": len(frame),
                "latest": max(values) if values else None,
                "annual": column == "plan_year",
            }
        )
    return rows


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the home page."""
    published = issues_of(ctx)
    latest = published[0] if published else None
    counts = {}
    if latest is not None:
        for entry in latest["entries"]:
            counts[entry["category"]] = counts.get(entry["category"], 0) + 1
    order = category_order(ctx.dataset)
    return [
        Page(
            "index.md",
            "home.md.j2",
            {
                "latest": latest,
                "category_counts": [(c, counts[c]) for c in order if c in counts],
                "updates": updates(ctx.dataset),
            },
        )
    ]
