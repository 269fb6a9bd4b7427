"""Small-purchase price look-up: `prices/index.md` and one page per item `prices/<item_id>/`.

The look-up page lists every item's latest survey in one table (the whole table is there
without JavaScript; `tables.js` adds a text and category filter). An item page shows every
survey and a price chart per region surveyed: the latest survey's region shown, the others
(when there are) one click away, each chart naming the region it plots.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from generator import cache
from generator.labels import load_labels
from generator.languages import ZH
from generator.markup import escape
from generator.markup.escape import href
from generator.markup.filters import en_date, fill, number, roc_date
from generator.models import BuildContext, Page
from generator.portal import charts
from generator.portal.downloads import published_rows
from generator.portal.pages.catalog import html_block, value_label

RESOURCE = "procurement_prices"


def _enum(ctx: BuildContext, field: str) -> list[str]:
    """Return the allowed values of a field, in schema order."""
    for spec in ctx.dataset.resource(RESOURCE)["schema"]["fields"]:
        if spec["name"] == field:
            return list((spec.get("constraints") or {}).get("enum", []))
    return []


def items(ctx: BuildContext) -> dict[str, list[dict[str, Any]]]:
    """Return each item's surveys, oldest first; items ordered by category, then id."""
    categories = {c: i for i, c in enumerate(_enum(ctx, "category"))}
    regions = {r: i for i, r in enumerate(_enum(ctx, "region"))}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in published_rows(ctx, RESOURCE):
        grouped.setdefault(row["item_id"], []).append(row)
    for surveys in grouped.values():
        surveys.sort(key=lambda r: (r["survey_date"], regions.get(r["region"], 99)))
    order = sorted(grouped, key=lambda i: (categories.get(latest(grouped[i])["category"], 99), i))
    return {i: grouped[i] for i in order}


def latest(surveys: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the latest survey (the first region in schema order on the latest date)."""
    newest = surveys[-1]["survey_date"]
    return next(s for s in surveys if s["survey_date"] == newest)


def chinese_only(text: Any, lang: str, labels: dict[str, Any]) -> Markup:
    """Return a text the data has only in Chinese; on English pages, marked as such."""
    if lang != "en" or not text:
        return escape.md(text)
    mark = labels["portal"]["chinese_only"]
    return Markup(
        f'<span lang="{ZH.html_lang}">{escape.md(text)}</span> '
        f'<span class="untranslated">{escape.md(mark)}</span>'
    )


def unit_en(labels: dict[str, Any], unit: str) -> str:
    """Return the English name of a unit of measure ('' when none is known)."""
    return str(labels["portal"].get("units", {}).get(unit, ""))


def chart_date(value: Any, lang: str) -> str:
    """Return a survey date as the page's tables show it: ROC on Chinese pages."""
    return en_date(value) if lang == "en" else roc_date(value)


def regions(surveys: list[dict[str, Any]]) -> list[str]:
    """Return the regions an item was surveyed in, the latest survey's region first."""
    first = latest(surveys)["region"]
    rest = [s["region"] for s in surveys if s["region"] != first]
    return [first, *dict.fromkeys(rest)]


def price_chart(
    item_id: str,
    surveys: list[dict[str, Any]],
    name: str,
    labels: dict,
    lang: str = "zh-TW",
    region: str | None = None,
    ident: str = "",
) -> Any:
    """Return the price chart of one region (default: the latest survey's), in NT$ per unit.

    The region is named in the chart's title, so a reader (and a screen reader) knows which
    of an item's series it plots.
    """
    region = region or latest(surveys)["region"]
    series = [s for s in surveys if s["region"] == region]
    portal = labels["portal"]
    unit = series[-1]["unit"]
    shown_unit = (unit_en(labels, unit) or unit) if lang == "en" else unit
    desc = fill(
        portal["price_chart_desc"],
        name=name,
        n=len(series),
        first=chart_date(series[0]["survey_date"], lang),
        last=chart_date(series[-1]["survey_date"], lang),
        latest=number(series[-1]["reference_price"]),
        unit=shown_unit,
        region=value_label(labels, region),
    )
    title = labels["price_series"]["chart_title"].format(
        name=name, region=value_label(labels, region)
    )
    return charts.line_chart(
        ident or charts.chart_id("price", item_id),
        title,
        desc,
        [(chart_date(s["survey_date"], lang), float(s["reference_price"])) for s in series],
        [number(s["reference_price"]) for s in series],
        band=[(float(s["min_price"]), float(s["max_price"])) for s in series],
        unit=portal["price_axis"].format(unit=shown_unit),
    )


def price_charts(
    item_id: str, surveys: list[dict[str, Any]], name: str, labels: dict, lang: str
) -> list[dict[str, Any]]:
    """Return one chart per region the item was surveyed in, the latest survey's region first."""
    return [
        {
            "region": value_label(labels, region),
            "count": sum(1 for s in surveys if s["region"] == region),
            "chart": price_chart(
                item_id,
                surveys,
                name,
                labels,
                lang,
                region,
                charts.chart_id("price", item_id, *([str(i + 1)] if i else [])),
            ),
        }
        for i, region in enumerate(regions(surveys))
    ]


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the look-up page and the item pages."""
    labels = load_labels(ctx.root, lang)
    by_item = items(ctx)
    rows = []
    first_of_category: set[str] = set()
    for item_id, surveys in by_item.items():
        row = dict(latest(surveys))
        row["path"] = f"prices/{item_id}/index.md"
        row["anchor"] = "" if row["category"] in first_of_category else category_anchor(ctx, row)
        first_of_category.add(row["category"])
        rows.append(row)
    counts = [
        (c, value_label(labels, c), category_anchor(ctx, {"category": c}), n)
        for c in _enum(ctx, "category")
        if (n := sum(1 for r in rows if r["category"] == c))
    ]
    yield Page(
        "prices/index.md",
        "portal/prices.md.j2",
        {
            "nav_title": labels["portal"]["prices_title"],
            "rows": rows,
            "categories": counts,
            "options": [(code, shown) for code, shown, _, _ in counts],
            "item_href": lambda row: href(f"{row['item_id']}/"),
            "value": lambda v: value_label(labels, v),
            "unit_en": lambda u: unit_en(labels, u),
            "chinese_only": lambda t: chinese_only(t, lang, labels),
            "block": html_block,
        },
    )
    for item_id, surveys in by_item.items():
        head = latest(surveys)
        name = head["name_en"] if lang == "en" and head.get("name_en") else head["name_zh"]
        yield Page(
            f"prices/{item_id}/index.md",
            "portal/price_item.md.j2",
            {
                "item": head,
                "surveys": surveys[::-1],
                "value": lambda v: value_label(labels, v),
                "unit_en": lambda u: unit_en(labels, u),
                "chinese_only": lambda t: chinese_only(t, lang, labels),
                "block": html_block,
            },
            key=cache.digest([item_id, name, lang, surveys]),
            prepare=functools.partial(_prepared_chart, item_id, surveys, name, labels, lang),
        )


def _prepared_chart(
    item_id: str, surveys: list[dict[str, Any]], name: str, labels: dict, lang: str
) -> dict[str, Any]:
    """Return the costly part of an item page's context: its price charts, one per region."""
    return {"charts": price_charts(item_id, surveys, name, labels, lang)}


def category_anchor(ctx: BuildContext, row: dict[str, Any]) -> str:
    """Return a stable anchor id for a category (its position in the schema's list)."""
    order = _enum(ctx, "category")
    position = order.index(row["category"]) + 1 if row["category"] in order else 0
    return f"category-{position}"
