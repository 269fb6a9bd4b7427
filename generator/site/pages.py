"""Page providers: the registry every page of the site comes from.

A provider is a function `provider(ctx: BuildContext, lang: str) -> Iterable[Page]`, where
`lang` is "zh-TW" or "en". It returns `Page`s (see `generator.models.Page`):

- `path` is relative to the language's docs folder and ends in `index.md` for a page
  with a directory URL, e.g. "gazette/114/05/index.md"; a provider must return the SAME
  paths for both languages (the build checks this: every zh page has its en twin);
- `template` is a Jinja template name looked up in `<root>/overrides/templates/` first,
  then in `generator/site/templates/` (e.g. "gazette/issue.md.j2", "portal/catalog.md.j2");
- `context` holds the template variables. The engine adds `lang`, `labels`, `ctx`,
  `page_path` and `as_of` to every context, so providers need not.

Templates render Markdown; every `{{ value }}` is escaped for Markdown and HTML by default
(see `generator.markup.escape`). Only `Markup` the engine made itself passes unchanged (the
sanitised entry body, URLs, `raw_block`); there is no filter that marks text as safe.

Providers are listed explicitly, in nav order. To add yours, append one line.

`READS` names, for a provider whose pages depend on nothing but some resources' published
rows (besides code, templates, labels and the site's configuration), those resources. The
render stage then skips such a provider altogether while those rows are unchanged, and keeps
its pages as they were (see render.py): price items, gift years and indicator years do not
change on a publish day. A provider that reads anything else (body files, editions, other
resources, the date) must not be listed there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.gazette import api, browse
from generator.gazette import pages as gazette
from generator.models import BuildContext, Page
from generator.portal.pages import catalog, gifts, indicators, prices
from generator.site import home, search_page

Provider = Callable[[BuildContext, str], Iterable[Page]]

PROVIDERS: list[Provider] = [
    home.pages,
    gazette.pages,
    browse.pages,  # gazette/category/<slug>/ and gazette/agency/<id>/: browse by either
    api.pages,  # gazette/api/: how to use the gazette's JSON
    catalog.pages,  # data/ and data/<resource>/: the open-data catalogue (portal)
    prices.pages,  # prices/ and prices/<item_id>/: price look-up (portal)
    gifts.pages,  # gifts/: gift register statistics (portal)
    indicators.pages,  # indicators/: plan performance indicators (portal)
    search_page.pages,  # search/: the search page, its query and filters in the URL
]


# Provider → the resources its pages are made of, and nothing else (see above).
READS: dict[Provider, tuple[str, ...]] = {
    prices.pages: ("procurement_prices", "agencies"),
    gifts.pages: ("gifts", "agencies"),
    indicators.pages: ("plan_indicators", "agencies"),
}


def active(ctx: BuildContext, provider: Provider) -> bool:
    """Return whether a provider has its data: a portal section switched off has none."""
    reads = READS.get(provider)
    return not reads or reads[0] in ctx.dataset.frames


def collect(ctx: BuildContext, lang: str) -> list[Page]:
    """Return every provider's pages for `lang`, in provider order."""
    pages: list[Page] = []
    for provider in PROVIDERS:
        if active(ctx, provider):
            pages.extend(provider(ctx, lang))
    return pages


def provider_name(provider: Provider) -> str:
    """Return a provider's stable name (its module), as the build state records it."""
    return provider.__module__
