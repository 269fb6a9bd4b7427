"""The printed (PDF) edition of an issue: HTML from a template, then PDF/A-3 by WeasyPrint.

In Chinese: a cover with volume, number and ROC date, a table of contents with page
numbers, then every entry with its document number, grouped by category. Rendered from
`templates/pdf/issue.html.j2` (overridable in `overrides/templates/pdf/`).

Each edition is an archival, accessible PDF: PDF/A-3u, tagged (headings, reading order,
document language zh-Hant), titled, with the issue's entries attached as JSON (the
machine-readable twin of the printed text). Its only font is Noto Sans CJK TC from the
`noto-cjk-sans-otc` package (generator/gazette/fonts.py), cut down to the characters the
edition can draw (`drawable_chars`) before WeasyPrint embeds it; a character the full face
lacks fails the build, naming the issue and the entry, instead of printing a box.

This module only renders. Which editions are rendered at all (only those not yet
published: published ones are frozen in `editions/`) is generator/gazette/editions.py;
`write` is the artifact writer that puts every edition of the build into the site.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator import schedule
from generator.data.gazette_model import agencies, category_order, digits_of
from generator.errors import ConfigError, DataInvalid
from generator.gazette import bold_face, fonts
from generator.markup.escape import body_html
from generator.markup.templates import environment
from generator.models import BuildContext, Problem
from generator.roc import roc_long_date

TEMPLATE = "pdf/issue.html.j2"
VARIANT = "pdf/a-3u"  # archival, and every character maps to Unicode (text can be extracted)
ENTRIES_CSV = "datasets/gazette_entries.csv"
ISSUES_CSV = "datasets/gazette_issues.csv"
# The entry fields the attached JSON carries, besides the body text.
ENTRY_FIELDS = (
    "entry_id",
    "category",
    "agency_id",
    "doc_number",
    "signed_date",
    "title_zh",
    "title_en",
    "corrects",
)

Shared = tuple[dict[str, dict[str, Any]], list[str], Any]
# Characters a layout may draw that the HTML's text need not hold: printable ASCII (page
# counters, leaders, numbered lists), list markers (disc, circle, square), the no-break
# and ideographic spaces, the hyphen and ellipsis WeasyPrint may insert.
LAYOUT_CHARS = frozenset(map(chr, range(0x20, 0x7F))) | frozenset(
    "\u00a0\u2010\u2022\u2026\u25aa\u25e6\u3000"
)
# What prints bold by default (bodies' emphasis and table headers), tags included.
_BOLD = re.compile(r"<(strong|b|th)[\s>].*?</\1>", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})")


def renderer_problem() -> Problem | None:
    """Return why editions cannot be rendered here (WeasyPrint or the font), or None."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: Pango or its friends are missing
        detail = f"{type(error).__name__}: {error}"[:200]
        return Problem.at("pyproject.toml", None, "", "pdf-renderer-missing", detail=detail)
    try:
        import uharfbuzz  # noqa: F401 - makes each edition's font subset
    except ImportError as error:
        detail = f"{type(error).__name__}: {error}"[:200]
        return Problem.at("pyproject.toml", None, "", "pdf-renderer-missing", detail=detail)
    try:
        fonts.font_file()
    except fonts.FontMissing as error:
        return Problem.at("pyproject.toml", None, "", "pdf-font-missing", package=str(error))
    return None


def require_renderer() -> None:
    """Raise ConfigError when editions cannot be rendered on this machine."""
    problem = renderer_problem()
    if problem is not None:
        raise ConfigError([problem])


def _roc(value: Any) -> str:
    """Return a date as the gazette prints it."""
    return roc_long_date(value) if value else ""


def shared_parts(ctx: BuildContext) -> Shared:
    """Return what every issue's HTML shares: agencies by id, category order, template."""
    template = environment(ctx.root).get_template(TEMPLATE)
    return agencies(ctx.dataset), category_order(ctx.dataset), template


def _body_text(root: Path, rel: str | None) -> str | None:
    """Return an entry body's Markdown, or None when there is none."""
    path = root / "datasets" / rel if rel else None
    return path.read_text(encoding="utf-8") if path and path.is_file() else None


