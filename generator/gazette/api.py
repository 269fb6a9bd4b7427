"""The gazette's static JSON API (an artifact writer) and the page that documents it.

Next to each page, under the Chinese site root (the JSON holds both languages):

- `gazette/index.json`: the volumes, categories and agencies, each with its list's URL;
- `gazette/<volume>/index.json`: the issues of a volume;
- `gazette/<volume>/<nn>/index.json`: one issue and its entries;
- `gazette/<volume>/<nn>/<entry_id>/index.json`: one entry with its full texts;
- `gazette/category/<slug>/index.json`, `gazette/agency/<id>/index.json` (hubs): each
  volume's count and `.../<volume>/index.json`, and the latest `browse.HUB_LATEST` entries,
  newest first (a fixed bound: a hub does not grow with the open volume);
- `gazette/api/schema/*.schema.json`: the JSON Schema (2020-12) of each kind of document.

The dataset is embargoed before writers run, so only published entries appear. Output is
deterministic: keys in a fixed order, lists sorted, no timestamps.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator import cache
from generator.cache import write_replacing
from generator.data.gazette_model import (
    CATEGORY_SLUGS,
    agencies,
    category_order,
    digits_of,
    issues_of,
    pdf_path,
)
from generator.gazette import browse
from generator.labels import load_labels
from generator.languages import language
from generator.models import BuildContext, Page

API_VERSION = 1
SCHEMA_DIR = "gazette/api/schema"


def _url(ctx: BuildContext, path: str, lang: str = "zh-TW") -> str:
    """Return the absolute URL of a site path ('' for the root); en pages live under en/."""
    return ctx.site_url + language(lang).prefix + path


def _folder(page_path: str) -> str:
    """Return the folder URL path of a page path ("a/b/index.md" → "a/b/")."""
    return page_path[: -len("index.md")]


def _date(value: Any) -> str | None:
    """Return a date as ISO text, or None."""
    return value.isoformat() if value is not None else None


def _text(ctx: BuildContext, rel: str | None) -> str | None:
    """Return an entry body's Markdown source, or None when there is none."""
    if not rel:
        return None
    path = ctx.root / "datasets" / rel
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _links(ctx: BuildContext, page_path: str) -> dict[str, str]:
    """Return the HTML pages and the JSON document of one page path."""
    folder = _folder(page_path)
    return {
        "html_zh": _url(ctx, folder),
        "html_en": _url(ctx, folder, "en"),
        "json": _url(ctx, folder + "index.json"),
    }


def _agency(known: dict[str, dict[str, Any]], agency_id: str) -> dict[str, Any]:
    """Return an agency reference: its id, names and parent agency's id (None when unknown)."""
    row = known.get(agency_id) or {}
    return {
        "id": agency_id,
        "name_zh": row.get("name_zh"),
        "name_en": row.get("name_en") or None,
        "parent_id": row.get("parent_id") or None,
    }


def entry_summary(
    ctx: BuildContext, entry: dict[str, Any], issue: dict[str, Any], names_en: dict[str, str]
) -> dict[str, Any]:
    """Return the short form of an entry used in lists."""
    return {
        "entry_id": entry["entry_id"],
        "doc_number": entry["doc_number"],
        "title_zh": entry["title_zh"],
        "title_en": entry.get("title_en") or None,
        "category": entry["category"],
        "category_en": names_en.get(entry["category"], entry["category"]),
        "agency_id": entry["agency_id"],
        "signed_date": _date(entry["signed_date"]),
        "issue_id": issue["issue_id"],
        "publication_date": _date(issue["publication_date"]),
        **_links(ctx, entry["path"]),
    }


def issue_summary(ctx: BuildContext, issue: dict[str, Any]) -> dict[str, Any]:
    """Return the short form of an issue used in lists."""
    return {
        "issue_id": issue["issue_id"],
        "volume": int(issue["volume"]),
        "number": int(issue["number"]),
        "publication_date": _date(issue["publication_date"]),
        "title_zh": issue["title_zh"],
        "title_en": issue.get("title_en") or None,
        "entries": len(issue["entries"]),
        **_links(ctx, issue["path"]),
    }


def _pdf(ctx: BuildContext, issue: dict[str, Any]) -> str:
    """Return the URL of an issue's PDF edition (the authoritative version)."""
    return _url(ctx, pdf_path(issue["volume"], issue["number"], digits_of(ctx.root)))


