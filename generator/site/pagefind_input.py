"""Cut a page down to what Pagefind indexes of it, so that it has less HTML to read.

Every page of the theme (theme/main.html) puts its searchable region in one
`<div data-pagefind-body>`, and Pagefind then indexes nothing outside it: the header, the
navigation sidebars, the footer and the scripts around it (three quarters of an entry
page's bytes) are parsed and thrown away. The copy Pagefind is given keeps the `<html>`
tag (its `lang` picks the index), the `<title>` and that region, so the bundle comes out
the same (tests/site/test_search_segments.py compares the bytes). A page without the
region, or one whose region does not close, is kept whole.

Inside the region, a `<div>` marked `data-pagefind-ignore="all"` is left out too: Pagefind
skips it and all it holds (text, filters, metadata) either way. What matters is the cache
key, which is made of this cut: an entry page's "corrected by" notice (a link that a
corrigendum adds to the page of the entry it corrects, years later) sits in such a div, so
a correction of an old entry does not re-index the bundle of that entry's closed volume.
"""

from __future__ import annotations

import re

BODY = "<div data-pagefind-body>"
# Tags, scripts, styles and comments: a `<div` inside a script or comment is not a tag.
_MARKUP = re.compile(
    r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<(/?)div\b[^>]*>|<[^>]*>",
    re.S | re.I,
)
_HTML = re.compile(r"<html\b[^>]*>", re.I)
_IGNORED = re.compile(r"""<div\b[^>]*\sdata-pagefind-ignore=(["']?)all\1[\s>/]""", re.I)
_TITLE = re.compile(r"<title>.*?</title>", re.S | re.I)


def indexed_part(html: str) -> str:
    """Return the page Pagefind indexes out of `html`: its html tag, title and body region."""
    start = html.find(BODY)
    tag = _HTML.search(html, 0, start) if start >= 0 else None
    if tag is None:
        return html
    end = _region_end(html, start)
    if end is None:
        return html
    title = _TITLE.search(html, tag.end(), start)
    region = _without_ignored(html[start:end])
    return (
        f'<!doctype html>\n{tag.group(0)}<head><meta charset="utf-8">'
        f"{title.group(0) if title else ''}</head><body>{region}</body></html>\n"
    )


def _without_ignored(region: str) -> str:
    """Return `region` without the divs marked `data-pagefind-ignore="all"`, each whole.

    A marked div that does not close is kept (as an unclosed region keeps the page whole):
    the cut never guesses where Pagefind would stop ignoring.
    """
    parts, done = [], 0
    for match in _IGNORED.finditer(region):
        if match.start() < done:
            continue  # inside a div already left out
        end = _region_end(region, match.start())
        if end is None:
            break
        parts.append(region[done : match.start()])
        done = end
    return "".join(parts) + region[done:]


def _region_end(html: str, start: int) -> int | None:
    """Return the offset after the `</div>` that closes the div opening at `start`."""
    depth = 0
    for match in _MARKUP.finditer(html, start):
        closing = match.group(1)
        if closing is None:
            continue  # not a div tag
        depth += -1 if closing else 1
        if depth == 0:
            return match.end()
    return None