def entry_groups(ctx: BuildContext, issue: dict[str, Any], shared: Shared) -> list[dict[str, Any]]:
    """Return the issue's entries, ready to print, grouped by category in gazette order."""
    agency, order, _ = shared
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in issue["entries"]:
        text = _body_text(ctx.root, entry.get("body_zh"))
        groups.setdefault(entry["category"], []).append(
            {
                **entry,
                "body": body_html(text) if text else "",
                "body_text": text or "",
                "signed_roc": _roc(entry.get("signed_date")),
                "agency": (agency.get(entry["agency_id"]) or {}).get("name_zh", entry["agency_id"]),
            }
        )
    rank = {name: i for i, name in enumerate(order)}
    names = sorted(groups, key=lambda n: (rank.get(n, len(rank)), n))
    return [{"category": n, "entries": groups[n]} for n in names]


def issue_html(
    ctx: BuildContext, issue: dict[str, Any], shared: Shared | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """Return the HTML of one issue's printed edition and its grouped entries."""
    shared = shared or shared_parts(ctx)
    agency, _, template = shared
    groups = entry_groups(ctx, issue, shared)
    volume, number = int(issue["volume"]), int(issue["number"])
    publisher = (agency.get(issue["publisher_id"]) or {}).get("name_zh", issue["publisher_id"])
    html = template.render(
        issue=issue,
        groups=groups,
        roc_date=_roc(issue["publication_date"]),
        published=_iso(issue["publication_date"]),
        publisher=publisher,
        url=f"{ctx.site_url}gazette/{volume}/{schedule.number_text(number, digits_of(ctx.root))}/",
        # CSS, not text: the escaping `finalize` would turn the quotes into entities.
        font_face=Markup(fonts.font_face_css()),
        font_family=Markup(f'"{fonts.FAMILY}"'),
    )
    return html, groups


class _Text(HTMLParser):
    """Collect the text of an HTML fragment (what the PDF will draw)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("style", "script", "title")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("style", "script", "title") and self.skip > 0

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def drawn_text(html: str) -> str:
    """Return the text of an HTML document or fragment that the PDF draws."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def drawable_chars(html: str) -> frozenset[str]:
    """Return every character an edition's HTML may have drawn, for its font subset.

    More than `drawn_text`: the whole source (CSS `content` strings, attributes), its
    character references and CSS escapes decoded, and the layout's own characters. A
    character left out would print from no font, so this errs on the side of too many.
    """
    codes = (int(code, 16) for code in _CSS_ESCAPE.findall(html))
    escaped = {chr(code) for code in codes if code <= 0x10FFFF}
    chars = set(html) | set(html_lib.unescape(html)) | escaped | LAYOUT_CHARS
    return frozenset(c for c in chars if c.isprintable() or c.isspace())


def glyph_problems(issue: dict[str, Any], groups: list[dict[str, Any]], html: str) -> list[Problem]:
    """Return a problem for each entry (or the issue) with characters the font lacks."""
    problems = []
    for group in groups:
        for entry in group["entries"]:
            fields = (entry["title_zh"], entry["doc_number"], entry["agency"], group["category"])
            text = " ".join(str(f) for f in fields) + drawn_text(entry["body"])
            missing = fonts.uncovered(text)
            if missing:
                problems.append(_glyph_problem(ENTRIES_CSV, entry, missing, issue))
    if not problems:  # the cover, the template's own text, an agency name
        missing = fonts.uncovered(drawn_text(html))
        if missing:
            problems.append(_glyph_problem(ISSUES_CSV, issue, missing, issue))
    return problems


def _glyph_problem(
    path: str, row: dict[str, Any], missing: list[str], issue: dict[str, Any]
) -> Problem:
    """Return the problem of an entry (or issue) that would print boxes."""
    chars = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:10])
    line = row.get("_line")
    return Problem.at(
        path,
        int(line) if line is not None and line == line else None,
        "",
        "pdf-glyph-missing",
        issue=issue["issue_id"],
        entry=row.get("entry_id", "-"),
        chars=chars,
        font=fonts.FACE_NAME,
    )


