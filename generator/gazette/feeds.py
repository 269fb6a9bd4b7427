"""Atom and RSS 2.0 feeds of the gazette, per language and per category (an artifact writer).

Files, for the Chinese site at the root and the English one under `en/`:

- `gazette/feed.atom`, `gazette/feed.rss`: the latest issues (one item per issue);
- `gazette/entries/feed.atom`, `.rss`: the latest entries of every category;
- `gazette/category/<slug>/feed.atom`, `.rss`: the latest entries of one category.

Written with `xml.etree` rather than a feed library so the bytes depend on the data only:
item ids are the permanent page URLs, every date is the issue's publication date
(midnight in Taipei), items are ordered by date then id, and nothing is dated by the build.

A feed is a window on the newest items, bounded so that what a publish day uploads does
not grow with the archive or with a busy day: at most `MAX_ITEMS` items and `MAX_BYTES`
bytes per file (older items drop out first; the archive pages hold everything). Each item
keeps what a reader needs: title, link, date, the document number and a summary (an
entry's: its document number and title; an issue's: its entries' titles, cut after
`ISSUE_SUMMARY_CHARS` characters at a title's end and followed by how many were left out).
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from generator.data.gazette_model import CATEGORY_SLUGS, digits_of, entry_path, issue_path, pdf_path
from generator.gazette.manifest import text_form
from generator.labels import load_labels
from generator.languages import LANGUAGES, language
from generator.models import BuildContext
from generator.schedule import TAIPEI

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_ITEMS = 20  # a feed is a window on the latest items; the archive pages hold the rest
MAX_BYTES = 40_000  # per feed file: older items drop out first (the newest always stays)
ISSUE_SUMMARY_CHARS = 240  # an issue item lists its entries' titles up to this many characters
ET.register_namespace("", ATOM_NS)


@dataclass
class Item:
    """One feed item: an issue or an entry."""

    id: str  # the permanent page URL
    title: str
    date: dt.date
    summary: str
    category: str = ""
    enclosure: tuple[str, int] | None = None  # (PDF URL, size in bytes)
    related: list[str] = field(default_factory=list)


@dataclass
class Feed:
    """One feed: where it lives, what it is about, and its items (newest first)."""

    path: str  # e.g. "gazette/category/regulations/feed" (without extension)
    title: str
    description: str
    page: str  # URL of the HTML page the feed mirrors
    lang: str
    author: str
    items: list[Item]


def _url(ctx: BuildContext, lang: str, page: str) -> str:
    """Return the absolute URL of a page path ("x/index.md" → ".../x/")."""
    return ctx.site_url + language(lang).prefix + page.removesuffix("index.md")


Tables = dict[str, list[dict[str, Any]]]  # the gazette tables as text rows, by name


def _rows(ctx: BuildContext, name: str) -> list[dict[str, Any]]:
    """Return the published rows of a gazette table as dicts of text cells."""
    frame = ctx.dataset.frames[name]
    return [{k: text_form(v) or "" for k, v in row.items()} for row in frame.to_dict("records")]


def _tables(ctx: BuildContext) -> Tables:
    """Return both gazette tables as text rows (read once: both languages use them)."""
    return {name: _rows(ctx, name) for name in ("gazette_issues", "gazette_entries")}


def _pick(row: dict[str, str], lang: str, stem: str) -> str:
    """Return the English text when the site is English and one exists, else the Chinese."""
    return (row.get(f"{stem}_en") if lang == "en" else "") or row.get(f"{stem}_zh", "")


def items(
    ctx: BuildContext,
    lang: str,
    labels: dict[str, Any] | None = None,
    tables: Tables | None = None,
) -> tuple[list[Item], list[Item]]:
    """Return the issue items and entry items of `lang`, newest first."""
    labels = labels if labels is not None else load_labels(ctx.root, lang)
    tables = tables if tables is not None else _tables(ctx)
    names = labels.get("categories", {})
    issues = {row["issue_id"]: row for row in tables["gazette_issues"]}
    digits = digits_of(ctx.root)
    entries = sorted(tables["gazette_entries"], key=lambda e: e["entry_id"])
    entry_items, by_issue = [], {}
    for entry in entries:
        issue = issues[entry["issue_id"]]
        page = entry_path(int(issue["volume"]), int(issue["number"]), entry["entry_id"], digits)
        category = (
            names.get(entry["category"], entry["category"]) if lang == "en" else entry["category"]
        )
        title = _pick(entry, lang, "title")
        item = Item(
            _url(ctx, lang, page),
            title,
            dt.date.fromisoformat(issue["publication_date"]),
            " ".join(filter(None, [str(entry["doc_number"] or "").replace(";", "、"), title])),
            category,
        )
        entry_items.append((entry, item))
        by_issue.setdefault(entry["issue_id"], []).append(title)
    issue_items = []
    for issue in issues.values():
        volume, number = int(issue["volume"]), int(issue["number"])
        pdf = ctx.out / pdf_path(volume, number, digits)
        issue_items.append(
            Item(
                _url(ctx, lang, issue_path(volume, number, digits)),
                _pick(issue, lang, "title"),
                dt.date.fromisoformat(issue["publication_date"]),
                issue_summary(by_issue.get(issue["issue_id"], [])),
                enclosure=(ctx.site_url + pdf_path(volume, number, digits), pdf.stat().st_size)
                if pdf.is_file()
                else None,
            )
        )
    return _newest(issue_items), [
        item for _, item in sorted(entry_items, key=lambda p: (p[1].date, p[0]["entry_id"]))
    ][::-1]


def issue_summary(titles: list[str], limit: int = ISSUE_SUMMARY_CHARS) -> str:
    """Return an issue item's summary: its entries' titles, whole, up to `limit` characters.

    Titles past the limit are left out, never cut mid-title, and counted ("… (+12)") so a
    reader sees that the issue page lists more; the first title is always kept.
    """
    kept, size = [], 0
    for title in titles:
        if kept and size + len(title) + 1 > limit:
            break
        kept.append(title)
        size += len(title) + 1
    rest = len(titles) - len(kept)
    return "；".join(kept) + (f"；… (+{rest})" if rest else "")


def _newest(found: Iterable[Item]) -> list[Item]:
    """Return items newest first, ties broken by id, so the order never depends on input."""
    return sorted(found, key=lambda i: (i.date, i.id), reverse=True)


def feeds(ctx: BuildContext, lang: str, tables: Tables | None = None) -> list[Feed]:
    """Return every feed of one language."""
    labels = load_labels(ctx.root, lang)
    gazette = labels["gazette"]["title"]
    author = labels.get("site_name", gazette)
    issue_items, entry_items = items(ctx, lang, labels, tables)
    archive = _url(ctx, lang, "gazette/index.md")
    result = [
        Feed(
            "gazette/feed", gazette, labels["gazette"]["issues"], archive, lang, author, issue_items
        ),
        Feed(
            "gazette/entries/feed",
            f"{gazette} — {labels['gazette']['entries']}",
            labels["gazette"]["entries"],
            archive,
            lang,
            author,
            entry_items,
        ),
    ]
    names = labels.get("categories", {})
    for category, slug in CATEGORY_SLUGS.items():
        shown = names.get(category, category) if lang == "en" else category
        chosen = [i for i in entry_items if i.category == shown]
        result.append(
            Feed(
                f"gazette/category/{slug}/feed",
                f"{gazette} — {shown}",
                shown,
                archive,
                lang,
                author,
                chosen,
            )
        )
    return result


def _stamp(day: dt.date) -> dt.datetime:
    """Return midnight of `day` in Taipei: the moment an issue is published."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=TAIPEI)


