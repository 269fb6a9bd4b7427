"""Plain-text bodies (.txt) as Markdown that shows every line as written, and markup in them.

A `.txt` body is not Markdown: `*`, `#`, `1.` or `|` in it are the clerk's characters,
and every line break is the clerk's. So each line is escaped (backslash before each
character Markdown could read as syntax, leading spaces made non-breaking so they are not
an indented code block), lines of a paragraph end in a hard break (`\\`) and blank lines
separate paragraphs.

Old systems leave HTML tags in their text exports. A tag is never shown as escaped
markup: `<br>` becomes a line break, `<hr>` a rule, `<p>` a paragraph break, `<img>` its
alt text; any other tag is dropped and the text around it kept. The import names the tags
it found (`markup_tags`), for Markdown bodies too, where the renderer would show them as text.
"""

from __future__ import annotations

import re

# Characters that start Markdown syntax anywhere in a line; `\` first, so it is escaped once.
_INLINE = re.compile(r"([\\`*_\[\]<>|~!])")
# At the start of a line: headings, list items, rules, setext underlines, deflists.
_LINE_START = re.compile(r"^[#+\-=:]")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
# A tag on one line (a `<` that starts a line of prose is text, not the start of a tag).
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,20})\b((?:[^<>\"'\n]|\"[^\"\n]*\"|'[^'\n]*')*)/?>")
_ALT = re.compile(r"""\b(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_BREAKS = {"br"}
# `<br>` and the line end after it are one break, not two.
_BREAK_LINE = re.compile(r"<br\b[^<>]*>[ \t]*\n?", re.IGNORECASE)
_RULES = {"hr"}
_PARAGRAPHS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "blockquote"}
RULE = "\u0000RULE\u0000"  # a line of its own that stands for a thematic break


def markup_tags(text: str) -> list[str]:
    """Return the distinct HTML tag names in a text, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in TAG.finditer(text):
        seen.setdefault(match.group(2).lower(), None)
    return list(seen)


def strip_markup(text: str) -> str:
    """Return the text with tags replaced by what they mean (break, rule, paragraph, alt)."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(2).lower()
        if name in _BREAKS:
            return "\n"
        if name in _RULES:
            return f"\n\n{RULE}\n\n"
        if name in _PARAGRAPHS:
            return "\n\n"
        if name == "img":
            alt = _ALT.search(match.group(3))
            return next((g for g in alt.groups() if g), "") if alt else ""
        return ""

    return TAG.sub(replace, _BREAK_LINE.sub("\n", text))


def visible_text(text: str) -> str:
    """Return what a reader should see of a text body: markup replaced, no rule markers."""
    return strip_markup(text).replace(RULE, "")


def text_to_markdown(text: str) -> str:
    """Return Markdown that renders a plain text's lines and paragraphs exactly."""
    text = strip_markup(text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t\u3000]*\n", text):
        lines = [line.rstrip() for line in block.split("\n")]
        lines = [line for line in lines if line.strip()]
        if not lines:
            continue
        if lines == [RULE]:
            paragraphs.append("---")
            continue
        escaped = [escape_line(line) for line in lines if line != RULE]
        paragraphs.append("\\\n".join(escaped))
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""


def escape_line(line: str) -> str:
    """Return one line of plain text escaped for Markdown, its indentation kept."""
    body = line.lstrip(" \t")
    indent = line[: len(line) - len(body)].expandtabs(4)
    escaped = _ORDERED.sub(r"\1\\\2", _INLINE.sub(r"\\\1", body))
    if _LINE_START.match(escaped):
        escaped = "\\" + escaped
    return "\u00a0" * len(indent) + escaped