def _iso(value: Any) -> str:
    """Return a date cell as YYYY-MM-DD."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)[:10]


def entries_json(issue: dict[str, Any], groups: list[dict[str, Any]]) -> bytes:
    """Return the attached JSON: the issue's fields and its entries with their texts."""
    fields = ("issue_id", "volume", "number", "publication_date", "title_zh", "title_en", "gpn")
    data = {
        "issue": {k: _plain(issue.get(k)) for k in fields},
        "entries": [
            {**{k: _plain(e.get(k)) for k in ENTRY_FIELDS}, "body_zh": e["body_text"]}
            for e in sorted((e for g in groups for e in g["entries"]), key=lambda e: e["entry_id"])
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def _plain(value: Any) -> Any:
    """Return a cell as JSON can hold it (dates as text, empty cells as null)."""
    if value is None or value != value:  # noqa: PLR0124 - NaN is not equal to itself
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _fetcher(font: str | None = None, bold: str | None = None) -> Any:
    """Return a URL fetcher for the embedded font files only: no network, no other file.

    `font` is the URL of the edition's font subset (default: the full face), `bold` that
    of its bold face (bold_face.py) if any. A font that cannot be read stops the rendering
    (it would silently fall back to whatever fontconfig has); any other resource is
    refused with a warning.
    """
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    allowed = {font or fonts.font_file().as_uri()} | ({bold} if bold else set())

    class LocalFont(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url not in allowed:
                raise ValueError(f"external resource not fetched: {url[:80]}")
            try:
                return super().fetch(url, headers)
            except Exception as error:
                raise FatalURLFetchingError(f"font unreadable: {url}") from error

    return LocalFont(allowed_protocols={"file"})


def render_pdf(
    html: str,
    identifier: str,
    attachment: bytes,
    name: str,
    date: str,
    font: str | None = None,
    bold: str | None = None,
) -> bytes:
    """Return the PDF/A-3u bytes of an edition (runs in a worker process).

    Dates inside the file are the publication date, never the time of rendering, so the
    same inputs give the same bytes.
    """
    from weasyprint import HTML, Attachment

    stamp = dt.datetime.fromisoformat(date).replace(tzinfo=schedule.TIMEZONE)
    data = Attachment(
        string=attachment.decode(),
        name=name,
        description="公報刊登事項（JSON）",
        created=stamp,
        modified=stamp,
        relationship="Data",
    )
    document = HTML(string=html, url_fetcher=_fetcher(font, bold), base_url=".")
    return document.write_pdf(
        pdf_identifier=identifier.encode()[:32],
        pdf_variant=VARIANT,
        pdf_tags=True,
        attachments=[data],
        uncompressed_pdf=False,
    )


def render_job(ctx: BuildContext, issue: dict[str, Any], shared: Shared) -> dict[str, Any]:
    """Return the arguments of `render_pdf` for one issue; raise DataInvalid on boxes."""
    html, groups = issue_html(ctx, issue, shared)
    problems = glyph_problems(issue, groups, html)
    if problems:
        raise DataInvalid(problems)
    # The edition embeds a subset made for its own characters (see fonts.py for why).
    font, bold = fonts.font_file(), None
    if fonts.font_face_css() in html:  # an overriding template may name no font
        font = fonts.subset_file(drawable_chars(html))
        faces = fonts.font_face_css(font)
        bold_text = "".join(m.group(0) for m in _BOLD.finditer(html))
        if bold_text:  # WeasyPrint has no synthetic bold: give it a bold face
            bold = bold_face.bold_file(drawable_chars(bold_text))
            faces += bold_face.font_face_css(bold)
        html = html.replace(fonts.font_face_css(), faces, 1)
    volume = int(issue["volume"])
    number = schedule.number_text(issue["number"], digits_of(ctx.root))
    return {
        "html": html,
        "font": font.as_uri(),
        "bold": bold.as_uri() if bold else None,
        "identifier": f"gazette-{issue['issue_id']}",
        "attachment": entries_json(issue, groups),
        "name": f"gazette-{volume}-{number}-entries.json",
        "date": _iso(issue["publication_date"]),
    }
