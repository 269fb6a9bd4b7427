"""Browse pages: the published entries of one category, or of one agency, year by year.

`gazette/category/<slug>/` (next to that category's feeds) and `gazette/agency/<id>/` list
the newest volume's entries, newest first, and link one page per volume (ROC year),
`gazette/category/<slug>/<volume>/` and `gazette/agency/<id>/<volume>/`. A closed volume's
page never changes again, so a publish day rewrites (and uploads) the hub and the current
year only, not a list of every entry of the archive. A page exists only for a category or
agency with at least one published entry: the dataset is already embargoed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator import cache
from generator.gazette.model import CATEGORY_SLUGS, agencies, category_order, issues_of
from generator.models import BuildContext, Page


def category_path(slug: str) -> str:
    """Return the page path of a category."""
    return f"gazette/category/{slug}/index.md"


def agency_path(agency_id: str) -> str:
    """Return the page path of an agency's entries."""
    return f"gazette/agency/{agency_id}/index.md"


def year_path(hub: str, volume: int) -> str:
    """Return the page path of one volume of a category's or agency's entries."""
    return hub.removesuffix("index.md") + f"{int(volume)}/index.md"


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
    """Return each category's pages (canonical order), then each agency's (by id)."""
    rows = listed(ctx)
    result: list[Page] = []
    for name in category_order(ctx.dataset):
        slug = CATEGORY_SLUGS.get(name)
        chosen = [r for r in rows if r["entry"]["category"] == name]
        if slug and chosen:
            title = {"category": name, "slug": slug}
            result += hub_pages(category_path(slug), "gazette/category.md.j2", title, chosen)
    known = agencies(ctx.dataset)
    for agency_id in sorted({r["entry"]["agency_id"] for r in rows}):
        chosen = [r for r in rows if r["entry"]["agency_id"] == agency_id]
        agency = known.get(agency_id) or {}
        name = (agency.get("name_en") if lang == "en" else None) or agency.get("name_zh")
        title = {"agency_id": agency_id, "agency_name": name or agency_id}
        result += hub_pages(agency_path(agency_id), "gazette/agency.md.j2", title, chosen)
    return result


def hub_pages(
    path: str, template: str, title: dict[str, Any], rows: list[dict[str, Any]]
) -> list[Page]:
    """Return a hub (its newest year listed, every year linked) and one page per year."""
    years = by_year(rows)
    volumes = [
        {"volume": g["volume"], "year": g["year"], "count": len(g["rows"]),
         "path": year_path(path, g["volume"])}
        for g in years
    ]  # fmt: skip
    hub = {**title, "count": len(rows), "years": years[:1], "volumes": volumes}
    found = [Page(path, template, hub, key=_key(hub, years[:1]))]
    for group, volume in zip(years, volumes, strict=True):
        context = {**title, "hub": path, "years": [group], "count": volume["count"]}
        found.append(
            Page(volume["path"], "gazette/browse_year.md.j2", context, key=_key(context, [group]))
        )
    return found


def _key(context: dict[str, Any], groups: list[dict[str, Any]]) -> str:
    """Return a page key over what a browse page shows: its header and each row's fields.

    Cheaper than digesting the whole context: a row shows an entry's titles, document
    number and path and its issue's date, volume, number and path, nothing else.
    """
    head = {k: v for k, v in context.items() if k != "years"}
    rows = [
        (g["volume"], [(tuple(r["entry"][f] for f in SHOWN_ENTRY),
                        tuple(r["issue"][f] for f in SHOWN_ISSUE)) for r in g["rows"]])
        for g in groups
    ]  # fmt: skip
    return cache.digest(head, repr(rows))


SHOWN_ENTRY = ("entry_id", "title_zh", "title_en", "doc_number", "path")
SHOWN_ISSUE = ("volume", "number", "publication_date", "path")