def _updated(feed: Feed, fallback: dt.date) -> dt.date:
    """Return the feed's date: its newest item's, or the newest issue's when it is empty."""
    return feed.items[0].date if feed.items else fallback


def atom(feed: Feed, self_url: str, updated: dt.date, limit: int = MAX_ITEMS) -> bytes:
    """Return the Atom 1.0 document of a feed with its newest `limit` items."""
    root = ET.Element(f"{{{ATOM_NS}}}feed", {XML_LANG: feed.lang})
    _sub(root, "id", self_url)
    _sub(root, "title", feed.title)
    _sub(root, "subtitle", feed.description)
    _sub(root, "updated", _stamp(updated).isoformat())
    ET.SubElement(
        root, f"{{{ATOM_NS}}}link", rel="self", href=self_url, type="application/atom+xml"
    )
    ET.SubElement(root, f"{{{ATOM_NS}}}link", rel="alternate", href=feed.page, type="text/html")
    author = ET.SubElement(root, f"{{{ATOM_NS}}}author")
    _sub(author, "name", feed.author)
    for item in feed.items[:limit]:
        entry = ET.SubElement(root, f"{{{ATOM_NS}}}entry")
        _sub(entry, "id", item.id)
        _sub(entry, "title", item.title)
        _sub(entry, "published", _stamp(item.date).isoformat())
        _sub(entry, "updated", _stamp(item.date).isoformat())
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", href=item.id, type="text/html")
        if item.enclosure:
            ET.SubElement(
                entry,
                f"{{{ATOM_NS}}}link",
                rel="enclosure",
                href=item.enclosure[0],
                type="application/pdf",
                length=str(item.enclosure[1]),
            )
        if item.category:
            ET.SubElement(entry, f"{{{ATOM_NS}}}category", term=item.category)
        _sub(entry, "summary", item.summary)
    return _serialise(root)


