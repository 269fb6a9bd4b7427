"""Make data safe to print: escape values for Markdown and HTML, sanitise entry bodies.

Two kinds of text reach a page:

- values (CSV cells, labels): shown exactly as typed. `md` turns every character that
  Markdown or HTML could read as syntax into a numeric character reference, so a cell
  holding `<script>`, `[x](javascript:…)`, `{{ 1 }}` or `&lt;` is printed as visible text.
  The Jinja environment applies `md` to every `{{ … }}` by default (`finalize`).
- entry bodies (Markdown written by staff): rendered with markdown-it (CommonMark with
  tables, footnotes and definition lists, CJK-friendly emphasis; linear time on hostile
  input) and cleaned by
  nh3 to an allow-list of tags, attributes and URL schemes (`body_html`).
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import quote

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from markupsafe import escape as html_escape
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.markup.cjk_emphasis import cjk_emphasis_plugin
from generator.markup.markdown_limits import RENDER_MAX_NESTING

# Characters Markdown, HTML or Jinja could read as syntax. '.' and '=' matter only at the
# start of a line (ordered lists, setext headings) but escaping them everywhere is simpler.
_SPECIAL = set("&<>\"'`*_[](){}#+-!|~\\:=.$%@")
_TABLE = {ord(ch): f"&#{ord(ch)};" for ch in _SPECIAL}
_NEWLINES = re.compile(r"\r\n|\r|\n")
_SAFE_URL = re.compile(r"^(?:https?://|mailto:|#|\.{0,2}/|[A-Za-z0-9_.~-])")
BODY_HEADING_BASE = 3  # the entry page owns the h1 and the "Full text" h2 above the body
BODY_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p", "pre", "s",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}  # fmt: skip
BODY_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
}
BODY_SCHEMES = {"http", "https", "mailto"}
# A table column's alignment (`| ---: |`): markdown-it writes it as a style attribute, which
# the allow-list drops with every other style, so it becomes one of these classes (the
# site's and the PDF edition's CSS align them; `align` itself is obsolete HTML).
ALIGN_CLASSES = {f"gz-align-{side}" for side in ("left", "center", "right")}
BODY_CLASSES = {"td": ALIGN_CLASSES, "th": ALIGN_CLASSES}
ALIGN_STYLE = re.compile(r"text-align:(left|center|right)")  # as markdown-it writes it


def md(value: Any) -> Markup:
    """Return `value` as text that Markdown and HTML both print literally.

    Line breaks become spaces so a value never breaks a table row or starts a block.
    """
    if isinstance(value, Markup):
        return value
    text = "" if value is None else str(value)
    return Markup(_NEWLINES.sub(" ", text).translate(_TABLE))


def attr(value: Any) -> Markup:
    """Return `value` escaped for an HTML attribute inside a raw HTML block.

    Raw HTML blocks pass through Markdown untouched, so HTML escaping suffices there; tools
    that read attributes without decoding character references (Pagefind's filters and
    metadata) then see the value as typed. Line breaks become spaces.
    """
    text = "" if value is None else _NEWLINES.sub(" ", str(value))
    return Markup(html_escape(text))


def md_lines(value: Any) -> Markup:
    """Return `value` escaped like `md`, keeping its line breaks as `<br>`."""
    text = "" if value is None else str(value)
    return Markup("<br>".join(md(line) for line in _NEWLINES.split(text)))


def href(value: Any) -> Markup:
    """Return a URL safe for a Markdown link target, or '#' for a dangerous one.

    Only relative URLs and http(s)/mailto are allowed; anything else (javascript:, data:,
    vbscript:) becomes '#'. Characters that could end the link are percent-encoded.
    """
    text = "" if value is None else str(value).strip()
    if (
        not _SAFE_URL.match(text)
        or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text)
        and not (text.lower().startswith(("http://", "https://", "mailto:")))
    ):
        return Markup("#")
    return Markup(quote(text, safe="/:#?&=%@+,;~._-!$*"))


def _allowed_link(url: str) -> bool:
    """Return whether a body link may stay a link (relative, http(s) or mailto)."""
    scheme = re.match(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):", url)
    return scheme is None or scheme.group(1).lower() in BODY_SCHEMES


# What a span's class marks, and the tag it becomes (pandoc's names; docs/bodies.md)
SPAN_TAGS = {"underline": "u", "sup": "sup", "sub": "sub", "strike": "s"}


def _span_tags(state: Any) -> None:
    """Turn `[文字]{.underline}` spans into their tag; any other span shows its text only."""
    for block in state.tokens:
        opened: list[str] = []
        for token in block.children or []:
            if token.type == "span_open":
                classes = str(token.attrs.get("class", "")).split()
                tags = [SPAN_TAGS[c] for c in classes if c in SPAN_TAGS]
                opened.append(tags[0] if len(tags) == 1 else "span")
                token.attrs, token.tag = {}, opened[-1]
            elif token.type == "span_close":
                token.tag = opened.pop() if opened else "span"


def _show_image(renderer: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    """Render an image as the visible text that made it: bodies embed no outside files."""
    token = tokens[idx]
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    src = token.attrGet("src") or ""
    return f"<span>{html_escape(f'![{alt}]({src})')}</span>"


def _new_body_parser() -> MarkdownIt:
    """Return a new body parser (CommonMark, linear time whatever the input).

    Raw HTML, entities and autolinks stay text to show; `**粗體**` next to Chinese
    punctuation is bold (generator.markup.cjk_emphasis); a link to another scheme is not a
    link (its text stays as typed); nesting stops at RENDER_MAX_NESTING, above what
    validation lets through (generator.markup.markdown_limits).
    """
    parser = MarkdownIt(
        "commonmark", {"html": False, "maxNesting": RENDER_MAX_NESTING, "typographer": False}
    )
    parser.enable(["table", "strikethrough"])  # GFM's ~~刪除~~, as clerks know it
    parser.disable(["entity", "autolink", "html_inline", "html_block"])
    parser.use(footnote_plugin).use(deflist_plugin).use(cjk_emphasis_plugin)
    # `[文字]{.underline}`: the one way a body marks what CommonMark cannot (SPAN_TAGS)
    parser.use(attrs_plugin, after=(), spans=True, allowed=("class",))
    parser.core.ruler.push("span_tags", _span_tags)
    parser.validateLink = _allowed_link
    parser.add_render_rule("image", _show_image)
    return parser


@functools.lru_cache(maxsize=1)
def _body_markdown() -> MarkdownIt:
    """Return the one body parser every renderer of entry bodies uses."""
    return _new_body_parser()


@functools.lru_cache(maxsize=1)
def checking_parser() -> MarkdownIt:
    """Return the body parser plus a rule that marks emphasis syntax left unmatched.

    The same configuration as `_body_markdown`, so the fidelity check reads a body exactly
    as the pages and PDF editions do; an unmatched `*`/`_` run that could open or close
    emphasis becomes UNMATCHED in its text token (syntax the reader would see).
    """
    parser = _new_body_parser()
    parser.inline.ruler2.before("fragments_join", "mark_unmatched", _mark_unmatched)
    return parser


UNMATCHED = "\x00"  # markdown-it replaces NUL in the source, so it never occurs as text


def _mark_unmatched(state: Any) -> None:
    """Replace each `*`/`_` that could open or close emphasis but was not paired."""
    lists = [state.delimiters] + [
        meta["delimiters"] for meta in state.tokens_meta if meta and "delimiters" in meta
    ]
    for delimiters in lists:
        for delimiter in delimiters:
            if delimiter.marker not in (0x2A, 0x5F) or not (delimiter.open or delimiter.close):
                continue
            token = state.tokens[delimiter.token]
            if token.type == "text" and token.content in ("*", "_"):
                token.content = UNMATCHED


def _nest_headings(tokens: list[Token]) -> None:
    """Renumber a body's headings to start at BODY_HEADING_BASE with no level skipped.

    Staff write `### 條文` under no `##`; a page that jumps from h2 to h4 confuses screen
    reader navigation (WCAG 1.3.1) and fails the HTML checker, so levels are compacted.
    """
    headings = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    used = sorted({int(t.tag[1]) for t in headings})
    level = {old: min(BODY_HEADING_BASE + i, 6) for i, old in enumerate(used)}
    previous = BODY_HEADING_BASE - 1
    for token in headings:  # document order: never more than one level deeper
        if token.type == "heading_open":
            previous = min(level[int(token.tag[1])], previous + 1)
        token.tag = f"h{previous}"


def _align_classes(tokens: list[Token]) -> None:
    """Turn each table cell's alignment style into its class (see ALIGN_CLASSES)."""
    for token in tokens:
        if token.type in ("th_open", "td_open"):
            found = ALIGN_STYLE.fullmatch(str(token.attrGet("style") or ""))
            if found:
                del token.attrs["style"]
                token.attrSet("class", f"gz-align-{found.group(1)}")


def body_html(source: str) -> Markup:
    """Render an entry body's Markdown and return it sanitised to the allow-list."""
    parser = _body_markdown()
    env: dict[str, Any] = {}  # per body: no footnote or reference carries over
    tokens = parser.parse(source, env)
    _nest_headings(tokens)
    _align_classes(tokens)
    html = parser.renderer.render(tokens, parser.options, env)
    clean = nh3.clean(
        html,
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        allowed_classes=BODY_CLASSES,
        url_schemes=BODY_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)


def raw_block(html: str, css_class: str, lang: str | None = None) -> Markup:
    """Wrap sanitised HTML in a block MkDocs passes through untouched.

    Python-Markdown keeps a block-level element that starts a line, with blank lines
    around it, as raw HTML; blank lines inside are removed so the block cannot end early.
    """
    inner = "\n".join(line for line in str(html).splitlines() if line.strip())
    lang_attr = f' lang="{html_escape(lang)}"' if lang else ""
    opening = f'<div class="{html_escape(css_class)}"{lang_attr}>'
    return Markup(f"\n{opening}\n{inner}\n</div>\n")
