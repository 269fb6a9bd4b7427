"""The open-data catalogue: `data/index.md` and one page per dataset `data/<resource>/index.md`.

A dataset page shows its metadata and licence, the data.gov.tw fields, the field guide built
from the Table Schema, a preview, the downloads with size and SHA-256, the change log, and
a schema.org `Dataset` block for search engines.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup

from generator.labels import load_labels
from generator.languages import language
from generator.markup.escape import href
from generator.models import BuildContext, Page
from generator.portal import metadata as catalog
from generator.portal.downloads import DATA_DIR, Download, cell_text, download_files, published_rows
from generator.portal.history import build_history, first_published

PREVIEW_ROWS = 20
HISTORY_PUBLICATIONS = 10
HISTORY_CHANGES = 20
# Pages where a reader looks the data up, per dataset.
VIEWS = {
    "gazette_issues": "gazette/index.md",
    "gazette_entries": "gazette/index.md",
    "gifts": "gifts/index.md",
    "procurement_prices": "prices/index.md",
    "plan_indicators": "indicators/index.md",
}


def root_href(page_path: str, lang: str, target: str) -> Markup:
    """Return a relative URL from a page to a file at the site root (one copy for both sites).

    With directory URLs "a/b/index.md" is served at "a/b/"; the English site lives in "en/".
    """
    depth = len(posixpath.dirname(page_path).split("/")) if "/" in page_path else 0
    depth += language(lang).depth
    return href("../" * depth + target)


def html_block(html: str, css_class: str, searched: bool = True) -> Markup:
    """Wrap our own HTML (values already escaped) in a div MkDocs passes through untouched.

    md_in_html leaves a block-level element without a `markdown` attribute as raw HTML; a
    blank line would end the block early, so blank lines are dropped. With `searched`
    false, Pagefind leaves the block out of the index (`data-pagefind-ignore="all"`).
    """
    inner = "\n".join(line for line in str(html).splitlines() if line.strip())
    ignored = "" if searched else ' data-pagefind-ignore="all"'
    return Markup(f'\n<div class="{css_class}"{ignored}>\n{inner}\n</div>\n')


def value_label(labels: dict[str, Any], value: Any) -> str:
    """Return a coded value (category, source, region...) in the page language."""
    return str(labels["portal"].get("values", {}).get(value, value))


def size_text(size: int) -> str:
    """Return a file size for people: bytes, KB or MB (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size:,} B"
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


def download_rows(
    page_path: str, lang: str, files: list[tuple[str, Download]]
) -> list[dict[str, Any]]:
    """Return the download table rows of one dataset (a year file is named `<resource>/<year>`)."""
    return [
        {
            "format": fmt.upper(),
            "name": d.path.removeprefix(f"{DATA_DIR}/"),
            "href": root_href(page_path, lang, d.path),
            "size": size_text(d.size),
            "bytes": d.size,
            "sha256": d.sha256,
        }
        for fmt, d in files
    ]


def constraint_text(spec: dict[str, Any], labels: dict[str, Any]) -> str:
    """Return a field's constraints (other than `required`) as one line of text."""
    names = labels["portal"]["constraint_names"]
    parts = []
    for key, value in (spec.get("constraints") or {}).items():
        if key == "required" or value is False:
            continue
        shown = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        parts.append(names.get(key, key) if value is True else f"{names.get(key, key)}: {shown}")
    return "; ".join(parts)


def field_rows(resource: dict[str, Any], lang: str, labels: dict[str, Any]) -> list[dict]:
    """Return the field guide of a resource, from its Table Schema."""
    portal = labels["portal"]
    rows = []
    for spec in resource["schema"]["fields"]:
        required = bool((spec.get("constraints") or {}).get("required"))
        rows.append(
            {
                "name": spec["name"],
                "title": catalog.text(spec, "title", lang) or spec["name"],
                "type": portal["types"].get(spec.get("type", "string"), spec.get("type")),
                "required": portal["answer_yes"] if required else portal["answer_no"],
                "constraints": constraint_text(spec, labels),
                "description": catalog.text(spec, "description", lang),
            }
        )
    return rows


