"""The gazette pages: archive → volume (ROC year) → issue → entry.

Permalinks are derived from the data and never change once published:
`gazette/<volume>/`, `gazette/<volume>/<number>/`, `gazette/<volume>/<number>/<entry_id>/`
(the number padded to the project's width, gazette.yaml `numbering.digits`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from generator import cache, schedule
from generator.config import load_config
from generator.data.gazette_model import (
    CATEGORY_SLUGS,
    agencies,
    category_order,
    issues_of,
)
from generator.gazette import back_catalogue, cite
from generator.labels import load_labels
from generator.markup.escape import body_html
from generator.models import BuildContext, Page


def _body(root: Path, rel: str | None) -> str | None:
    """Return an entry body's Markdown source, or None when there is none."""
    if not rel:
        return None
    path = root / "datasets" / rel
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _grouped(entries: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """Return entries grouped by category, groups in canonical order, empty groups dropped."""
    rank = {name: i for i, name in enumerate(order)}
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        groups.setdefault(entry["category"], []).append(entry)
    names = sorted(groups, key=lambda name: (rank.get(name, len(rank)), name))
    return [{"category": name, "entries": groups[name]} for name in names]


def pages(ctx: BuildContext, lang: str) -> Iterable[Page]:
    """Return the gazette archive, volume, issue and entry pages."""
    return list(_pages(ctx, lang))


def _pages(ctx: BuildContext, lang: str) -> Iterator[Page]:
    """Yield the gazette pages in nav order."""
    all_issues = issues_of(ctx)
    by_id = {e["entry_id"]: e for i in all_issues for e in i["entries"]}
    issue_of = {e["entry_id"]: i for i in all_issues for e in i["entries"]}
    corrected_by: dict[str, list[dict[str, Any]]] = {}
    for entry in sorted(by_id.values(), key=lambda e: e["entry_id"]):
        if entry.get("corrects") in by_id:
            corrected_by.setdefault(entry["corrects"], []).append(entry)
    volumes = sorted({i["volume"] for i in all_issues}, reverse=True)
    agency = agencies(ctx.dataset)
    order = category_order(ctx.dataset)
    labels = load_labels(ctx.root, lang)

    yield Page(
        "gazette/index.md",
        "gazette/archive.md.j2",
        {
            "nav_title": labels["sections"]["gazette"],
            "feed_categories": sorted(
                CATEGORY_SLUGS.items(), key=lambda item: order.index(item[0])
            ),
            "volumes": [
                {"volume": v, "issues": [i for i in all_issues if i["volume"] == v]}
                for v in volumes
            ],
            "browse_categories": browse_categories(all_issues, order),
            "browse_agencies": browse_agencies(all_issues, agency),
        },
    )
    start = schedule.adoption_start(load_config(ctx.root))
    starts = dict([start]) if start else {}  # the volume a mid-year adoption starts in
    for volume in volumes:
        in_volume = sorted(
            (i for i in all_issues if i["volume"] == volume), key=lambda i: i["number"]
        )
        yield Page(
            f"gazette/{volume}/index.md",
            "gazette/volume.md.j2",
            {
                "nav_title": labels["gazette"]["volume"].format(volume=volume),
                "volume": volume,
                "issues": in_volume,
                "not_digitised": back_catalogue.spans(
                    back_catalogue.missing_numbers(in_volume, starts.get(volume, 1)),
                    ", " if lang == "en" else "、",
                ),
            },
        )
    for at, issue in enumerate(all_issues):
        edition = (ctx.state.editions or {}).get(issue["issue_id"])
        context = {
            "issue": issue,
            "groups": _grouped(issue["entries"], order),
            "publisher": agency.get(issue["publisher_id"]),
            "edition": edition,
            # all_issues is newest first: the next issue is the one before it.
            "previous_issue": _brief(all_issues[at + 1]) if at + 1 < len(all_issues) else None,
            "next_issue": _brief(all_issues[at - 1]) if at > 0 else None,
            "corrected": sorted(e for e in corrected_by if issue_of[e] is issue),
        }
        # The page shows the edition's hash and whether it is signed, not where its file is.
        shown = {"sha256": edition.sha256, "signed": edition.signed} if edition else None
        if edition and len(edition.versions) > 1:  # a reissue: the page lists every version
            shown["versions"] = edition.versions
        key = cache.digest({**context, "groups": None, "edition": shown})  # groups: issue's
        yield Page(issue["path"], "gazette/issue.md.j2", context, key=key)
        # An entry shows its issue's authoritative edition hash: a reader checks the PDF
        # from the entry itself (issue 25); a reissue changes it, so it is in the key.
        edition_hash = {"sha256": edition.sha256} if edition else None
        for entry in issue["entries"]:
            source = entry["body_en"] if lang == "en" and entry.get("body_en") else None
            translated = source is not None and _body(ctx.root, source) is not None
            text = _body(ctx.root, source if translated else entry["body_zh"])
            target = by_id.get(entry.get("corrects") or "")
            author = agency.get(entry["agency_id"])
            context = {
                "issue": issue,
                "entry": entry,
                "agency": agency.get(entry["agency_id"]),
                "body_translated": lang != "en" or translated,
                "corrects": target,
                "corrects_issue": issue_of.get(target["entry_id"]) if target else None,
                "corrected_by": corrected_by.get(entry["entry_id"], []),
                "category_slug": CATEGORY_SLUGS.get(entry["category"]),
                "citations": cite.citations(ctx, labels, entry, issue, author),
                "edition": edition_hash,
            }
            yield Page(
                entry["path"],
                "gazette/entry.md.j2",
                context,
                key=cache.digest(
                    {k: _without_entries(v) for k, v in context.items()} | {"body": text}
                ),
                prepare=functools.partial(_prepared_body, text),
            )


def _brief(issue: dict[str, Any]) -> dict[str, Any]:
    """Return the facts of an issue a neighbour's previous/next link shows."""
    return {k: issue[k] for k in ("volume", "number", "publication_date", "path")}


def browse_categories(all_issues: list[dict[str, Any]], order: list[str]) -> list[dict[str, Any]]:
    """Return the categories with published entries, in canonical order, with their counts."""
    counts: dict[str, int] = {}
    for issue in all_issues:
        for entry in issue["entries"]:
            counts[entry["category"]] = counts.get(entry["category"], 0) + 1
    return [
        {"category": name, "slug": CATEGORY_SLUGS[name], "count": counts[name]}
        for name in order
        if name in counts and name in CATEGORY_SLUGS
    ]


def browse_agencies(
    all_issues: list[dict[str, Any]], agency: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """Return the agencies with published entries, by id, with their counts."""
    counts: dict[str, int] = {}
    for issue in all_issues:
        for entry in issue["entries"]:
            counts[entry["agency_id"]] = counts.get(entry["agency_id"], 0) + 1
    return [
        {"agency_id": key, "agency": agency.get(key), "count": counts[key]}
        for key in sorted(counts)
    ]


def _without_entries(value: Any) -> Any:
    """Return an issue without its entry list (an entry page shows none of the others)."""
    if isinstance(value, dict) and "entries" in value:
        return {k: v for k, v in value.items() if k != "entries"}
    return value


def _prepared_body(text: str | None) -> dict[str, Any]:
    """Return the costly part of an entry page's context: its body as safe HTML."""
    return {"body": None if text is None else body_html(text)}