def rss(feed: Feed, self_url: str, updated: dt.date, limit: int = MAX_ITEMS) -> bytes:
    """Return the RSS 2.0 document of a feed with its newest `limit` items."""
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS})
    channel = ET.SubElement(root, "channel")
    for tag, text in (
        ("title", feed.title),
        ("link", feed.page),
        ("description", feed.description),
        ("language", feed.lang),
        ("pubDate", _rfc822(updated)),
    ):
        ET.SubElement(channel, tag).text = text
    ET.SubElement(channel, "atom:link", href=self_url, rel="self", type="application/rss+xml")
    for item in feed.items[:limit]:
        node = ET.SubElement(channel, "item")
        ET.SubElement(node, "title").text = item.title
        ET.SubElement(node, "link").text = item.id
        ET.SubElement(node, "guid", isPermaLink="true").text = item.id
        ET.SubElement(node, "pubDate").text = _rfc822(item.date)
        if item.category:
            ET.SubElement(node, "category").text = item.category
        ET.SubElement(node, "description").text = item.summary
        if item.enclosure:
            ET.SubElement(
                node,
                "enclosure",
                url=item.enclosure[0],
                length=str(item.enclosure[1]),
                type="application/pdf",
            )
    return _serialise(root)


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """Add an Atom child element with text."""
    child = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}")
    child.text = text
    return child


def _rfc822(day: dt.date) -> str:
    """Return the RFC 822 date RSS uses, at midnight in Taipei."""
    return email.utils.format_datetime(_stamp(day))


def _serialise(root: ET.Element) -> bytes:
    """Return a UTF-8 XML document with a declaration and a final line feed."""
    ET.indent(root)
    # The prefix map is global: importing WeasyPrint (the PDF writer, which runs first)
    # unregisters Atom as the default namespace, and the feeds would come out as "ns0:".
    ET.register_namespace("", ATOM_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


Render = Callable[[Feed, str, dt.date, int], bytes]


def bounded(render: Render, feed: Feed, self_url: str, updated: dt.date) -> bytes:
    """Return the feed document with as many of the newest items as fit in `MAX_BYTES`.

    At most `MAX_ITEMS`; an item bigger than the whole bound still leaves the newest one.
    """
    limit = min(MAX_ITEMS, len(feed.items))
    data = render(feed, self_url, updated, limit)
    while len(data) > MAX_BYTES and limit > 1:
        # Drop roughly the excess share of items at once, then one by one.
        share = max(1, (len(data) - MAX_BYTES) * limit // len(data))
        limit -= share
        data = render(feed, self_url, updated, limit)
    return data


def write(ctx: BuildContext) -> None:
    """Write every feed of both languages into the staging site."""
    tables = _tables(ctx)
    for lang, prefix in ((lang.code, lang.prefix) for lang in LANGUAGES):
        all_feeds = feeds(ctx, lang, tables)
        newest = max((i.date for f in all_feeds for i in f.items), default=ctx.as_of)
        for feed in all_feeds:
            updated = _updated(feed, newest)
            for ext, render in (("atom", atom), ("rss", rss)):
                rel = f"{prefix}{feed.path}.{ext}"
                target = Path(ctx.out) / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(bounded(render, feed, ctx.site_url + rel, updated))
