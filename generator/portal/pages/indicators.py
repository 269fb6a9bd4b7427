"""Plan performance indicators `indicators/index.md`: objectives, weights and achievement.

Achievement is actual ÷ target, or target ÷ actual when lower is better; an indicator
without an actual value is "not yet measured" and a zero denominator gives no ratio.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.labels import load_labels
from generator.models import BuildContext, Page
from generator.portal import charts
from generator.portal.downloads import published_rows
from generator.portal.pages.catalog import html_block
from generator.site.filters import number

RESOURCE = "plan_indicators"


def achievement(target: float | None, actual: float | None, higher_is_better: bool) -> float | None:
    """Return achievement in percent, or None when not measured or undefined."""
    if actual is None or target is None:
        return None
    numerator, denominator = (actual, target) if higher_is_better else (target, actual)
    if denominator == 0:
        return None
    return numerator / denominator * 100


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
        objective["indicators"].append({**row, "achievement": ratio, "shown": percent(ratio)})
    result = []
    for year in sorted(years, reverse=True):
        objectives = [years[year][n] for n in sorted(years[year])]
        for objective in objectives:
            objective["indicators"].sort(key=lambda r: r["indicator_no"])
        result.append({"year": year, "objectives": objectives, "en": en})
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
            f"{i['indicator_id']} {_name(i, 'indicator', lang)}", i["achievement"], i["shown"]
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
        **options,
    )


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the indicators page."""
    labels = load_labels(ctx.root, lang)
    years = plan_years(ctx, lang)
    for year in years:
        year["charts"] = year_charts(year, labels, lang)
    yield Page(
        "indicators/index.md",
        "portal/indicators.md.j2",
        {"nav_title": labels["portal"]["indicators_title"], "years": years, "block": html_block},
    )
