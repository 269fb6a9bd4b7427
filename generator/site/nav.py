"""The site navigation: sections and years only, so no nav grows with the archive."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.models import Page


def top_level(item: Any) -> Any:
    """Return a nav item as every page shows it: a section as its title and first page."""
    if isinstance(item, dict):
        return {title: _first_page(value) for title, value in item.items()}
    return item


def _first_page(value: Any) -> Any:
    """Return the first page path of a nav item (a section links to its index page)."""
    if isinstance(value, list):
        return _first_page(value[0]) if value else None
    if isinstance(value, dict):
        return _first_page(next(iter(value.values()), None))
    return value


def nav_pages(nav: Any) -> list[str]:
    """Return every page path listed in the nav."""
    if isinstance(nav, list):
        return [path for item in nav for path in nav_pages(item)]
    if isinstance(nav, dict):
        return [path for value in nav.values() for path in nav_pages(value)]
    return [nav] if isinstance(nav, str) else []


def navigation(
    pages: Iterable[Page], content: list[str], labels: dict[str, Any]
) -> tuple[list[Any], list[dict[str, str]]]:
    """Return the MkDocs nav (sections and years only) and the home page's section links.

    A page is in the nav when its context has `nav_title`. A page "x/index.md" opens the
    section "x"; deeper pages with a nav_title are listed under their section. Everything
    else (issues, entries, item pages) is reached through index pages, so a page's nav, and
    so its size, does not grow with the archive.
    """
    nav: list[Any] = [{labels["home"]["title"]: "index.md"}]
    sections: dict[str, list[Any]] = {}
    links: list[dict[str, str]] = []
    for page in pages:
        title = page.context.get("nav_title")
        if not title or page.path == "index.md":
            continue
        head = page.path.split("/")[0]
        if head not in sections:
            sections[head] = []
            nav.append({str(title): sections[head]})
            links.append({"title": str(title), "path": page.path})
        sections[head].append(page.path if page.path == f"{head}/index.md" else {title: page.path})
    order = list(labels.get("sections", {}))
    for path in sorted(content, key=lambda p: (_rank(order, p), p)):
        if "/" in path or path == "index.md":
            continue
        title = labels.get("sections", {}).get(path[:-3])
        nav.append({title: path} if title else path)
        links.append({"title": title or path[:-3], "path": path})
    return nav, links


def _rank(order: list[str], path: str) -> int:
    """Return where a content page goes in the nav: label order, then alphabetical."""
    stem = path[:-3]
    return order.index(stem) if stem in order else len(order)
