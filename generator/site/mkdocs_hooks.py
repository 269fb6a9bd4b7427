"""Two small MkDocs plugins the build adds to every run (see publish._mkdocs).

TidyPages drops the whitespace-only lines MkDocs' templates leave in every page.

Material's nav template writes a few blank lines for every nav item, even for the items
it prunes from a page. So adding a year to the gazette section would change the bytes of
every page of the site, although no page shows the years but the section's own: a
publish-day build that rebuilds only changed pages (generator/reuse.py) would then differ
from a build from scratch. Without those lines every page is the same whatever the nav
holds below its top level, and a few kilobytes smaller.

Text inside <pre>, <textarea>, <script> and <style> is kept as it is: there, a blank line
can mean something.

FreshFiles makes MkDocs write every file it writes as a new file. The build's staging
folder, and so the published site, holds hard links to MkDocs' output in the workspace
(generator/reuse.py) instead of copies; MkDocs opens the files it rewrites in place, which
would change the published site through those links, even in a build that later fails.
Before MkDocs writes anything, the plugin removes each file MkDocs is going to write: the
pages and static files it sees as modified, and the theme's static templates (404 page,
sitemap). A removed link leaves the other names of the file as they were.
"""

from __future__ import annotations

import contextlib
import os
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


class FreshFiles(BasePlugin):  # type: ignore[type-arg]
    """Unlink, before a build writes them, the files the build is going to rewrite."""

    def on_files(self, files: Any, /, *, config: Any) -> Any:
        site = config["site_dir"]
        for file in files:
            if file.is_modified():  # what a dirty build rewrites (a full one cleaned all)
                _unlink(file.abs_dest_path)
        for name in config["theme"].static_templates:
            _unlink(os.path.join(site, name))
            _unlink(os.path.join(site, name + ".gz"))  # sitemap.xml.gz
        return files


def _unlink(path: str) -> None:
    """Remove one file if it is there."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