def preview(ctx: BuildContext, name: str) -> dict[str, Any]:
    """Return the first rows of a dataset as canonical text cells."""
    rows = published_rows(ctx, name)
    names = [f["name"] for f in ctx.dataset.resource(name)["schema"]["fields"]]
    shown = [[cell_text(row[n]) for n in names] for row in rows[:PREVIEW_ROWS]]
    return {"names": names, "rows": shown, "total": len(rows), "n": len(shown)}


def history_view(ctx: BuildContext, name: str) -> list[dict[str, Any]]:
    """Return the latest publications of a dataset, each with its first changes."""
    view = []
    for publication in build_history(ctx).get(name, [])[:HISTORY_PUBLICATIONS]:
        view.append(
            {
                "commit": publication.commit,
                "date": publication.date,
                "added": publication.count("added"),
                "changed": publication.count("changed"),
                "removed": publication.count("removed"),
                "changes": publication.changes[:HISTORY_CHANGES],
                "more": max(len(publication.changes) - HISTORY_CHANGES, 0),
            }
        )
    return view


def summary(ctx: BuildContext, name: str) -> dict[str, Any]:
    """Return what the catalogue lists about one dataset."""
    resource = ctx.dataset.resource(name)
    return {
        "name": name,
        "resource": resource,
        "path": f"{DATA_DIR}/{name}/index.md",
        "frequency": resource.get("update_frequency", "irregular"),
        "rows": len(ctx.dataset.frames[name]),
        "coverage": catalog.coverage(ctx.dataset, name),
        "modified": catalog.resource_modified(ctx, name),
    }


def dataset_page(ctx: BuildContext, name: str, lang: str) -> Page:
    """Return one dataset's page."""
    labels = load_labels(ctx.root, lang)
    resource = ctx.dataset.resource(name)
    descriptor = ctx.dataset.descriptor
    path = f"{DATA_DIR}/{name}/index.md"
    owner = catalog.publisher(descriptor)
    context = {
        **summary(ctx, name),
        "nav_title": catalog.text(resource, "title", lang),
        "title": catalog.text(resource, "title", lang),
        "description": catalog.text(resource, "description", lang),
        "publisher": catalog.text(owner, "title", lang),
        "email": owner.get("email", ""),
        "licence": catalog.licence(descriptor),
        "licence_title": catalog.text(catalog.licence(descriptor), "title", lang),
        "fields": field_rows(resource, lang, labels),
        "preview": preview(ctx, name),
        "downloads": download_rows(path, lang, download_files(ctx).listed(name)),
        "texts": name == "gazette_entries",
        "gov_fields": list(catalog.data_gov_tw(ctx, name, first_published(ctx, name)).items()),
        "history": history_view(ctx, name),
        "changes_href": root_href(path, lang, f"{DATA_DIR}/{name}.changes.json"),
        "view": VIEWS.get(name),
        "json_ld": catalog.json_ld_script(catalog.schema_org(ctx, name, lang)),
    }
    return Page(path, "portal/dataset.md.j2", {**context, "block": html_block})


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the catalogue page and the dataset pages."""
    labels = load_labels(ctx.root, lang)
    names = catalog.resource_names(ctx.dataset)
    index = "data/index.md"
    files = download_files(ctx)
    listing = [
        {**summary(ctx, n), "downloads": download_rows(index, lang, files.listed(n))} for n in names
    ]
    machine = [
        (labels["portal"][key], root_href(index, lang, f"{DATA_DIR}/{file}"))
        for key, file in (
            ("datapackage", "datapackage.json"),
            ("dcat", "catalog.jsonld"),
            ("data_gov_tw", "data-gov-tw.json"),
        )
    ]
    yield Page(
        index,
        "portal/catalog.md.j2",
        {
            "nav_title": labels["portal"]["catalog_title"],
            "datasets": listing,
            "machine": machine,
            "block": html_block,
        },
    )
    for name in names:
        yield dataset_page(ctx, name, lang)
