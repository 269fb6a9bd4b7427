"""The gift register: an overview `gifts/index.md` and one page per year `gifts/<ROC year>/`.

The overview gives totals per year (presented and received apart) with links; a year page
gives that year's totals, by-agency tables for presented and received gifts apart, how
received gifts were handled, and the register with filters. Totals are over the published
rows (already cut at --as-of). A year's register shows its latest `REGISTER_ROWS` records
so a page stays small on a large archive; the downloads hold them all.

Outcomes: the ethics rules ask for an outcome only for received gifts above the thresholds
(rules.check_gift_outcomes enforces it), so a blank outcome is labelled for what it means —
"not applicable" for presented gifts, "none needed" for received gifts below the thresholds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from generator.data.rules import (
    PRESENTED,
    RECEIVED,
    STAKEHOLDER_LIMIT,
    TOTAL_LIMIT,
    UNIT_LIMIT,
    over_gift_limits,
)
from generator.labels import load_labels
from generator.markup.escape import href
from generator.markup.filters import number
from generator.models import BuildContext, Page
from generator.portal import charts
from generator.portal.downloads import download_files, published_rows
from generator.portal.pages.catalog import download_rows, html_block, value_label
from generator.roc import to_roc

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
    presented = [r for r in rows if r["direction"] == PRESENTED]
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
    """Return the bar chart of value per year and direction (one colour per direction)."""
    bars = [
        charts.Bar(
            f"{year_text(g['year'], lang)} {value_label(labels, g['direction'])}",
            float(g["value"]),
            number(g["value"]),
            charts.MARK if g["direction"] == PRESENTED else charts.ALT_MARK,
        )
        for g in sorted(by_year, key=lambda g: (-g["year"], g["direction"] != PRESENTED))
    ]
    summary = "; ".join(f"{b.label} {b.text}" for b in bars)
    portal = labels["portal"]
    return charts.bar_chart(
        charts.chart_id("gifts", "years", lang),
        portal["gift_chart_title"],
        portal["gift_chart_desc"].format(summary=summary),
        bars,
        plot_width=200.0,  # short labels: the chart fits a 390 px phone at full size
    )


def year_text(year: int, lang: str) -> str:
    """Return a calendar year as readers of the page say it: ROC on Chinese pages."""
    return str(year) if lang == "en" else f"{to_roc(year)}年"


def outcome_code(row: dict[str, Any]) -> str:
    """Return a gift's outcome, or what a blank outcome means for its direction."""
    if row["outcome"]:
        return row["outcome"]
    return "presented" if row["direction"] == PRESENTED else "below_threshold"


# The register's ethics filter: what the rule says of each gift (never a value cut-off of its own).
MUST_REPORT, BELOW_LIMITS = "report", "below"


def ethics_code(row: dict[str, Any]) -> str:
    """Return what the ethics rule says of a gift: must be handled, below the thresholds, or
    nothing (presented gifts), by the rule's own test (`rules.over_gift_limits`)."""
    if row["direction"] != RECEIVED:
        return PRESENTED
    over = over_gift_limits(
        bool(row.get("stakeholder")), row["unit_value"] or 0, row["total_value"] or 0
    )
    return MUST_REPORT if over else BELOW_LIMITS


def outcome_text(labels: dict[str, Any], code: str) -> str:
    """Return an outcome code in the page language."""
    special = labels["portal"]["gift_outcomes"]
    return str(special[code]) if code in special else value_label(labels, code)


