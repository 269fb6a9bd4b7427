"""How deep an entry body's Markdown may nest, checked by one linear pass over its lines.

Entry bodies are rendered with markdown-it (generator.markup.escape), which stops nesting
at its `maxNesting` and would then drop the rest of the body without a word. A body
nested that deep is not a real document (a 500-deep list is an attack or an accident),
so validation refuses it at its file and line, well below the renderer's limit.

The depth of a line is bounded by the container markers (`>`, list bullets and numbers)
it starts with, plus one level per two columns of indentation before its last marker
(a nested list item is indented at least two columns per level). Text lines without a
marker open no container, however far they are indented.
"""

from __future__ import annotations

import re

from generator.markup.cjk_emphasis import is_cjk

MAX_BODY_NESTING = 16  # lists in blockquotes in lists: real bodies use 3 or 4
# markdown-it counts a token level for each list and each item (twice the depth), and a
# few more for a table or paragraph at the deepest level. Its inline parser (links in
# links, emphasis) shares the limit, and its cost per unclosed '[' grows with it: so it is
# kept just above what validation lets through.
RENDER_MAX_NESTING = 2 * MAX_BODY_NESTING + 8
# Container starts: quote, bullet, ordered item, definition (':'), footnote definition.
_MARKER = re.compile(
    r"[ \t]*(?:>|[-+*:](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$)|\[\^[^\]\s]{1,100}\]:)"
)


def line_depth(line: str) -> int:
    """Return an upper bound of the container nesting a line can open."""
    depth, pos, indent = 0, 0, 0
    while True:
        found = _MARKER.match(line, pos)
        if found is None:
            return depth + indent // 2
        lead = found.group()[: len(found.group()) - len(found.group().lstrip(" \t"))]
        indent += len(lead.expandtabs(4))
        depth += 1
        pos = found.end()


def too_deep(text: str, limit: int = MAX_BODY_NESTING) -> tuple[int, int] | None:
    """Return (line number, depth) of the first line nested deeper than `limit`, or None."""
    for number, line in enumerate(text.splitlines(), start=1):
        depth = line_depth(line)
        if depth > limit:
            return number, depth
    return None


# `__粗體__` or `_斜體_` right beside a letter: CommonMark (and its CJK-friendly amendment,
# which leaves `_` alone for snake_case) reads no emphasis there, so the underscores print.
_UNDERSCORED = re.compile(r"(?P<d>__?)(?P<inner>[^_\s`\\][^_`\n]*?)(?<![\s\\])(?P=d)(?!_)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def shown_underscores(text: str) -> tuple[int, str] | None:
    """Return (line number, the text) of the first `__…__`/`_…_` around Chinese text that
    the renderer would print with its underscores, or None. Code is left alone."""
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opened = _FENCE.match(line)
        if fence:
            fence = "" if opened and opened.group(1)[0] == fence else fence
            continue
        if opened:
            fence = opened.group(1)[0]
            continue
        if line.startswith(("    ", "\t")):
            continue
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        for found in _UNDERSCORED.finditer(line):
            before = line[found.start() - 1] if found.start() else " "
            after = line[found.end()] if found.end() < len(line) else " "
            # beside a Chinese character: meant as emphasis, not snake_case
            if (before.isalnum() or after.isalnum()) and (is_cjk(before) or is_cjk(after)):
                return number, found.group()
    return None
