"""Ready-made citations of a gazette entry, in Chinese and in English.

The formats are the ones /cite/ suggests (labels `reader.citation_zh|en`, so a site owner
can change them); both are offered on both language pages, as a Chinese brief may cite the
English page and the other way round. The text is plain: templates escape it.

The gazette's name in each citation is gazette.yaml's `name` in that citation's language
(`{gazette}`), whatever the page's language. `{doc}` is the document number with its
separator after it (「府秘字第1號，」, "No. 1, "), or nothing for an entry without one, so
a citation never reads 「，，」.
"""

from __future__ import annotations

from typing import Any

from generator.identity import config_of
from generator.languages import language
from generator.markup.filters import en_date, roc_date
from generator.models import BuildContext


def permalink(ctx: BuildContext, path: str, lang: str) -> str:
    """Return the absolute URL of a page path ("…/index.md") in one language."""
    folder = path[: -len("index.md")]
    return ctx.site_url + language(lang).prefix + folder


def citations(
    ctx: BuildContext,
    labels: dict[str, Any],
    entry: dict[str, Any],
    issue: dict[str, Any],
    agency: dict[str, Any] | None,
) -> dict[str, str]:
    """Return {"zh": …, "en": …}: the entry cited in each language."""
    formats = labels["reader"]
    agency = agency or {}
    name_zh = agency.get("name_zh") or entry["agency_id"]
    gazette = config_of(ctx.root).name
    doc = str(entry.get("doc_number") or "").strip().replace(";", "、")
    common = {"volume": issue["volume"], "number": issue["number"]}
    return {
        "zh": formats["citation_zh"].format(
            doc=f"{doc}，" if doc else "",
            gazette=gazette.zh,
            agency=name_zh,
            title=entry["title_zh"],
            date=roc_date(issue["publication_date"]),
            url=permalink(ctx, entry["path"], "zh-TW"),
            **common,
        ),
        "en": formats["citation_en"].format(
            doc=f"{doc}, " if doc else "",
            gazette=gazette.en,
            agency=agency.get("name_en") or name_zh,
            title=entry.get("title_en") or entry["title_zh"],
            date=en_date(issue["publication_date"], prose=True),
            url=permalink(ctx, entry["path"], "en"),
            **common,
        ),
    }