def documents(ctx: BuildContext) -> dict[str, dict[str, Any]]:
    """Return every JSON document of the API: {site path: document}."""
    labels_en = load_labels(ctx.root, "en")
    names_en = labels_en.get("categories", {})
    known = agencies(ctx.dataset)
    all_issues = issues_of(ctx)
    by_id = {e["entry_id"]: (e, i) for i in all_issues for e in i["entries"]}
    corrected_by: dict[str, list[str]] = {}
    for entry_id, (entry, _issue) in sorted(by_id.items()):
        if entry.get("corrects") in by_id:
            corrected_by.setdefault(entry["corrects"], []).append(entry_id)
    docs: dict[str, dict[str, Any]] = {}
    schema = _url(ctx, SCHEMA_DIR + "/")

    for issue in all_issues:
        docs[_folder(issue["path"]) + "index.json"] = {
            "$schema": schema + "issue.schema.json",
            **issue_summary(ctx, issue),
            "publisher": _agency(known, issue["publisher_id"]),
            "gpn": issue.get("gpn") or None,
            "pdf": _pdf(ctx, issue),
            "entries": [entry_summary(ctx, e, issue, names_en) for e in issue["entries"]],
        }
        for entry in issue["entries"]:
            target = entry.get("corrects") if entry.get("corrects") in by_id else None
            docs[_folder(entry["path"]) + "index.json"] = {
                "$schema": schema + "entry.schema.json",
                **entry_summary(ctx, entry, issue, names_en),
                "agency": _agency(known, entry["agency_id"]),
                "issue": issue_summary(ctx, issue),
                "pdf": _pdf(ctx, issue),
                "authoritative": "pdf",
                "corrects": target,
                "corrected_by": corrected_by.get(entry["entry_id"], []),
                "body_zh": _text(ctx, entry.get("body_zh")),
                "body_en": _text(ctx, entry.get("body_en")),
            }

    volumes = sorted({int(i["volume"]) for i in all_issues}, reverse=True)
    for volume in volumes:
        chosen = sorted(
            (i for i in all_issues if int(i["volume"]) == volume), key=lambda i: int(i["number"])
        )
        docs[f"gazette/{volume}/index.json"] = {
            "$schema": schema + "list.schema.json",
            "kind": "volume",
            "id": str(volume),
            "name_zh": f"第{volume}卷",
            "name_en": f"Volume {volume}",
            "issues": [issue_summary(ctx, i) for i in chosen],
        }

    rows = browse.listed(ctx)
    categories = []
    for name in category_order(ctx.dataset):
        slug = CATEGORY_SLUGS.get(name)
        chosen = [r for r in rows if r["entry"]["category"] == name]
        if not slug or not chosen:
            continue
        names = {"kind": "category", "id": slug, "name_zh": name,
                 "name_en": names_en.get(name, name)}  # fmt: skip
        path = _lists(ctx, docs, browse.category_path(slug), names, chosen, names_en)
        categories.append({"id": slug, "name_zh": name, "name_en": names_en.get(name, name),
                           "entries": len(chosen), "json": _url(ctx, path)})  # fmt: skip
    agency_list = []
    filed = {r["entry"]["agency_id"] for r in rows}
    for agency_id in browse.browsed(known, filed):
        # a parent's list holds its divisions' entries too, like its page
        below = browse.subtree(known, agency_id)
        chosen = [r for r in rows if r["entry"]["agency_id"] in below]
        ref = _agency(known, agency_id)
        names = {"kind": "agency", "id": agency_id, "name_zh": ref["name_zh"] or agency_id,
                 "name_en": ref["name_en"] or ref["name_zh"] or agency_id,
                 "parent_id": ref["parent_id"],
                 "includes": sorted(below & filed)}  # fmt: skip
        path = _lists(ctx, docs, browse.agency_path(agency_id), names, chosen, names_en)
        agency_list.append({**ref, "entries": len(chosen), "json": _url(ctx, path)})

    docs["gazette/index.json"] = {
        "$schema": schema + "index.schema.json",
        "api_version": API_VERSION,
        "documentation": _url(ctx, "gazette/api/"),
        "volumes": [
            {
                "volume": v,
                "issues": sum(1 for i in all_issues if int(i["volume"]) == v),
                "json": _url(ctx, f"gazette/{v}/index.json"),
            }
            for v in volumes
        ],  # fmt: skip
        "categories": categories,
        "agencies": agency_list,
    }
    return docs


