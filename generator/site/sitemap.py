"""The sitemaps (an artifact writer): one index, and one part per gazette volume per language.

MkDocs writes one `sitemap.xml` per language listing every page with the build date as its
`<lastmod>`: on a ten-year archive two files of a megabyte each that change on every build,
and dates that tell a crawler nothing. This writer replaces them:

- `sitemap.xml` (and `en/sitemap.xml`, the English part only): a sitemap index;
- `sitemaps/<lang>-<volume>.xml`: the pages of one gazette volume (issues, entries, the
  year pages of the browse lists), each issue and entry page dated by its publication, or
  by the publication of the latest corrigendum that links to it;
- `sitemaps/<lang>-site.xml`: every other page, undated (they change with the data).

A closed volume's part never changes again, so a publish day uploads the index, the
current volume's part and the site part, not the whole list.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

from generator.cache import write_replacing
from generator.data.gazette_model import issues_of
from generator.gazette.browse import VOLUME_PAGE
from generator.languages import LANGUAGES, Language
from generator.models import BuildContext

FOLDER = "sitemaps"
NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write(ctx: BuildContext) -> None:
    """Replace MkDocs' sitemaps in the staging site with the index and its parts."""
    dates = page_dates(ctx)
    listed: dict[Language, list[str]] = {}
    for lang in LANGUAGES:
        root = ctx.out / lang.subdir if lang.subdir else ctx.out
        skip = {o.subdir for o in LANGUAGES if o.subdir and o != lang}
        base = ctx.site_url + lang.prefix
        parts = split(pages_of(root, skip))
        listed[lang] = []
        for part, paths in parts.items():
            name = f"{FOLDER}/{lang.short}-{part}.xml"
            urls = [(base + p, dates.get(p)) for p in paths]
            write_replacing(ctx.out / name, urlset(urls))
            listed[lang].append(name)
        for stale in ("sitemap.xml", "sitemap.xml.gz"):
            (root / stale).unlink(missing_ok=True)
    every = [ctx.site_url + n for lang in listed for n in listed[lang]]
    write_replacing(ctx.out / "sitemap.xml", index(every))
    for lang in LANGUAGES:
        if lang.subdir:
            own = [ctx.site_url + n for n in listed[lang]]
            write_replacing(ctx.out / lang.subdir / "sitemap.xml", index(own))


def pages_of(root: Path, skip: set[str]) -> list[str]:
    """Return the directory URLs (relative, '' for the home page) of the HTML pages."""
    found = []
    for parent, folders, names in os.walk(root):
        rel = os.path.relpath(parent, root)
        if rel == ".":
            folders[:] = [f for f in folders if f not in skip]
            rel = ""
        else:
            rel = rel.replace(os.sep, "/") + "/"
        if "index.html" in names:
            found.append(rel)
    return sorted(found)


def split(paths: list[str]) -> dict[str, list[str]]:
    """Return the pages by part: each gazette volume's, then the rest as 'site'."""
    parts: dict[str, list[str]] = {}
    for path in paths:
        volume = VOLUME_PAGE.match(path)
        parts.setdefault(volume.group(1) if volume else "site", []).append(path)
    return dict(sorted(parts.items(), key=lambda item: (item[0] == "site", item[0])))


def page_dates(ctx: BuildContext) -> dict[str, str]:
    """Return the date each issue and entry page last changed: its publication, or the
    publication of the newest corrigendum linking to it (pages are URL paths)."""
    dates: dict[str, str] = {}
    corrected: dict[str, str] = {}
    all_issues = issues_of(ctx)
    for issue in all_issues:
        day = issue["publication_date"].isoformat()
        dates[_url(issue["path"])] = day
        for entry in issue["entries"]:
            dates[_url(entry["path"])] = day
            if entry.get("corrects"):
                corrected[entry["corrects"]] = max(day, corrected.get(entry["corrects"], ""))
    for issue in all_issues:
        for entry in issue["entries"]:
            later = corrected.get(entry["entry_id"])
            if later:
                url = _url(entry["path"])
                dates[url] = max(dates[url], later)
                dates[_url(issue["path"])] = max(dates[_url(issue["path"])], later)
    return dates


def urlset(urls: list[tuple[str, str | None]]) -> bytes:
    """Return a sitemap of `urls` (location, lastmod or None)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NS}">']
    for loc, lastmod in urls:
        date = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{date}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def index(sitemaps: list[str]) -> bytes:
    """Return a sitemap index of the parts at `sitemaps` (absolute URLs)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{NS}">']
    lines += [f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in sitemaps]
    lines.append("</sitemapindex>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _url(page_path: str) -> str:
    """Return the directory URL of a page path ('gazette/114/01/index.md' → '.../01/')."""
    return page_path.removesuffix("index.md")
