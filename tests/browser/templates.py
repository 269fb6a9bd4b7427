"""One built page per template, in both languages: the sample the HTML and a11y checks run on.

A template is found by the URL pattern of its pages (globs relative to a language's root);
the first match in sorted order is taken, so the sample is stable from run to run. A
template with no page in the built site fails the check that asks for it, rather than
silently checking less.
"""

from __future__ import annotations

import csv
from pathlib import Path

LANGS = {"zh": "", "en": "en/"}

# template name -> globs of its pages' index.html, relative to the language root.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "home": ("index.html",),
    "gazette-archive": ("gazette/index.html",),
    "gazette-volume": ("gazette/[0-9]*/index.html",),
    "gazette-issue": ("gazette/[0-9]*/[0-9][0-9]/index.html",),
    "gazette-entry": ("gazette/[0-9]*/[0-9][0-9]/*-*-*/index.html",),
    "gazette-corrigendum": (),  # found through the data, see corrigendum_page()
    "gazette-corrected": (),  # the entry a corrigendum corrects: see corrigendum_page()
    "gazette-category": ("gazette/category/*/index.html",),
    "gazette-agency": ("gazette/agency/*/index.html",),
    "gazette-api": ("gazette/api/index.html",),
    "search": ("search/index.html",),
    "catalog": ("data/index.html",),
    "dataset": ("data/*/index.html",),
    "prices": ("prices/index.html",),
    "price-item": ("prices/*/index.html",),
    "gifts": ("gifts/index.html",),
    "gifts-year": ("gifts/[0-9]*/index.html",),
    "indicators": ("indicators/index.html",),
    "indicators-year": ("indicators/[0-9]*/index.html",),
    "indicator-trend": ("indicators/trend/*/index.html",),
    "content": ("about/index.html", "accessibility/index.html", "licence/index.html"),
}


def entry_path(entry_id: str) -> str:
    """Return the URL path of an entry's page, relative to a language's root."""
    volume, number, _seq = entry_id.split("-")
    return f"gazette/{int(volume)}/{int(number):02d}/{entry_id}/"


def corrigendum_page(site: Path, datasets: Path, corrected: bool = False) -> str | None:
    """Return the URL path of the first published corrigendum entry (or, with `corrected`,
    of the entry it corrects), if the site has one."""
    with (datasets / "gazette_entries.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["category"] != "更正" or not row.get("corrects"):
                continue
            path = entry_path(row["corrects"] if corrected else row["entry_id"])
            if (site / entry_path(row["entry_id"]) / "index.html").is_file():
                return path
    return None


def find_page(site: Path, template: str, lang: str, datasets: Path) -> str | None:
    """Return the URL path (relative to the site root) of one page of `template` in `lang`."""
    prefix = LANGS[lang]
    if template in ("gazette-corrigendum", "gazette-corrected"):
        path = corrigendum_page(site, datasets, corrected=template == "gazette-corrected")
        return prefix + path if path and (site / prefix / path).is_dir() else None
    root = site / prefix
    for pattern in TEMPLATES[template]:
        for match in sorted(root.glob(pattern)):
            rel = match.parent.relative_to(root).as_posix()
            if lang == "zh" and rel.split("/")[0] in ("en", "pagefind"):
                continue
            return prefix + ("" if rel == "." else rel + "/")
    return None


def sample_pages(site: Path, datasets: Path) -> dict[tuple[str, str], str | None]:
    """Return {(template, lang): URL path or None} for every template and language."""
    return {
        (template, lang): find_page(site, template, lang, datasets)
        for template in TEMPLATES
        for lang in LANGS
    }
