"""Skip page providers whose inputs did not change: their pages stay as the last build left them.

A page key (Page.key) spares rendering a page, but not making it: on a ten-year archive the
2,300 price items, the gift years and the indicator years cost seconds per language to
assemble on every build, although a publish day changes none of their rows. A provider
listed in `pages.READS` is keyed here by the published rows of the resources it reads
(a digest of the cut frames), the render stamp and the language. When that key is the one
of the last successful build and every page it made is still in the workspace, the
provider is not called: its pages come back as stubs (path, template, nav title, key),
which the render stage leaves unrendered, as it does any page whose key is unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from generator import cache
from generator.cache import digest
from generator.models import BuildContext, Page
from generator.portal.downloads_cache import column_digest
from generator.site.pages import PROVIDERS, READS, Provider, active, provider_name


def frame_digest(frame: pd.DataFrame) -> str:
    """Return a SHA-256 of a frame's columns, dtypes and every value.

    The same column encoding the download cache keys on (`downloads_cache.column_digest`):
    vectorised, and no two different columns give the same bytes.
    """
    hasher = cache.hasher()
    for name in frame.columns:
        column_digest(hasher, frame[name])
    return hasher.hexdigest()


class ProviderReuse:
    """The providers' keys and pages of the last build, and those of this one."""

    def __init__(self, ctx: BuildContext, last: dict[str, Any]) -> None:
        self.ctx = ctx
        self.last = last  # language → provider → {"key", "pages"}
        self.now: dict[str, dict[str, Any]] = {}
        self._digests: dict[str, str] = {}

    def pages(self, lang: str, stamp: str, docs: Path, page_keys: dict[str, str]) -> list[Page]:
        """Return every provider's pages for `lang`, keys final; stubs where unchanged."""
        found: list[Page] = []
        self.now[lang] = {}
        for provider in PROVIDERS:
            if active(self.ctx, provider):  # a switched-off section has no pages
                found += self._provider_pages(provider, lang, stamp, docs, page_keys)
        return found

    def _provider_pages(
        self, provider: Provider, lang: str, stamp: str, docs: Path, page_keys: dict[str, str]
    ) -> list[Page]:
        name = provider_name(provider)
        key = self._key(provider, lang, stamp)
        if key is not None:
            last = self.last.get(lang, {}).get(name, {})
            stubs = [_stub(*row) for row in last.get("pages", [])] if last.get("key") == key else []
            if stubs and all(
                page_keys.get(p.path) == p.key and (docs / p.path).is_file() for p in stubs
            ):
                self.now[lang][name] = last
                return stubs
        pages = list(provider(self.ctx, lang))
        for page in pages:
            if page.key is not None:
                page.key = digest([stamp, page.key])
            elif key is not None:  # the provider's key covers every input of its pages
                page.key = digest([key, page.path])
        if key is not None:
            rows = [[p.path, p.template, _nav_title(p), p.key] for p in pages]
            self.now[lang][name] = {"key": key, "pages": rows}
        return pages

    def _key(self, provider: Provider, lang: str, stamp: str) -> str | None:
        """Return a provider's input key, or None for one that is always called."""
        reads = READS.get(provider)
        if reads is None:
            return None
        frames = self.ctx.dataset.frames
        inputs = [[name, self._digest(name, frames[name])] for name in reads if name in frames]
        return digest(["provider", provider_name(provider), lang, stamp, inputs])

    def _digest(self, name: str, frame: pd.DataFrame) -> str:
        if name not in self._digests:
            self._digests[name] = frame_digest(frame)
        return self._digests[name]


def _nav_title(page: Page) -> str | None:
    title = page.context.get("nav_title")
    return None if title is None else str(title)


def _stub(path: str, template: str, nav_title: str | None, key: str) -> Page:
    """Return a page as the last build made it: enough for the nav and to stay unrendered."""
    return Page(path, template, {"nav_title": nav_title} if nav_title else {}, key=key)
