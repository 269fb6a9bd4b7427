"""Drop the whitespace-only lines MkDocs' templates leave in every page (a MkDocs plugin).

Material's nav template writes a few blank lines for every nav item, even for the items
it prunes from a page. So adding a year to the gazette section would change the bytes of
every page of the site, although no page shows the years but the section's own: a
publish-day build that rebuilds only changed pages (generator/reuse.py) would then differ
from a build from scratch. Without those lines every page is the same whatever the nav
holds below its top level, and a few kilobytes smaller.

Text inside <pre>, <textarea>, <script> and <style> is kept as it is: there, a blank line
can mean something.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.plugins import BasePlugin

_KEEP = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


def drop_blank_lines(html: str) -> str:
    """Return `html` without whitespace-only lines outside pre, textarea, script, style."""
    parts = _KEEP.split(html)
    # re.split with two groups yields: text, whole kept element, its tag name, text, ...
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(_BLANK_LINES.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


class TidyPages(BasePlugin):  # type: ignore[type-arg]
    """Apply drop_blank_lines to every page MkDocs writes."""

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        return drop_blank_lines(output)
