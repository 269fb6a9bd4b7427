"""Prepare an HTML body for conversion: documented removals, layout tables unwrapped.

Old CMS pages lay the whole text out in tables, and pandoc turns a table it cannot write
as a Markdown pipe table into the placeholder `[TABLE]`. This module parses the HTML with
a real parser (lxml) and hands pandoc only what it can carry:

- removals, the only text an import may drop (see docs/bodies.md): comments (CMS markers,
  Word's conditional comments), `script`, `style`, `template`, `head`, and "back to top"
  links (`<a href="#…">Top</a>`, 回頁首, 回到頁首, 回上方);
- images and frames are never fetched: an `img` becomes its alt (or title) text, an
  `iframe`, `object`, `embed`, `audio` or `video` its title text;
- a layout table (its `summary` names 內容/版面/排版/layout, `role="presentation"`, a cell
  holding a nested table, heading, list, quote or several paragraphs, one column, or spans
  that would expand past MAX_GRID_CELLS) is unwrapped: every cell becomes a block of its
  own, in reading order;
- `sub`, `sup`, `s`, `strike` and `del` become their plain text, and a link to another
  scheme than http(s)/mailto its text: the body renderer takes no raw HTML, and pandoc's
  fallbacks (`^(令)`, `_(x)`, `₂`, `~~x~~`, `[x](javascript:…)`) would show syntax or
  characters the source lacks;
- a data table is kept as a table with one line of text per cell and spans expanded,
  which pandoc writes as a pipe table.

`prepare` returns the HTML to convert and the text a reader of the source sees once the
removals are made, which the fidelity check compares with the converted body.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import lxml.html
from lxml import etree

REMOVED_TAGS = ("script", "style", "template", "head", "noscript")
TOP_LINK_TEXTS = {"top", "回頁首", "回到頁首", "回上方", "回頂端", "↑", "▲"}
LAYOUT_SUMMARY = re.compile(r"內容|版面|排版|layout", re.IGNORECASE)
MEDIA_TAGS = ("iframe", "frame", "object", "embed", "audio", "video", "source", "track")
_DASHES = re.compile(r"^\s*[-=][-=\s]*$")  # a text of dashes or equals signs only
_EMPHASIS = ("b", "strong", "i", "em", "u", "ins", "mark", "cite", "dfn", "var")
# What pandoc's CommonMark writer puts around each kind of emphasis (the others: no rule)
_MARKERS = {"b": "**", "strong": "**", "i": "*", "em": "*", "cite": "*", "dfn": "*", "var": "*"}
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# renders(marker, char before, first char, last char, char after) → read as emphasis?
EmphasisTest = Callable[[str, str, str, str, str], bool]
_BLOCK_ENDS = {"p", "div", "td", "th", "li", "dd", "dt", "caption", "blockquote", "body",
               "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "ul", "ol"}  # fmt: skip
MAX_GRID_CELLS = 100_000  # a data table's cells once spans are expanded; above: unwrapped
_BLOCKS = {"table", "ul", "ol", "dl", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
_PARAGRAPHS = {"p", "div"}
# Line breaks and runs of ASCII spaces: a cell is one line. The ideographic space of
# 第二條　本會… and no-break spaces are text, kept as written.
_DEFINITION_START = re.compile(r"^(\s*)([:~])")  # a definition's markers (deflist)
_SPACE = re.compile(r"[ \t\n\r\f\v]+")
# Links the body renderer keeps as links (generator.markup.escape._allowed_link): relative,
# http(s) and mailto.
_LINK_SCHEME = re.compile(r"^\s*(?:(?:https?|mailto):|(?![A-Za-z][A-Za-z0-9+.-]*:))", re.I)


@dataclass(frozen=True)
class Prepared:
    """An HTML body ready for pandoc and the visible text of its source."""

    html: str
    text: str
    markers: tuple[tuple[str, str], ...] = ()  # (private-use character, its Markdown)


def parse(html: str) -> lxml.html.HtmlElement:
    """Return the `body` (or the fragment's wrapper) of an HTML page or fragment."""
    if not html.strip():
        return lxml.html.fragment_fromstring("", create_parent="div")
    document = lxml.html.document_fromstring(html)
    body = document.find("body")
    return body if body is not None else document


def prepare(html: str, renders: EmphasisTest | None = None) -> Prepared:
    """Return the HTML pandoc gets and the source's visible text after the removals.

    `renders` tells whether the body renderer reads emphasis between given characters;
    without it, emphasis CommonMark alone could not read is unwrapped."""
    root = parse(html)
    apply_removals(root)
    text = visible_text(root)
    spans, around = _mark_spans(root, html)  # `[m²]`: sup, sub, struck and underlined text
    for link in list(root.iter("a")):
        if not _LINK_SCHEME.match(link.get("href") or ""):
            unwrap_tag(link)  # javascript:, data: … the renderer would show the whole link as text
    for table in reversed(list(root.iter("table"))):  # innermost first
        if is_layout(table):
            unwrap(table)
        else:
            flatten(table)
    for node in [n for n in root.iter() if isinstance(n.tag, str) and ":" in n.tag]:
        unwrap_tag(node)  # Word's <o:p>, <st1:…>: pandoc would start a block at each
    _drop_trailing_breaks(root)
    _plain_emphasis_at_marks(root, renders, around)
    markers = _protect_text(root, html) + spans
    return Prepared(lxml.html.tostring(root, encoding="unicode"), text, markers)


def _drop_trailing_breaks(root: lxml.html.HtmlElement) -> None:
    """Remove a `br` with no text after it in its block: Markdown would show its `\\`.

    Spaces of any kind (U+3000 included) are not text: the line they would make is
    stripped, and the break before it would end its paragraph. One walk from the end of
    the document, so a run of thousands of breaks stays linear.
    """
    trailing: list[etree._Element] = []

    def walk(node: etree._Element, text_after: bool) -> bool:
        """Collect trailing breaks under `node`; return whether text follows its start."""
        for child in reversed(node):
            if (child.tail or "").strip():
                text_after = True
            if child.tag == "br":
                if not text_after:
                    trailing.append(child)
            elif isinstance(child.tag, str) and child.tag in _BLOCK_ENDS:
                text_after = walk(child, False) or text_after
            else:
                text_after = walk(child, text_after)
        return text_after or bool((node.text or "").strip())

    walk(root, False)
    for br in trailing:
        drop(br)


def _plain_emphasis_at_marks(
    root: lxml.html.HtmlElement,
    renders: EmphasisTest | None = None,
    around_spans: dict[int, str] | None = None,
) -> None:
    """Unwrap emphasis that Markdown could not mark: `a**"b"**c` would show its asterisks.

    Emphasis that starts or ends with a space is unwrapped. Otherwise, where `renders` can
    judge (pandoc writes `**` or `*` and no ASCII punctuation it might escape is next to
    them), the body renderer's own reading decides, so CJK-friendly bold such as
    `前**「公告」**後` is kept. Without it, CommonMark's rule: `**` opens before punctuation
    only after a space or punctuation, and closes after punctuation only before one.
    The words are always kept; only the bold that would not render is dropped.
    """
    for node in reversed(list(root.iter(*_EMPHASIS))):
        text = node.text_content()
        if not text or text[0].isspace() or text[-1].isspace():
            unwrap_tag(node)
            continue
        before, after = _char_before(node), _char_after(node)
        around = tuple(c.translate(around_spans or {}) for c in (before, text[0], text[-1], after))
        marker = _MARKERS.get(node.tag)
        if renders is not None and marker and not any(c in _ASCII_PUNCT for c in around):
            if not renders(marker, *around):  # `[`, `}` of spans read as pandoc writes them
                unwrap_tag(node)
            continue
        opens = not _is_mark(text[0]) or _is_mark(before)
        closes = not _is_mark(text[-1]) or _is_mark(after)
        if not (opens and closes):
            unwrap_tag(node)


# What pandoc's HTML gives for what CommonMark cannot mark → the body's span class
_SPAN_CLASSES = {"sup": "sup", "sub": "sub", "s": "strike", "strike": "strike", "del": "strike",
                 "u": "underline", "ins": "underline"}  # fmt: skip
_LITERAL = {"pre", "code", "kbd", "samp", "tt"}


def _mark_spans(
    root: lxml.html.HtmlElement, html: str
) -> tuple[tuple[tuple[str, str], ...], dict[int, str]]:
    """Mark superscript, subscript, struck and underlined text for `[文字]{.class}` spans.

    pandoc would write `^(令)`, `₂`, `~~x~~` or italics for them, which the body renderer
    shows as syntax, with a glyph the PDF font lacks, or as another emphasis. Each such
    element becomes its text between private-use markers that pass pandoc untouched and
    are replaced by `[` and `]{.sup}` afterwards (generator.markup.escape.SPAN_TAGS). Return
    the (marker, Markdown) pairs and what each marker reads as next to emphasis.
    """
    free = (chr(c) for c in range(0xF8FF, 0xE000, -1) if chr(c) not in html)
    opening = next(free)
    closing = {kind: next(free) for kind in sorted(set(_SPAN_CLASSES.values()))}
    for node in reversed(list(root.iter(*_SPAN_CLASSES))):
        # Not in code (written literally) nor in a link's text: markdown-it reads no link
        # around a span (`[[x]{.sup}](#fn1)` shows its brackets), and links are underlined.
        plain = any(a.tag in _LITERAL or a.tag == "a" for a in node.iterancestors())
        if node.tag not in _LITERAL and not plain and node.text_content().strip():
            node.text = opening + (node.text or "")
            etree.SubElement(node, "span").text = closing[_SPAN_CLASSES[node.tag]]
        unwrap_tag(node)
    pairs = ((opening, "["),) + tuple((m, f"]{{.{kind}}}") for kind, m in closing.items())
    reads = {ord(opening): "[", **{ord(m): "}" for m in closing.values()}}
    return pairs, reads


def _char_before(node: etree._Element) -> str:
    """Return the character just before an element in its block (a space at its start)."""
    while node.getparent() is not None and node.tag not in _BLOCK_ENDS:
        previous = node.getprevious()
        while previous is not None:
            if previous.tail:
                return previous.tail[-1]
            inner = previous.text_content() if isinstance(previous.tag, str) else ""
            if inner:
                return inner[-1]
            previous = previous.getprevious()
        node = node.getparent()
        if node.text:
            return node.text[-1]
    return " "


def _char_after(node: etree._Element) -> str:
    """Return the character just after an element in its block (a space at its end)."""
    while node.getparent() is not None and node.tag not in _BLOCK_ENDS:
        if node.tail:
            return node.tail[0]
        following = node.getnext()
        while following is not None:
            inner = following.text_content() if isinstance(following.tag, str) else ""
            if inner or following.tail:
                return (inner or following.tail)[0]
            following = following.getnext()
        node = node.getparent()
    return " "


def _is_mark(char: str) -> bool:
    """Return whether a character is punctuation, a symbol or a space (Unicode P, S, Z)."""
    return char.isspace() or unicodedata.category(char)[0] in "PSZ"


def _protect_text(root: lxml.html.HtmlElement, html: str) -> tuple[tuple[str, str], ...]:
    """Put private-use markers where pandoc's Markdown would lose or misread the prose.

    pandoc 3.9's CommonMark writers drop the punctuation after a backslash (`a\\:b` is
    written `a\\\\b`) and write a text of dashes (`---`, `- --`) unescaped, which Markdown
    reads as a rule or a heading underline: losses the letters-and-digits check cannot
    see. Each marker goes through pandoc untouched and is replaced by its Markdown
    afterwards (an escaped backslash, `\\-`, `\\=`, or `---` for a real `hr`). Code keeps
    its text (pandoc writes code literally). Return (marker, Markdown) pairs.
    """
    free = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in html)
    backslash, dash, equals, rule = next(free), next(free), next(free), next(free)
    colon, tilde = next(free), next(free)

    def protect(text: str) -> str:
        text = text.replace("\\", backslash)
        if _DASHES.match(text):
            text = re.sub(r"[-=]", lambda m: dash if m.group() == "-" else equals, text, count=1)
        # A line starting `: ` or `~ ` is a definition to the body renderer (deflist): `1`
        # then `: 1` would become a term and its definition. Escaping either is harmless.
        return _DEFINITION_START.sub(
            lambda m: m.group(1) + (colon if m.group(2) == ":" else tilde), text, count=1
        )

    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        in_code = node.tag in _LITERAL or any(a.tag in _LITERAL for a in node.iterancestors())
        if node.text and not in_code:
            node.text = protect(node.text)
        parent = node.getparent()
        parent_code = parent is not None and (
            parent.tag in _LITERAL or any(a.tag in _LITERAL for a in parent.iterancestors())
        )
        if node.tail and not parent_code:
            node.tail = protect(node.tail)
    for hr in list(root.iter("hr")):  # a real rule, told from `---` written in the text
        if (hr.getparent().get("role") or "").endswith("endnotes"):
            continue  # pandoc's own rule above footnotes (DOCX, ODT): its reader drops it
        paragraph = lxml.html.Element("p")
        paragraph.text, paragraph.tail = rule, hr.tail
        hr.getparent().replace(hr, paragraph)
    return (
        (rule, "---"),
        (backslash, "\\\\"),
        (dash, "\\-"),
        (equals, "\\="),
        (colon, "\\:"),
        (tilde, "\\~"),
    )


