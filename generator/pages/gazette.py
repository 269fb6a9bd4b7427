"""The gazette page provider (filled in below)."""

from __future__ import annotations

from collections.abc import Iterable

from generator.models import BuildContext, Page


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the gazette archive, volume, issue and entry pages."""
    return []
