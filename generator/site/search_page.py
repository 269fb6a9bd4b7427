"""The search page, `search/`: a form whose fields are the URL's query string.

The page is plain HTML; theme/assets/search-page.js reads `?q=…&category=…&agency=…&volume=…
&type=…&from=…&to=…&sort=date` and runs it on Pagefind, with the filters that the page
templates and theme/main.html put into every page (`data-pagefind-filter`). So a search can
be bookmarked and shared, and the form still submits (to itself) without the script.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.data.gazette_model import CATEGORY_SLUGS, agencies, category_order
from generator.gazette.browse import agency_name, browsed, children, listed, subtree
from generator.models import BuildContext, Page

KINDS = ("entry", "issue", "dataset", "price", "page")


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the search page, with the filter choices the published data offers."""
    rows = listed(ctx)
    used = {r["entry"]["category"] for r in rows}
    options = agency_options(agencies(ctx.dataset), {r["entry"]["agency_id"] for r in rows}, lang)
    return [
        Page(
            "search/index.md",
            "search.md.j2",
            {
                "categories": [
                    {"name": c, "slug": CATEGORY_SLUGS[c]}
                    for c in category_order(ctx.dataset)
                    if c in used and c in CATEGORY_SLUGS
                ],
                "agency_options": options,
                "volumes": sorted({int(r["issue"]["volume"]) for r in rows}, reverse=True),
                # no "price" filter when the price section is switched off
                "kinds": tuple(
                    k for k in KINDS if k != "price" or "procurement_prices" in ctx.dataset.frames
                ),
            },
        )
    ]


def agency_options(
    known: dict[str, dict[str, Any]], filed: set[str], lang: str
) -> list[dict[str, Any]]:
    """Return the agency filter's choices: each parent, then its divisions, depth first.

    A choice's `includes` are the agencies whose entries it finds (itself and the divisions
    below it that filed any): notices are filed under divisions, so a parent alone finds
    few. The search page's script turns a choice into "any of these" (search-page.js).
    """
    shown = set(browsed(known, filed))
    roots = sorted(a for a in shown if (known.get(a) or {}).get("parent_id") not in shown)
    result: list[dict[str, Any]] = []
    todo = list(reversed(roots))
    seen: set[str] = set()
    while todo:
        agency_id = todo.pop()
        if agency_id in seen:
            continue
        seen.add(agency_id)
        name = agency_name(known, agency_id, lang)
        includes = sorted(subtree(known, agency_id) & filed)
        result.append({"id": agency_id, "name": name, "includes": includes})
        todo += [c for c in reversed(children(known, agency_id)) if c in shown]
    return result
