"""Plan performance indicators: an overview `indicators/index.md` listing the plan years
(newest first) with how many targets each met, and one page per year `indicators/<year>/`.

Achievement is actual ÷ target, or target ÷ actual when lower is better; an indicator
without an actual value is "not yet measured" and a zero denominator gives no ratio. An
indicator is met when its actual value reaches the target in its measurement direction
(`higher_is_better`): actual ≥ target, or actual ≤ target when lower is better.

An indicator across the years (`indicators/trend/<id>/`): the plan repeats an indicator
under a new id each year (113-04-04, 114-04-04...), so rows with the same Chinese name are
one indicator; its page is named by the id of its first year, which never changes when
later years are added. Each year's table links every indicator to that page.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.labels import load_labels
from generator.markup.escape import href
from generator.markup.filters import number
from generator.models import BuildContext, Page
from generator.portal import charts
from generator.portal.downloads import published_rows
from generator.portal.pages.catalog import html_block

RESOURCE = "plan_indicators"


def achievement(target: float | None, actual: float | None, higher_is_better: bool) -> float | None:
    """Return achievement in percent, or None when not measured or undefined."""
    if actual is None or target is None:
        return None
    numerator, denominator = (actual, target) if higher_is_better else (target, actual)
    if denominator == 0:
        return None
    return numerator / denominator * 100


MET, NOT_MET, NOT_MEASURED = "met", "not_met", "not_measured"


def status(target: float | None, actual: float | None, higher_is_better: bool) -> str:
    """Return whether an indicator met its target: MET, NOT_MET or NOT_MEASURED."""
    if actual is None or target is None:
        return NOT_MEASURED
    reached = actual >= target if higher_is_better else actual <= target
    return MET if reached else NOT_MET


def tally(indicators: list[dict[str, Any]]) -> dict[str, int]:
    """Return how many indicators were met, not met and not measured, and the total."""
    counts = {MET: 0, NOT_MET: 0, NOT_MEASURED: 0}
    for indicator in indicators:
        counts[indicator["status"]] += 1
    return {**counts, "total": len(indicators), "measured": counts[MET] + counts[NOT_MET]}


def missing_years(years: list[int]) -> list[tuple[int, int]]:
    """Return the gaps between published plan years as (first, last) ranges, newest first."""
    ordered = sorted(years)
    gaps = [(a + 1, b - 1) for a, b in zip(ordered, ordered[1:], strict=False) if b - a > 1]
    return gaps[::-1]


def percent(value: float | None) -> str:
    """Return a percentage with one decimal ('' for None)."""
    return "" if value is None else f"{value:.1f}%"


def plan_years(ctx: BuildContext, lang: str) -> list[dict[str, Any]]:
    """Return each plan year (newest first) with its objectives and indicators."""
    en = lang == "en"
    years: dict[int, dict[int, dict[str, Any]]] = {}
    for row in published_rows(ctx, RESOURCE):
        objectives = years.setdefault(row["plan_year"], {})
        objective = objectives.setdefault(
            row["objective_no"],
            {"no": row["objective_no"], "row": row, "indicators": []},
        )
        ratio = achievement(row["target_value"], row["actual_value"], row["higher_is_better"])
        state = status(row["target_value"], row["actual_value"], row["higher_is_better"])
        objective["indicators"].append(
            {**row, "achievement": ratio, "shown": percent(ratio), "status": state}
        )
    result = []
    for year in sorted(years, reverse=True):
        objectives = [years[year][n] for n in sorted(years[year])]
        for objective in objectives:
            objective["indicators"].sort(key=lambda r: r["indicator_no"])
        flat = [i for o in objectives for i in o["indicators"]]
        result.append({"year": year, "objectives": objectives, "en": en, "tally": tally(flat)})
    return result


def _name(row: dict[str, Any], key: str, lang: str) -> str:
    """Return a row's text in the page language (Chinese when not translated)."""
    return (row.get(f"{key}_en") if lang == "en" else None) or row[f"{key}_zh"]


def year_charts(year: dict[str, Any], labels: dict[str, Any], lang: str) -> dict[str, Any]:
    """Return the achievement chart and the weight chart of one plan year."""
    portal = labels["portal"]
    measured = [
        i for o in year["objectives"] for i in o["indicators"] if i["achievement"] is not None
    ]
    bars = [
        charts.Bar(
            f"{i['indicator_id']} {_name(i, 'indicator', lang)}",
            i["achievement"],
            f"{i['shown']} {portal['statuses'][i['status']]}",
            charts.MARK if i["status"] == MET else charts.ALT_MARK,
        )
        for i in measured
    ]
    weights = [
        charts.Bar(
            _name(o["row"], "objective", lang),
            float(o["row"]["objective_weight"]),
            f"{number(o['row']['objective_weight'])}%",
        )
        for o in year["objectives"]
    ]
    ystr = str(year["year"])
    achievement = ""
    if bars:
        achievement = _year_chart(
            "indicators",
            "indicator_chart",
            ystr,
            lang,
            portal,
            bars,
            reference=100.0,
            reference_text="100%",
        )
    weight = _year_chart("weights", "weight_chart", ystr, lang, portal, weights)
    return {"achievement": achievement, "weights": weight}