def visible_text(root: lxml.html.HtmlElement) -> str:
    """Return the text of an element tree, blocks separated by line breaks."""
    return "\n".join(part for part in root.itertext() if part.strip())


def apply_removals(root: lxml.html.HtmlElement) -> None:
    """Drop what the documented rules remove and turn media into their text."""
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        drop(node)
    for node in list(root.iter(*REMOVED_TAGS)):
        drop(node)
    for link in list(root.iter("a")):
        target = (link.get("href") or "").strip()
        if target.startswith("#") and link.text_content().strip().casefold() in TOP_LINK_TEXTS:
            drop(link)
    for node in list(root.iter("img", "input", *MEDIA_TAGS)):
        label = node.get("alt") or node.get("title") or ""
        if node.tag == "input":
            label = node.get("value") or "" if node.get("type") in ("button", "submit") else ""
        _replace_by_text(node, label.strip())


def drop(node: etree._Element) -> None:
    """Remove a node (and its content) but keep the text that follows it (its tail).

    The node is replaced by an empty `span` holding the tail, rather than the tail being
    added to its neighbour's text: on a page of thousands of removals that text would be
    copied each time (quadratic). pandoc writes an empty span as nothing.
    """
    parent = node.getparent()
    if parent is None:
        return
    stand_in = lxml.html.Element("span")
    stand_in.tail = node.tail
    parent.replace(node, stand_in)


