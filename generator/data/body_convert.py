"""Convert a body (HTML, DOCX, ODT) to Markdown with pandoc, and check nothing was lost.

pandoc (shipped in the `pypandoc-binary` wheel) runs as a child process with `--sandbox`
(it reads only the one input and fetches nothing: an `<iframe src="http://…">` or an
`<img>` is never requested), a time limit and a heap limit (`+RTS -M`). DOCX and ODT are
first converted to HTML, so every format goes through the same layout rules
(generator.data.html_layout) before pandoc writes GitHub-flavoured Markdown without raw
HTML (the body renderer shows raw HTML as text, see generator.markup.escape).

Every conversion is checked: the source's visible text is compared with the text the
converted body shows once rendered by the site's own body renderer (generator.fidelity).
"""

from __future__ import annotations

import functools
import re
import subprocess
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from generator.data import html_layout
from generator.data.body_limits import (
    BodyLimits,
    LimitExceeded,
    check_archive,
    check_text,
)
from generator.fidelity import Difference, compare, compare_significant
from generator.markup.escape import body_html

PANDOC_TARGET = "gfm-raw_html"
# Characters Markdown writes as syntax: shown on a page only when the source had them.
SYNTAX_MARKS = set("*_`~\\[]<>#|^")
PANDOC_ARGS = ["--sandbox", "--wrap=none", "--markdown-headings=atx"]
# An autolink pandoc writes: `<` not escaped, a URL or an e-mail address, `>`.
_AUTOLINK = re.compile(
    r"(?<!\\)<((?:https?|mailto|ftp)://[^\s<>]+|mailto:[^\s<>]+|[^\s<>@\\]+@[^\s<>@]+)>"
)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DOCX_TEXT = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


class ConvertError(Exception):
    """pandoc failed on a body (broken document, time or memory limit)."""


@dataclass(frozen=True)
class Converted:
    """A converted body: its Markdown and the visible text of its source."""

    markdown: str
    source_text: str


def pandoc(data: bytes | Path, source_format: str, target: str, limits: BodyLimits) -> str:
    """Return pandoc's output for bytes on stdin or one file, sandboxed and bounded."""
    import pypandoc

    command = [pypandoc.get_pandoc_path(), "+RTS", f"-M{limits.convert_memory_mb}m", "-RTS",
               *PANDOC_ARGS, "-f", source_format, "-t", target]  # fmt: skip
    stdin = b""
    if isinstance(data, Path):
        command += ["--", str(data)]
    else:
        stdin = data
    try:
        done = subprocess.run(command, input=stdin, capture_output=True,
                              timeout=limits.convert_seconds, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        raise LimitExceeded("convert_seconds", limits.convert_seconds, "timeout") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        if "heap" in done.stderr.decode("utf-8", "replace").lower():
            raise LimitExceeded("convert_memory_mb", limits.convert_memory_mb, "heap exhausted")
        raise ConvertError(detail[-1] if detail else f"pandoc exit {done.returncode}")
    return done.stdout.decode("utf-8")


def html_to_markdown(html: str, limits: BodyLimits) -> Converted:
    """Return an HTML body as Markdown, layout tables unwrapped, with its source text."""
    _check_nesting(html, limits)
    prepared = html_layout.prepare(html, emphasis_renders)
    return Converted(_to_markdown(prepared, limits), prepared.text)


def document_to_markdown(path: Path, kind: str, limits: BodyLimits) -> Converted:
    """Return a DOCX or ODT body as Markdown, with the text its XML holds."""
    try:
        check_archive(path, limits)
        names = _DOCX_TEXT if kind == "docx" else ("content.xml",)
        source_text = _archive_text(path, names, limits, odf=kind == "odt")
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError) as error:
        raise ConvertError(str(error)) from None
    check_text(source_text, limits)  # before pandoc: its time and memory grow with the text
    html = pandoc(path, kind, "html", limits)
    return Converted(_to_markdown(html_layout.prepare(html, emphasis_renders), limits), source_text)


def _to_markdown(prepared: html_layout.Prepared, limits: BodyLimits) -> str:
    """Return prepared HTML as Markdown: pandoc, then the markers and autolinks replaced."""
    markdown = pandoc(prepared.html.encode("utf-8"), "html", PANDOC_TARGET, limits)
    for marker, replacement in prepared.markers:
        markdown = markdown.replace(marker, replacement)
    return explicit_links(markdown)


def explicit_links(markdown: str) -> str:
    """Return pandoc's Markdown with autolinks (`<https://…>`, `<a@b.tw>`) as `[x](x)` links.

    pandoc writes a link whose text is its address as an autolink; the body renderer does
    not read autolinks (generator.markup.escape), so the page would show the angle brackets.
    """

    def link(match: re.Match[str]) -> str:
        address = match.group(1)
        target = address if _URL.match(address) else f"mailto:{address}"
        return f"[{address}]({target})"

    return _AUTOLINK.sub(link, markdown)