def _year_chart(
    kind: str,
    labels_key: str,
    ystr: str,
    lang: str,
    portal: dict[str, Any],
    bars: list[charts.Bar],
    **options: Any,
) -> Any:
    """Return one bar chart of a plan year, titled and described from the labels."""
    return charts.bar_chart(
        charts.chart_id(kind, ystr, lang),
        portal[f"{labels_key}_title"].format(year=ystr),
        portal[f"{labels_key}_desc"].format(
            year=ystr, summary="; ".join(f"{b.label} {b.text}" for b in bars)
        ),
        bars,
        stacked=True,  # long indicator names: labels above the bars keep a phone-sized chart
        plot_width=220.0,
        **options,
    )


def trend_key(row: dict[str, Any]) -> str:
    """Return what makes rows of different years one indicator: its Chinese name."""
    return " ".join(str(row["indicator_zh"]).split())


def trends(years: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Return each indicator's rows across the plan years, oldest year first."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for year in sorted(years, key=lambda y: y["year"]):
        for objective in year["objectives"]:
            for indicator in objective["indicators"]:
                grouped.setdefault(trend_key(indicator), []).append(indicator)
    return grouped


def trend_path(rows: list[dict[str, Any]]) -> str:
    """Return the page path of an indicator across years (the id of its first year)."""
    return f"indicators/trend/{rows[0]['indicator_id']}/index.md"


def trend_chart(rows: list[dict[str, Any]], labels: dict[str, Any], lang: str) -> Any:
    """Return the bar chart of an indicator's achievement per plan year (measured years)."""
    portal = labels["portal"]
    measured = [r for r in rows if r["achievement"] is not None]
    if not measured:
        return ""
    bars = [
        charts.Bar(
            # A bare year in English ("Plan year 115" would not fit a phone beside its bar).
            str(r["plan_year"])
            if lang == "en"
            else portal["plan_year"].format(year=r["plan_year"]),
            r["achievement"],
            f"{r['shown']} {portal['statuses'][r['status']]}",
            charts.MARK if r["status"] == MET else charts.ALT_MARK,
        )
        for r in measured
    ]
    name = _name(rows[-1], "indicator", lang)
    return charts.bar_chart(
        charts.chart_id("trend", rows[0]["indicator_id"], lang),
        labels["indicator_trend"]["chart_title"].format(name=name),
        labels["indicator_trend"]["chart_desc"].format(
            name=name, summary="; ".join(f"{b.label} {b.text}" for b in bars)
        ),
        bars,
        reference=100.0,
        reference_text="100%",
        plot_width=160.0,  # short labels (years): the chart fits a 390 px phone at full size
    )


def year_path(year: int) -> str:
    """Return the page path of a plan year."""
    return f"indicators/{year}/index.md"


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the overview page and one page per plan year."""
    labels = load_labels(ctx.root, lang)
    years = plan_years(ctx, lang)
    for year in years:
        year["charts"] = year_charts(year, labels, lang)
        year["path"] = year_path(year["year"])
        year["href"] = href(f"{year['year']}/")  # raw HTML: MkDocs leaves its links alone
        year["sibling_href"] = href(f"../{year['year']}/")
    yield Page(
        "indicators/index.md",
        "portal/indicators.md.j2",
        {
            "nav_title": labels["portal"]["indicators_title"],
            "years": years,
            "gaps": missing_years([y["year"] for y in years]),
            "block": html_block,
        },
    )
    series = trends(years)
    for rows in series.values():
        for row in rows:
            row["trend_path"] = trend_path(rows)
            # raw HTML in the year table: MkDocs leaves its links alone (year page → trend)
            row["trend_href"] = href(f"../trend/{rows[0]['indicator_id']}/")
            row["year_href"] = href(f"../../{row['plan_year']}/")  # trend page → year page
    for rows in series.values():
        yield Page(
            trend_path(rows),
            "portal/indicator_trend.md.j2",
            {
                "rows": rows,  # no nav_title: reached from the year tables, like item pages
                "latest": rows[-1],
                "chart": trend_chart(rows, labels, lang),
                "block": html_block,
            },
        )
    for i, year in enumerate(years):
        yield Page(
            year["path"],
            "portal/indicators_year.md.j2",
            {
                "nav_title": labels["portal"]["plan_year"].format(year=year["year"]),
                "y": year,
                "newer": years[i - 1] if i > 0 else None,
                "older": years[i + 1] if i + 1 < len(years) else None,
                "all_years": href("../"),
                "block": html_block,
            },
        )