def _lists(
    ctx: BuildContext,
    docs: dict[str, dict[str, Any]],
    hub: str,
    names: dict[str, str],
    rows: list[dict[str, Any]],
    names_en: dict[str, str],
) -> str:
    """Add a category's or agency's lists to `docs`: the hub, then one per volume.

    The hub links every volume's list with its count and holds the latest
    `browse.HUB_LATEST` entries, like the browse pages: a closed volume's list never
    changes and the hub does not grow with the open one, so a publish day rewrites a small
    hub and the open volume's list. Returns the hub's path.
    """
    schema = _url(ctx, SCHEMA_DIR + "/")
    years = browse.by_year(rows)
    path = _folder(hub) + "index.json"
    docs[path] = {
        "$schema": schema + "list.schema.json",
        **names,
        "volumes": [
            {
                "volume": g["volume"],
                "entries": len(g["rows"]),
                "json": _url(ctx, _folder(browse.year_path(hub, g["volume"])) + "index.json"),
            }
            for g in years
        ],  # fmt: skip
        "entries": [
            entry_summary(ctx, r["entry"], r["issue"], names_en) for r in rows[: browse.HUB_LATEST]
        ],
    }
    # a closed volume's list never changes: which agencies a parent's hub holds does
    stable = {k: v for k, v in names.items() if k != "includes"}
    for group in years:
        docs[_folder(browse.year_path(hub, group["volume"])) + "index.json"] = {
            "$schema": schema + "list.schema.json",
            **stable,
            "volume": group["volume"],
            "entries": [
                entry_summary(ctx, r["entry"], r["issue"], names_en) for r in group["rows"]
            ],
        }
    return path


