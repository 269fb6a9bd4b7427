"""The home page provider (filled in below)."""

from __future__ import annotations

from collections.abc import Iterable

from generator.models import BuildContext, Page


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the home page."""
    return [Page("index.md", "home.md.j2", {})]
