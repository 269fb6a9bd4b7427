"""Browse pages: the published entries of one category, or of one agency, year by year.

`gazette/category/<slug>/` (next to that category's feeds) and `gazette/agency/<id>/` link
one page per volume (ROC year), `gazette/category/<slug>/<volume>/` and
`gazette/agency/<id>/<volume>/`, each with its count, and show only the latest `HUB_LATEST`
entries: a hub does not grow with the open volume, so a publish day uploads a small hub
and the current year's page, not the open volume's list twice. A closed volume's page never
changes again. Every entry is two clicks from its hub (hub → year page → entry). A page
exists only for a category or agency with at least one published entry: the dataset is
already embargoed.

Agencies form a tree (agencies.csv `parent_id`): notices are filed under the division that
issued them, so a parent agency's pages list its own entries and those of every division
below it, say so, and link each division; a division's page links its parent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from generator import cache
from generator.data.gazette_model import CATEGORY_SLUGS, agencies, category_order, issues_of
from generator.models import BuildContext, Page
from generator.roc import from_roc

# The site path of a page that belongs to one volume, the volume in group 1: the volume's own
# pages (`gazette/<volume>/…`) and each hub's year page (`gazette/agency/<id>/<volume>/…`).
# Such a page stops changing once its volume closes: the sitemaps and search bundles group
# pages by it.
VOLUME_PAGE = re.compile(r"gazette/(?:(?:category|agency)/[^/]+/)?(\d+)/")


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
        {"volume": v, "year": from_roc(v), "rows": groups[v]} for v in sorted(groups, reverse=True)
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
    filed = {r["entry"]["agency_id"] for r in rows}
    for agency_id in browsed(known, filed):
        tree = subtree(known, agency_id)  # once per agency: per row it cost seconds
        chosen = [r for r in rows if r["entry"]["agency_id"] in tree]
        title = agency_header(known, filed, rows, agency_id, lang)
        result += hub_pages(agency_path(agency_id), "gazette/agency.md.j2", title, chosen)
    return result


def agency_name(known: dict[str, dict[str, Any]], agency_id: str, lang: str) -> str:
    """Return an agency's name in `lang` (the Chinese name when it has no English one)."""
    row = known.get(agency_id) or {}
    return (row.get("name_en") if lang == "en" else None) or row.get("name_zh") or agency_id


def children(known: dict[str, dict[str, Any]], agency_id: str) -> list[str]:
    """Return the ids of the agencies whose parent is `agency_id`, sorted."""
    return sorted(
        a for a, row in known.items() if row.get("parent_id") == agency_id and a != agency_id
    )


def subtree(known: dict[str, dict[str, Any]], agency_id: str) -> set[str]:
    """Return an agency's id and the ids of every division below it, at any depth."""
    found = {agency_id}
    todo = [agency_id]
    while todo:  # a visited set: a cycle in parent_id cannot loop forever
        for child in children(known, todo.pop()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def ancestors(known: dict[str, dict[str, Any]], agency_id: str) -> list[str]:
    """Return the ids of an agency's parent, its parent's parent and so on, nearest first."""
    chain: list[str] = []
    parent = (known.get(agency_id) or {}).get("parent_id")
    while parent and parent in known and parent != agency_id and parent not in chain:
        chain.append(parent)
        parent = known[parent].get("parent_id")
    return chain


def _reference(known: dict[str, dict[str, Any]], agency_id: str, lang: str) -> dict[str, Any]:
    """Return an agency as a link: its id, name and page path."""
    name = agency_name(known, agency_id, lang)
    return {"id": agency_id, "name": name, "path": agency_path(agency_id)}


def browsed(known: dict[str, dict[str, Any]], filed: set[str]) -> list[str]:
    """Return the agencies that get a page, sorted: those with entries and their ancestors.

    A parent with no entry of its own still gets one, listing its divisions' entries.
    """
    found = set(filed)
    for agency_id in filed:
        found.update(ancestors(known, agency_id))
    return sorted(found)


def agency_header(
    known: dict[str, dict[str, Any]],
    filed: set[str],
    rows: list[dict[str, Any]],
    agency_id: str,
    lang: str,
) -> dict[str, Any]:
    """Return what an agency page says of the agency: its name, parent and divisions."""
    parents = ancestors(known, agency_id)
    parent = parents[0] if parents else None
    divisions = []
    for child in children(known, agency_id):
        below = subtree(known, child)
        if below & filed:
            count = sum(1 for r in rows if r["entry"]["agency_id"] in below)
            divisions.append(
                {"id": child, "name": agency_name(known, child, lang),
                 "path": agency_path(child), "count": count}
            )  # fmt: skip
    return {
        "agency_id": agency_id,
        "agency_name": agency_name(known, agency_id, lang),
        "parent": _reference(known, parent, lang) if parent else None,
        "divisions": divisions,
        "agency_names": {a: agency_name(known, a, lang) for a in sorted(subtree(known, agency_id))},
        "own_count": sum(1 for r in rows if r["entry"]["agency_id"] == agency_id),
    }


# How many of the latest entries a hub shows: a fixed bound, so that the hub's size (and
# what a publish day uploads of it) is the same in the first and the last week of a volume.
HUB_LATEST = 10


def hub_pages(
    path: str, template: str, title: dict[str, Any], rows: list[dict[str, Any]]
) -> list[Page]:
    """Return a hub (its latest entries shown, every year linked) and one page per year."""
    years = by_year(rows)
    latest = by_year(rows[:HUB_LATEST])
    volumes = [
        {"volume": g["volume"], "year": g["year"], "count": len(g["rows"]),
         "path": year_path(path, g["volume"])}
        for g in years
    ]  # fmt: skip
    hub = {
        **title,
        "count": len(rows),
        "latest": len(rows[:HUB_LATEST]),
        "years": latest,
        "volumes": volumes,
    }
    found = [Page(path, template, hub, key=_key(hub, latest))]
    for group, volume in zip(years, volumes, strict=True):
        context = {**_stable(title, group), "hub": path, "years": [group], "count": volume["count"]}
        found.append(
            Page(volume["path"], "gazette/browse_year.md.j2", context, key=_key(context, [group]))
        )
    return found


# What an agency header says that changes when any year gains an entry: a closed year's
# page leaves it out, so it never changes again.
_HUB_ONLY = ("parent", "divisions", "own_count", "agency_names")


def _stable(title: dict[str, Any], group: dict[str, Any]) -> dict[str, Any]:
    """Return a year page's header: the hub's without what other years change.

    Only the names of the agencies whose entries are in this year are kept, and whether
    any of them is a division (the page then says it lists them).
    """
    kept = {k: v for k, v in title.items() if k not in _HUB_ONLY}
    names = title.get("agency_names")
    if names is not None:
        own = title["agency_id"]
        filed = sorted({r["entry"]["agency_id"] for r in group["rows"]})
        kept["agency_names"] = {a: names.get(a, a) for a in filed}
        kept["by_divisions"] = any(a != own for a in filed)
    return kept


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


SHOWN_ENTRY = ("entry_id", "agency_id", "title_zh", "title_en", "doc_number", "path")
SHOWN_ISSUE = ("volume", "number", "publication_date", "path")
