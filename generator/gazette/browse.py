"""Browse pages: every published entry of one category, or of one agency.

`gazette/category/<slug>/` (next to that category's feeds) and `gazette/agency/<id>/`,
each listing entries newest first, split by volume (ROC year). A page exists only for a
category or agency with at least one published entry: the dataset is already embargoed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.gazette.model import CATEGORY_SLUGS, agencies, category_order, issues_of
from generator.models import BuildContext, Page


def category_path(slug: str) -> str:
    """Return the page path of a category."""
    return f"gazette/category/{slug}/index.md"


def agency_path(agency_id: str) -> str:
    """Return the page path of an agency's entries."""
    return f"gazette/agency/{agency_id}/index.md"


def listed(ctx: BuildContext) -> list[dict[str, Any]]:
    """Return every published entry with its issue, newest first."""
    rows = [{"entry": e, "issue": i} for i in issues_of(ctx) for e in i["entries"]]
    rows.sort(key=lambda r: (r["issue"]["publication_date"], r["entry"]["entry_id"]), reverse=True)
    return rows


def by_year(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return rows grouped by volume, newest volume first (rows are newest first)."""
    groups: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(int(row["issue"]["volume"]), []).append(row)
    return [
        {"volume": v, "year": v + 1911, "rows": groups[v]} for v in sorted(groups, reverse=True)
    ]


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the category pages (canonical order), then the agency pages (by id)."""
    rows = listed(ctx)
    result = []
    for name in category_order(ctx.dataset):
        slug = CATEGORY_SLUGS.get(name)
        chosen = [r for r in rows if r["entry"]["category"] == name]
        if slug and chosen:
            context = {"category": name, "slug": slug, "count": len(chosen)}
            context["years"] = by_year(chosen)
            result.append(Page(category_path(slug), "gazette/category.md.j2", context))
    known = agencies(ctx.dataset)
    for agency_id in sorted({r["entry"]["agency_id"] for r in rows}):
        chosen = [r for r in rows if r["entry"]["agency_id"] == agency_id]
        agency = known.get(agency_id) or {}
        name = (agency.get("name_en") if lang == "en" else None) or agency.get("name_zh")
        context = {
            "agency_id": agency_id,
            "agency_name": name or agency_id,
            "count": len(chosen),
            "years": by_year(chosen),
        }
        result.append(Page(agency_path(agency_id), "gazette/agency.md.j2", context))
    return result
