"""The search page, `search/`: a form whose fields are the URL's query string.

The page is plain HTML; theme/assets/search-page.js reads `?q=…&category=…&agency=…&volume=…
&type=…&from=…&to=…&sort=date` and runs it on Pagefind, with the filters that the page
templates and theme/main.html put into every page (`data-pagefind-filter`). So a search can
be bookmarked and shared, and the form still submits (to itself) without the script.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.gazette.browse import listed
from generator.gazette.model import CATEGORY_SLUGS, agencies, category_order
from generator.models import BuildContext, Page

KINDS = ("entry", "issue", "dataset", "price", "page")


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the search page, with the filter choices the published data offers."""
    rows = listed(ctx)
    used = {r["entry"]["category"] for r in rows}
    known = agencies(ctx.dataset)
    agency_ids = sorted({r["entry"]["agency_id"] for r in rows})
    options = []
    for agency_id in agency_ids:
        row = known.get(agency_id) or {}
        name = (row.get("name_en") if lang == "en" else None) or row.get("name_zh") or agency_id
        options.append({"id": agency_id, "name": name})
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
