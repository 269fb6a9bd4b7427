"""The gift register page `gifts/index.md`: totals, a chart and the sortable register.

Totals are over the published rows (already cut at --as-of). The register table shows the
latest `REGISTER_ROWS` records so the page stays small on a ten-year archive; the downloads
hold them all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from generator.labels import load_labels
from generator.models import BuildContext, Page
from generator.portal import charts
from generator.portal.downloads import published_rows
from generator.portal.pages.catalog import html_block, value_label
from generator.site.filters import number

RESOURCE = "gifts"
REGISTER_ROWS = 500
TOP_OCCASIONS = 10


def totals(rows: list[dict[str, Any]], key) -> list[dict[str, Any]]:
    """Return count and total value per group, largest value first (ties by group)."""
    count: Counter = Counter()
    value: Counter = Counter()
    for row in rows:
        group = key(row)
        count[group] += 1
        value[group] += row["total_value"] or 0
    order = sorted(count, key=lambda g: (-value[g], str(g)))
    return [{"group": g, "count": count[g], "value": value[g]} for g in order]


def top(groups: list[dict[str, Any]], n: int, other: str) -> list[dict[str, Any]]:
    """Return the first `n` groups and one group summing the rest."""
    if len(groups) <= n:
        return groups
    rest = groups[n:]
    merged = {
        "group": other,
        "count": sum(g["count"] for g in rest),
        "value": sum(g["value"] for g in rest),
    }
    return [*groups[:n], merged]


def local_share(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Return the share of local specialties among presented gifts (by value and count)."""
    presented = [r for r in rows if r["direction"] == "致贈"]
    if not presented:
        return None
    value = sum(r["total_value"] or 0 for r in presented)
    local = [r for r in presented if r["local_specialty"]]
    local_value = sum(r["total_value"] or 0 for r in local)
    return {
        "count": len(local),
        "of": len(presented),
        "share": f"{(local_value / value * 100) if value else 0:.1f}%",
    }


def year_chart(by_year: list[dict[str, Any]], labels: dict[str, Any], lang: str) -> Any:
    """Return the bar chart of value per year and direction."""
    bars = [
        charts.Bar(
            f"{g['year']} {value_label(labels, g['direction'])}",
            float(g["value"]),
            number(g["value"]),
        )
        for g in by_year
    ]
    summary = "; ".join(f"{b.label} {b.text}" for b in bars)
    portal = labels["portal"]
    return charts.bar_chart(
        charts.chart_id("gifts", "years", lang),
        portal["gift_chart_title"],
        portal["gift_chart_desc"].format(summary=summary),
        bars,
    )


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the gift register page."""
    labels = load_labels(ctx.root, lang)
    rows = published_rows(ctx, RESOURCE)
    agencies = {a["agency_id"]: a for a in published_rows(ctx, "agencies")}
    by_year = sorted(
        (
            {"year": g["group"][0], "direction": g["group"][1], **g}
            for g in totals(rows, lambda r: (r["date"].year, r["direction"]))
        ),
        key=lambda g: (g["year"], g["direction"] != "致贈"),
    )
    occasion = "occasion_en" if lang == "en" else "occasion_zh"

    def agency_name(agency_id: str) -> str:
        agency = agencies.get(agency_id, {})
        shown = agency.get("name_en") if lang == "en" else agency.get("name_zh")
        return shown or agency.get("name_zh") or agency_id

    received = [r for r in rows if r["direction"] == "受贈"]
    register = sorted(rows, key=lambda r: (r["date"], r["gift_id"]), reverse=True)
    context = {
        "nav_title": labels["portal"]["gifts_title"],
        "total": {"count": len(rows), "value": sum(r["total_value"] or 0 for r in rows)},
        "by_year": by_year,
        "by_direction": totals(rows, lambda r: value_label(labels, r["direction"])),
        "by_occasion": top(
            totals(rows, lambda r: r.get(occasion) or r["occasion_zh"]),
            TOP_OCCASIONS,
            labels["portal"]["others"],
        ),
        "by_agency": totals(rows, lambda r: agency_name(r["agency_id"])),
        "by_outcome": totals(received, lambda r: value_label(labels, r["outcome"] or "—")),
        "local": local_share(rows),
        "chart": year_chart(by_year, labels, lang) if by_year else "",
        "register": register[:REGISTER_ROWS],
        "register_total": len(register),
        "agency_name": agency_name,
        "value": lambda v: value_label(labels, v),
        "block": html_block,
    }
    yield Page("gifts/index.md", "portal/gifts.md.j2", context)