def unwrap_tag(node: etree._Element) -> None:
    """Make an element a plain `span`: its words stay, its meaning to pandoc goes.

    Renaming is constant time; lxml's drop_tag looks the element up in its parent and
    joins texts, which made unwrapping the bold of a long page quadratic.
    """
    node.tag = "span"
    node.attrib.clear()


def _replace_by_text(node: etree._Element, text: str) -> None:
    """Replace an element (and its content) by plain text."""
    node.tail = (f" {text} " if text else "") + (node.tail or "")
    drop(node)


def _rows(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Return the table's own rows (not a nested table's) in the order a reader sees them:
    head, body, foot (HTML shows a `tfoot` last wherever the source puts it)."""
    parts: dict[str, list[lxml.html.HtmlElement]] = {"thead": [], "body": [], "tfoot": []}
    for child in table:
        if child.tag == "tr":
            parts["body"].append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            part = parts["body" if child.tag == "tbody" else child.tag]
            part.extend(row for row in child if row.tag == "tr")
    return parts["thead"] + parts["body"] + parts["tfoot"]


def _cells(row: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Return a row's cells."""
    return [cell for cell in row if cell.tag in ("td", "th")]


def is_layout(table: lxml.html.HtmlElement) -> bool:
    """Return whether a table only lays out blocks (see the module docstring)."""
    if LAYOUT_SUMMARY.search(table.get("summary") or ""):
        return True
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    rows = _rows(table)
    if all(len(_cells(row)) <= 1 for row in rows):
        return True
    spans = sum(_span(c.get("colspan")) * _span(c.get("rowspan")) for r in rows for c in _cells(r))
    if spans > MAX_GRID_CELLS:  # spans that would expand into millions of empty cells
        return True
    for row in rows:
        for cell in _cells(row):
            tags = [d.tag for d in cell.iterdescendants() if isinstance(d.tag, str)]
            if _BLOCKS.intersection(tags) or sum(t in _PARAGRAPHS for t in tags) >= 2:
                return True
    return False