def _archive_text(path: Path, names: tuple[str, ...], limits: BodyLimits, odf: bool) -> str:
    """Return the text of an archive's XML members, streamed: memory stays near `body_chars`.

    The members are parsed as they are decompressed (lxml iterparse, no entities, no
    network), each finished element is emptied, and reading stops as soon as the text is
    longer than `body_chars` or deeper than `nesting`. Order does not matter to the check
    (it counts characters), so an element's text and its children's tails are taken when
    the element ends.
    """
    parts: list[str] = []
    size = 0
    with zipfile.ZipFile(path) as archive:
        present = set(archive.namelist())
        for name in (n for n in names if n in present):
            with archive.open(name) as stream:
                for text in _odf_texts(stream, limits) if odf else _docx_texts(stream, limits):
                    parts.append(text)
                    size += len(text)
                    if size > limits.body_chars:
                        raise LimitExceeded("body_chars", limits.body_chars, f"> {size:,}")
    return "".join(parts)


def _events(stream: Any, limits: BodyLimits) -> Iterator[tuple[str, etree._Element]]:
    """Yield iterparse start/end events of a stream, refusing a tree deeper than `nesting`."""
    depth = 0
    parse = etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                            no_network=True, load_dtd=False, huge_tree=False)  # fmt: skip
    for event, node in parse:
        depth += 1 if event == "start" else -1
        if depth > limits.nesting:
            raise LimitExceeded("nesting", limits.nesting, f"{depth}")
        yield event, node


def _docx_texts(stream: Any, limits: BodyLimits) -> Iterator[str]:
    """Yield a Word part's text runs (w:t) and paragraph ends, skipping text-box fallbacks."""
    fallback = 0  # a text box is stored twice: the modern form and a fallback
    for event, node in _events(stream, limits):
        if node.tag == _MC_FALLBACK:
            fallback += 1 if event == "start" else -1
        if event != "end" or fallback:
            continue
        if node.tag == f"{_W}t":
            yield node.text or ""
        elif node.tag in (f"{_W}p", f"{_W}tab", f"{_W}br"):
            yield "\n"
            node.clear(keep_tail=True)


def _odf_texts(stream: Any, limits: BodyLimits) -> Iterator[str]:
    """Yield the text of an OpenDocument body (notes included, note citations not)."""
    citation = f"{{{_ODF_TEXT}}}note-citation"
    inside = 0
    for event, node in _events(stream, limits):
        if node.tag == f"{{{_ODF_OFFICE}}}body":
            inside += 1 if event == "start" else -1
        if event != "end" or not inside:
            continue
        if node.tag != citation:
            yield node.text or ""
        for child in node:
            yield child.tail or ""
        yield "\n"
        node.clear(keep_tail=True)


def _check_depth(root: etree._Element, limits: BodyLimits) -> None:
    """Raise LimitExceeded when an element tree is nested deeper than `nesting`."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limits.nesting:
            raise LimitExceeded("nesting", limits.nesting, f"{depth}")
        stack.extend((child, depth + 1) for child in node if isinstance(child.tag, str))


def _check_nesting(html: str, limits: BodyLimits) -> None:
    """Raise LimitExceeded for HTML nested deeper than `nesting` (counted on the parse)."""
    _check_depth(html_layout.parse(html), limits)


@functools.lru_cache(maxsize=4096)
def emphasis_renders(marker: str, before: str, first: str, last: str, after: str) -> bool:
    """Return whether the site's body renderer reads `marker` as emphasis around a text
    starting with `first` and ending with `last`, between `before` and `after`."""
    inner = first if first == last else first + last
    html = str(body_html(f"{before}{marker}{inner}{marker}{after}"))
    return ("<strong>" if marker == "**" else "<em>") in html


def rendered_text(markdown: str) -> str:
    """Return the text a body's Markdown shows on its page (the site's own renderer).

    Footnote markers and back-links are the renderer's, not the text's, so they are left out.
    """
    html = str(body_html(markdown))
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for link in list(root.iter("a")):
        target = link.get("href") or ""
        parent = link.getparent()
        if target.startswith("#fnref") or (target.startswith("#fn") and parent.tag == "sup"):
            html_layout.drop(link)
    return "\n".join(root.itertext())


def marks(text: str) -> str:
    """Return the punctuation and symbols of a text (after NFKC), in order, spaces left out."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and not ch.isalnum())


def check(source_text: str, markdown: str) -> Difference | None:
    """Return how the rendered Markdown differs from the source text, or None.

    Two comparisons, both through generator.fidelity: the significant characters
    (letters and digits) may not be lost or added; punctuation and symbols may not be
    lost, and Markdown's own syntax characters may not appear (`**`, `\\`, `~~` shown
    because the renderer did not read them). A difference of order only (footnotes
    gathered at the end) is not a loss.
    """
    shown = rendered_text(markdown)
    found = compare(source_text, shown)
    if found is not None and (found.lost or found.added):
        return found
    expected, actual = marks(source_text), marks(shown)
    found = compare_significant(expected, actual)
    if found is None:
        return None
    extra = Counter(actual) - Counter(expected)
    if found.lost or any(ch in SYNTAX_MARKS for ch in extra):
        return found
    return None
