"""Artifact writers: the registry of non-page files the site publishes.

A writer is a function `writer(ctx: BuildContext) -> None`. It runs AFTER MkDocs has
written the HTML into `ctx.out` (the staging site folder: Chinese at its root, English
under `ctx.out / "en"`) and BEFORE the Pagefind search index is built, so:

- write only non-HTML files (feeds, PDFs, CSV/JSON downloads, datapackage.json, manifest,
  DCAT), or HTML you want to be searchable;
- write only inside `ctx.out`; never touch the project or the live site: the build
  swaps the staging folder in atomically after every writer succeeded;
- output must be deterministic (no timestamps; stable ordering; gzip with mtime=0);
- signal bad data by raising `generator.errors.DataInvalid` / `Refused`: the build then
  aborts and leaves the previous site untouched.

A link from a page to an artifact is a relative URL written by a page template; writers
do not edit HTML. Writers are listed explicitly and run in order. Append yours.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.gazette import api, editions, feeds, manifest, page_fidelity
from generator.models import BuildContext
from generator.portal import downloads, history
from generator.portal import metadata as catalog
from generator.site import sitemap

Writer = Callable[[BuildContext], None]

WRITERS: list[Writer] = [
    manifest.write_site,  # gazette/chain/<volume>.json + latest.json: the published hash chain
    page_fidelity.check_pages,  # every entry page shows its body's text, no syntax as text
    editions.write,  # gazette/<vol>/<nn>/gazette-<vol>-<nn>.pdf (before feeds: they link them)
    editions.write_versions,  # gazette/<vol>/<nn>/gazette-<vol>-<nn>-r<k>.pdf of reissued issues
    feeds.write,  # gazette/**/feed.atom|rss, zh at the root and en under en/
    downloads.write_downloads,  # data/<resource>.csv|json|xlsx + entry texts (portal)
    catalog.write_catalog,  # data/datapackage.json, catalog.jsonld, data-gov-tw.json (portal)
    history.write_history,  # data/<resource>.changes.json (portal)
    downloads.write_assets,  # assets/portal/ table script and CSS, both sites (portal)
    api.write,  # gazette/**/index.json and gazette/api/schema/: the gazette's JSON API
    sitemap.write,  # sitemap.xml: an index of one part per gazette volume (replaces MkDocs')
]