def dumps(document: Any) -> bytes:
    """Return a document as UTF-8 JSON bytes: stable, readable, ending in a newline."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write(ctx: BuildContext) -> None:
    """Write every API document and the schemas into the staging site (zh root only).

    A document the last build wrote with the same content is taken from the replaced site
    (`ctx.state.reused`): serialising ~5,500 documents again cost seconds a publish day.
    """
    reused, stamp = ctx.state.reused, cache.code_stamp(__name__)
    for path, document in documents(ctx).items():
        if reused is None:
            write_replacing(ctx.out / path, dumps(document))
        else:
            # The key's compact JSON goes through json's C encoder: a fraction of the time
            # of the indented form `dumps` publishes.
            key = cache.digest(stamp, document)
            reused.write(path, key, lambda d=document: dumps(d))
    for name, schema in schemas(ctx).items():
        write_replacing(ctx.out / SCHEMA_DIR / name, dumps(schema))


# --- JSON Schema ---------------------------------------------------------------------------

_STR = {"type": "string"}
_OPT = {"type": ["string", "null"]}
_DATE = {"type": "string", "format": "date"}
_URL = {"type": "string", "format": "uri"}
_LINKS = {"html_zh": _URL, "html_en": _URL, "json": _URL}
_AGENCY = {
    "type": "object",
    "required": ["id", "name_zh", "name_en", "parent_id"],
    "properties": {"id": _STR, "name_zh": _OPT, "name_en": _OPT, "parent_id": _OPT},
}
_ENTRY_SUMMARY = {
    "doc_number": _STR,
    "entry_id": {"type": "string", "pattern": "^[0-9]{2,3}-[0-9]{2,3}-[0-9]{3}$"},
    "title_zh": _STR, "title_en": _OPT, "category": _STR, "category_en": _STR,
    "agency_id": _STR, "signed_date": _DATE, "issue_id": _STR, "publication_date": _DATE,
    **_LINKS,
}  # fmt: skip
_ISSUE_SUMMARY = {
    "issue_id": _STR, "volume": {"type": "integer"}, "number": {"type": "integer"},
    "publication_date": _DATE, "title_zh": _STR, "title_en": _OPT,
    "entries": {"type": "integer", "minimum": 0}, **_LINKS,
}  # fmt: skip


def _object(properties: dict[str, Any], title: str, schema_id: str = "") -> dict[str, Any]:
    """Return an object schema requiring every listed property."""
    head = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_id,
            "title": title} if schema_id else {}  # fmt: skip
    return {**head, "type": "object", "required": sorted(properties), "properties": properties}


def schemas(ctx: BuildContext) -> dict[str, dict[str, Any]]:
    """Return the JSON Schema of each kind of API document, by file name."""
    base = _url(ctx, SCHEMA_DIR + "/")
    entry_item = _object(_ENTRY_SUMMARY, "entry summary")
    issue_item = _object(_ISSUE_SUMMARY, "issue summary")
    named = {"id": _STR, "name_zh": _OPT, "name_en": _OPT, "entries": {"type": "integer"},
             "json": _URL}  # fmt: skip
    return {
        "entry.schema.json": _object(
            {
                **_ENTRY_SUMMARY,
                "$schema": _URL,
                "agency": _AGENCY,
                "issue": issue_item,
                "pdf": _URL,
                "authoritative": {"const": "pdf"},
                "corrects": _OPT,
                "corrected_by": {"type": "array", "items": _STR},
                "body_zh": _OPT,
                "body_en": _OPT,
            },
            "Gazette entry",
            base + "entry.schema.json",
        ),  # fmt: skip
        "issue.schema.json": _object(
            {
                **_ISSUE_SUMMARY,
                "$schema": _URL,
                "publisher": _AGENCY,
                "gpn": _OPT,
                "pdf": _URL,
                "entries": {"type": "array", "items": entry_item},
            },
            "Gazette issue",
            base + "issue.schema.json",
        ),  # fmt: skip
        "list.schema.json": {
            **_object(
                {
                    "$schema": _URL,
                    "kind": {"enum": ["volume", "category", "agency"]},
                    "id": _STR,
                    "name_zh": _STR,
                    "name_en": _STR,
                },
                "List of issues (volume) or of entries (category, agency)",
                base + "list.schema.json",
            ),
            # an agency's lists: its parent, and the agencies whose entries it holds (itself
            # and its divisions)
            "properties": {
                **_object(
                    {
                        "$schema": _URL,
                        "kind": {"enum": ["volume", "category", "agency"]},
                        "id": _STR,
                        "name_zh": _STR,
                        "name_en": _STR,
                    },
                    "",
                )["properties"],
                "parent_id": _OPT,
                "includes": {"type": "array", "items": _STR},
            },  # fmt: skip
            "oneOf": [
                {
                    "required": ["issues"],
                    "properties": {"issues": {"type": "array", "items": issue_item}},
                },
                {
                    "required": ["entries"],
                    "properties": {
                        "entries": {
                            "type": "array",
                            "items": entry_item,
                            "description": "A hub (a list with `volumes`): the latest "
                            f"{browse.HUB_LATEST} entries, newest first. A volume's list "
                            "(a list with `volume`): every entry of that volume.",
                        },
                        # a category's or agency's hub lists its volumes; a volume list
                        # of one names its volume
                        "volumes": {
                            "description": "Every volume with its number of entries "
                            "and the address of its list.",
                            "type": "array",
                            "items": _object(
                                {
                                    "volume": {"type": "integer"},
                                    "entries": {"type": "integer"},
                                    "json": _URL,
                                },
                                "volume",
                            ),
                        },
                        "volume": {"type": "integer"},
                    },
                },
            ],
        },  # fmt: skip
        "index.schema.json": _object(
            {
                "$schema": _URL,
                "api_version": {"type": "integer"},
                "documentation": _URL,
                "volumes": {
                    "type": "array",
                    "items": _object(
                        {
                            "volume": {"type": "integer"},
                            "issues": {"type": "integer"},
                            "json": _URL,
                        },
                        "volume",
                    ),
                },
                "categories": {"type": "array", "items": _object(named, "category")},
                "agencies": {
                    "type": "array",
                    "items": _object({**named, "parent_id": _OPT}, "agency"),
                },
            },
            "Gazette API index",
            base + "index.schema.json",
        ),  # fmt: skip
    }


# --- the documentation page ----------------------------------------------------------------


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the API's documentation page, with real examples from the newest issue."""
    newest = next(iter(issues_of(ctx)), None)
    example_issue = _folder(newest["path"]) if newest else None
    example_entry = _folder(newest["entries"][0]["path"]) if newest and newest["entries"] else None
    return [
        Page(
            "gazette/api/index.md",
            "gazette/api.md.j2",
            {
                "example_issue": example_issue,
                "example_entry": example_entry,
                "schema_files": sorted(schemas(ctx)),
                "schema_dir": SCHEMA_DIR,
                "hub_latest": browse.HUB_LATEST,
            },
        )
    ]