def unwrap(table: lxml.html.HtmlElement) -> None:
    """Replace a layout table by its caption and cells, each a block, in reading order."""
    blocks = []
    caption = table.find("caption")
    if caption is not None:
        blocks.append(_block(caption))
    for row in _rows(table):
        blocks.extend(_block(cell) for cell in _cells(row))
    wrapper = lxml.html.Element("div")
    wrapper.extend(blocks)
    wrapper.tail = table.tail
    table.getparent().replace(table, wrapper)


def _block(cell: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Return a cell's content as a `div` (block content) or a `p` (inline content)."""
    has_blocks = any(
        isinstance(d.tag, str) and d.tag in _BLOCKS | _PARAGRAPHS for d in cell.iterdescendants()
    )
    block = lxml.html.Element("div" if has_blocks else "p")
    block.text = cell.text
    block.extend(list(cell))
    return block


def flatten(table: lxml.html.HtmlElement) -> None:
    """Rewrite a data table as a plain grid: one line of text per cell, spans expanded."""
    grid: list[list[str]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, column) taken by a rowspan above
    for r, row in enumerate(_rows(table)):
        line: list[str] = []
        column = 0
        for cell in _cells(row):
            while (r, column) in pending:
                line.append(pending.pop((r, column)))
                column += 1
            text = _SPACE.sub(" ", _cell_text(cell)).strip()
            span = _span(cell.get("colspan"))
            for extra in range(1, _span(cell.get("rowspan"))):
                for offset in range(span):
                    pending[(r + extra, column + offset)] = ""
            line.extend([text] + [""] * (span - 1))
            column += span
        while (r, column) in pending:
            line.append(pending.pop((r, column)))
            column += 1
        grid.append(line)
    caption = table.find("caption")
    replacement = lxml.html.Element("div")
    if caption is not None and caption.text_content().strip():
        etree.SubElement(replacement, "p").text = _SPACE.sub(" ", caption.text_content()).strip()
    width = max((len(line) for line in grid), default=0)
    if width:
        new = etree.SubElement(replacement, "table")
        head, body = etree.SubElement(new, "thead"), etree.SubElement(new, "tbody")
        for r, line in enumerate(grid):
            row = etree.SubElement(head if r == 0 else body, "tr")
            for text in line + [""] * (width - len(line)):
                etree.SubElement(row, "th" if r == 0 else "td").text = text
    replacement.tail = table.tail
    table.getparent().replace(table, replacement)


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    """Return a cell's text with a space where a line or a block ended: `王小明<br>李大華`
    must not read `王小明李大華` once the cell is one line."""
    parts: list[str] = [cell.text or ""]
    for child in cell:
        if isinstance(child.tag, str):
            breaks = child.tag == "br" or child.tag in _BLOCK_ENDS
            parts += [" " if breaks else "", _cell_text(child), " " if breaks else ""]
        parts.append(child.tail or "")
    return "".join(parts)


def _span(value: str | None) -> int:
    """Return a colspan/rowspan as a count from 1 to 100 (hostile values are capped)."""
    try:
        return min(max(int(value or 1), 1), 100)
    except ValueError:
        return 1