def direction_totals(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """Return count and value of presented and received gifts."""
    result = {}
    for direction in (PRESENTED, RECEIVED):
        chosen = [r for r in rows if r["direction"] == direction]
        result[direction] = {
            "count": len(chosen),
            "value": sum(r["total_value"] or 0 for r in chosen),
        }
    return result


def _year_rows(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Return the rows of each calendar year, newest year first."""
    years: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        years.setdefault(row["date"].year, []).append(row)
    return {y: years[y] for y in sorted(years, reverse=True)}


def year_downloads(ctx: BuildContext, year: int, lang: str) -> list[dict[str, Any]]:
    """Return the CSV, XLSX and JSON files of one year of the register (all its rows)."""
    per_year = download_files(ctx).parts.get(RESOURCE, {}).get(str(to_roc(year)), {})
    order = {"csv": 0, "xlsx": 1, "json": 2}
    files = sorted(per_year.items(), key=lambda item: order.get(item[0], 9))
    return download_rows(year_path(year), lang, files)


def year_path(year: int) -> str:
    """Return the page path of a year (ROC year, as the register is kept)."""
    return f"gifts/{to_roc(year)}/index.md"


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the overview page and one page per year."""
    labels = load_labels(ctx.root, lang)
    portal = labels["portal"]
    rows = published_rows(ctx, RESOURCE)
    agencies = {a["agency_id"]: a for a in published_rows(ctx, "agencies")}
    occasion = "occasion_en" if lang == "en" else "occasion_zh"

    def agency_name(agency_id: str) -> str:
        agency = agencies.get(agency_id, {})
        shown = agency.get("name_en") if lang == "en" else agency.get("name_zh")
        return shown or agency.get("name_zh") or agency_id

    by_year = sorted(
        (
            {"year": g["group"][0], "direction": g["group"][1], **g}
            for g in totals(rows, lambda r: (r["date"].year, r["direction"]))
        ),
        key=lambda g: (g["year"], g["direction"] != PRESENTED),
    )
    years = _year_rows(rows)
    common = {
        "agency_name": agency_name,
        "value": lambda v: value_label(labels, v),
        "outcome": lambda r: outcome_text(labels, outcome_code(r)),
        "year_text": lambda y: year_text(y, lang),
        "block": html_block,
        "presented": PRESENTED,
        "received": RECEIVED,
    }
    yield Page(
        "gifts/index.md",
        "portal/gifts.md.j2",
        {
            **common,
            "nav_title": portal["gifts_title"],
            "total": {"count": len(rows), "value": sum(r["total_value"] or 0 for r in rows)},
            "by_direction": totals(rows, lambda r: value_label(labels, r["direction"])),
            "local": local_share(rows),
            "chart": year_chart(by_year, labels, lang) if by_year else "",
            "years": [
                {
                    "year": y,
                    "href": href(f"{to_roc(y)}/"),  # raw HTML: MkDocs leaves its links alone
                    "count": len(year_rows),
                    "value": sum(r["total_value"] or 0 for r in year_rows),
                    "directions": direction_totals(year_rows),
                }
                for y, year_rows in years.items()
            ],
            "limits": {"stakeholder": STAKEHOLDER_LIMIT, "unit": UNIT_LIMIT, "total": TOTAL_LIMIT},
        },
    )
    order = list(years)
    for i, (year, year_rows) in enumerate(years.items()):
        received = [r for r in year_rows if r["direction"] == RECEIVED]
        presented = [r for r in year_rows if r["direction"] == PRESENTED]
        register = sorted(year_rows, key=lambda r: (r["date"], r["gift_id"]), reverse=True)
        yield Page(
            year_path(year),
            "portal/gifts_year.md.j2",
            {
                **common,
                "nav_title": year_text(year, lang),
                "year": year,
                "newer": href(f"../{to_roc(order[i - 1])}/") if i > 0 else None,
                "older": href(f"../{to_roc(order[i + 1])}/") if i + 1 < len(order) else None,
                "all_years": href("../"),
                "newer_year": order[i - 1] if i > 0 else None,
                "older_year": order[i + 1] if i + 1 < len(order) else None,
                "total": {
                    "count": len(year_rows),
                    "value": sum(r["total_value"] or 0 for r in year_rows),
                },
                "directions": direction_totals(year_rows),
                "local": local_share(year_rows),
                "by_occasion": top(
                    totals(year_rows, lambda r: r.get(occasion) or r["occasion_zh"]),
                    TOP_OCCASIONS,
                    portal["others"],
                ),
                "by_agency_presented": totals(presented, lambda r: agency_name(r["agency_id"])),
                "by_agency_received": totals(received, lambda r: agency_name(r["agency_id"])),
                "by_outcome": totals(received, lambda r: outcome_text(labels, outcome_code(r))),
                "register": register[:REGISTER_ROWS],
                "register_total": len(register),
                "agencies": sorted(
                    {(r["agency_id"], agency_name(r["agency_id"])) for r in year_rows},
                    key=lambda a: a[1],
                ),
                "outcomes": [
                    (code, outcome_text(labels, code))
                    for code in sorted({outcome_code(r) for r in year_rows}, key=_outcome_rank)
                ],
                "outcome_code": outcome_code,
                "ethics_code": ethics_code,
                "must_report": MUST_REPORT,
                "below_limits": BELOW_LIMITS,
                "limits": {
                    "stakeholder": STAKEHOLDER_LIMIT,
                    "unit": UNIT_LIMIT,
                    "total": TOTAL_LIMIT,
                },
                "downloads": year_downloads(ctx, year, lang),
                "dictionary": href("../../data/gifts/"),  # the dataset page, same language
            },
        )


OUTCOME_ORDER = (
    "presented",
    "below_threshold",
    "付費收受",
    "歸公",
    "轉贈慈善機構",
    "退還",
    "簽報留存",
)


def _outcome_rank(code: str) -> tuple[int, str]:
    """Order outcomes: the two blank meanings first, then the ethics rules' outcomes."""
    return (OUTCOME_ORDER.index(code) if code in OUTCOME_ORDER else len(OUTCOME_ORDER), code)
