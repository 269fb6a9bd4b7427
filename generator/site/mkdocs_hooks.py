"""Three small MkDocs plugins the build adds to every run (see mkdocs_worker.build_language).

They use only the plugin API MkDocs 1.6 and ProperDocs share (generator/site/engine.py).

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
folder, and so the published site, now gets copies of MkDocs' output in the workspace
(generator/site/reuse.py copy_tree); a site built before that holds hard links to them,
and MkDocs opens the files it rewrites in place, so writing a new file stays the rule.
Before MkDocs writes anything, the plugin removes each file MkDocs is going to write: the
pages and static files it sees as modified, and the theme's static templates (404 page,
sitemap). A removed link leaves the other names of the file as they were.

RawBlocks hands the generated pages' finished HTML blocks past Python-Markdown. The render
stage writes most of a page as HTML (entry bodies already sanitised, tables, charts,
facets); Python-Markdown would parse every such block with Python's HTML parser twice
(`md_in_html` and MkDocs' anchor scan) only to copy it through unchanged, which was most
of MkDocs' time. Each top-level block without a `markdown` attribute is swapped for a
one-word paragraph before conversion and put back after it, so the page's HTML is the
same (tests/site/test_mkdocs_hooks.py) and the anchors inside the blocks still count for
MkDocs' link validation.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import secrets
from typing import Any

# ProperDocs runs these as they are: its plugin collection registers any object's on_*
# methods. The day MkDocs is no longer installed, import these two from properdocs.plugins.
from mkdocs.plugins import BasePlugin, event_priority

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


# Block-level elements the render stage writes as finished HTML at the start of a line.
_BLOCK_START = re.compile(r"<(div|table|figure|section|details|nav|aside|ul|ol|dl)[\s>]")
_FENCE = re.compile(r" {0,3}(```|~~~)")
# md_in_html's switch (`markdown="1"`, `markdown="block"`, a bare `markdown`) in any tag.
_MARKDOWN_ATTR = re.compile(r"<[a-zA-Z][^>]*\smarkdown(?:\s*=|[\s/>])")
_ANCHOR_ID = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)=(?:"([^"]*)"|'([^']*)')""")


def stash_blocks(markdown: str, token: str) -> tuple[str, dict[str, str]]:
    """Return `markdown` with its top-level raw HTML blocks replaced by placeholder words.

    A block starts at the beginning of a line after a blank line (or the page's start),
    with a block-level tag and no `markdown` attribute anywhere in it, and ends on the line
    that closes that tag, followed by a blank line or the end: exactly the blocks
    Python-Markdown copies through verbatim. Anything else (fenced text, an unclosed tag,
    text after the closing tag) is left for Python-Markdown.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    blocks: dict[str, str] = {}
    fenced = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if _FENCE.match(line):
            fenced = not fenced
        start = None if fenced or (i and lines[i - 1].strip()) else _BLOCK_START.match(line)
        end = _block_end(lines, i, start.group(1)) if start else None
        if end is not None:
            block = "\n".join(lines[i : end + 1])
            if not _MARKDOWN_ATTR.search(block):
                key = f"{token}n{len(blocks)}"
                blocks[key] = block
                out.append(key)
                i = end + 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out), blocks


def _block_end(lines: list[str], first: int, tag: str) -> int | None:
    """Return the line that closes the `tag` opened on `first`, if a blank line follows."""
    opening, closing = re.compile(rf"<{tag}[\s>]"), f"</{tag}>"
    depth = 0
    for index in range(first, len(lines)):
        line = lines[index]
        depth += len(opening.findall(line)) - line.count(closing)
        if depth <= 0:
            ends_block = line.rstrip().endswith(closing)
            followed = index + 1 == len(lines) or not lines[index + 1].strip()
            return index if ends_block and followed else None
    return None


def unstash_blocks(content: str, blocks: dict[str, str]) -> str | None:
    """Return `content` with every placeholder paragraph replaced by its block, or None
    when a placeholder is not found exactly once as a paragraph of its own."""
    for key, block in blocks.items():
        paragraph = f"<p>{key}</p>"
        if content.count(paragraph) != 1 or content.count(key) != 1:
            return None
        content = content.replace(paragraph, block + "\n")
    return content


def anchor_ids(blocks: dict[str, str]) -> set[str]:
    """Return the id (and <a name>) values inside the blocks, for MkDocs' anchor checks."""
    found = set()
    for block in blocks.values():
        for double, single in _ANCHOR_ID.findall(block):
            found.add(html.unescape(double or single))
    return found


class RawBlocks(BasePlugin):  # type: ignore[type-arg]
    """Carry each page's finished HTML blocks past Python-Markdown (see the module text)."""

    def __init__(self) -> None:
        # A fresh random word per run: page text cannot contain it by chance or by design.
        self.token = "gzraw" + secrets.token_hex(8)
        self.pages: dict[str, tuple[str, dict[str, str]]] = {}

    @event_priority(-100)  # last: other plugins see the page's Markdown as written
    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        stashed, blocks = stash_blocks(markdown, self.token)
        if not blocks:
            return markdown
        self.pages[page.file.src_uri] = (markdown, blocks)
        return stashed

    @event_priority(100)  # first: other plugins see the finished HTML
    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        original, blocks = self.pages.pop(page.file.src_uri, ("", {}))
        if not blocks:
            return html
        restored = unstash_blocks(html, blocks)
        if restored is None:  # a placeholder did not come out as its own paragraph
            page.markdown = original
            page.render(config, files)
            return page.content
        page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(blocks)
        return restored
