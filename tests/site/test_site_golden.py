"""Golden output: one page of every template, and the issues' Atom feed, in both languages.

The pages are rendered from the tiny sample in tests/mini/ (stable line-for-line), without
MkDocs; the feed is written by the feeds artifact writer for the same data. Refresh after an
intended change with `make golden` (GAZETTE_UPDATE_GOLDEN=1) and review the diff of
tests/golden/ before committing it: the diff is what a reviewer reads.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from site_fixture import AS_OF

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.gazette import feeds
from generator.languages import LANGUAGES
from generator.markup.templates import TEMPLATE_DIR
from generator.models import BuildContext
from generator.site.pages import PROVIDERS
from generator.site.render import render_site
from generator.site.reuse import Workspace

GOLDEN = Path(__file__).parents[1] / "golden"
PAGES = [
    "index.md",  # home
    "gazette/index.md",  # archive
    "gazette/113/index.md",  # volume
    "gazette/113/01/index.md",  # issue
    "gazette/113/01/113-01-001/index.md",  # entry, translated
    "gazette/113/03/113-03-001/index.md",  # a corrigendum of 113-01-001, untranslated
    "data/index.md",  # catalogue
    "data/agencies/index.md",  # dataset
    "prices/index.md",  # price look-up
    "prices/OF-0001/index.md",  # price item with two surveys
    "gifts/index.md",  # gift register: overview with totals per year
    "gifts/113/index.md",  # one year of the gift register
    "indicators/index.md",  # plan years with how many targets were met
    "indicators/113/index.md",  # one plan year, met / not met per indicator
    "indicators/trend/113-01-01/index.md",  # one indicator across the plan years
    "gazette/category/regulations/index.md",  # browse by category
    "gazette/agency/secretariat/index.md",  # browse by agency
    "gazette/category/regulations/113/index.md",  # one year of a category
    "gazette/api/index.md",  # the JSON API's documentation page
    "search/index.md",  # the search page
]
FEEDS = ["gazette/feed.atom"]  # the issues' feed, written by generator/gazette/feeds.py
# Templates that are not pages: partials (`_*.j2`, included by pages) and the PDF edition's
# HTML (checked by tests/gazette/test_pdf_edition.py).
NOT_PAGES = ("pdf/",)
UPDATE = os.environ.get("GAZETTE_UPDATE_GOLDEN") == "1"
SITE_URL = "https://gazette.example.gov.tw/"


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> BuildContext:
    """Return the build context of a copy of the mini project, cut at AS_OF."""
    folder = tmp_path_factory.mktemp("golden")
    root = folder / "mini"
    shutil.copytree(Path(__file__).parents[1] / "mini", root)
    shutil.copy2(GOLDEN.parent.parent / "datasets/datapackage.yaml", root / "datasets")
    dataset, problems = validate_project(root)
    assert problems == []
    return BuildContext(root, AS_OF, published(dataset, AS_OF), SITE_URL, folder / "out")


@pytest.fixture(scope="module")
def rendered(context: BuildContext) -> dict[str, Path]:
    """Render the mini project's Markdown and feeds; return each language's folder of both.

    Markdown lands in `<work>/docs/<zh|en>/` and the feeds in the site folder (zh at its
    root, en under `en/`); both are copied into one folder per language so a golden name
    is the same path in either.
    """
    work = context.out.parent / "work"
    render_site(context, Workspace(work))
    context.out.mkdir(parents=True, exist_ok=True)
    ET.register_namespace("", "")  # what importing WeasyPrint does: the feed must not care
    feeds.write(context)
    found = {}
    for language in LANGUAGES:
        folder = language.short
        merged = context.out.parent / "merged" / folder
        shutil.copytree(work / "docs" / folder, merged)
        site = context.out / language.subdir
        for feed in FEEDS:
            (merged / feed).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(site / feed, merged / feed)
        found[folder] = merged
    return found


def golden_path(lang: str, page: str) -> Path:
    """Return the golden file of a page: its path with "/" spelt "__"."""
    return GOLDEN / lang / page.replace("/", "__")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES + FEEDS)
def test_output_matches_golden(rendered: dict[str, Path], lang: str, page: str) -> None:
    actual = (rendered[lang] / page).read_text(encoding="utf-8")
    expected_path = golden_path(lang, page)
    if UPDATE:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.is_file(), "no golden file yet: run `make golden` and review it"
    assert actual == expected_path.read_text(encoding="utf-8")


def test_every_page_template_has_a_golden(context: BuildContext) -> None:
    templates = {
        path.relative_to(TEMPLATE_DIR).as_posix()
        for path in TEMPLATE_DIR.rglob("*.j2")
        if not path.name.startswith("_")
    }
    pages = {template for template in templates if not template.startswith(NOT_PAGES)}
    made_by = {page.path: page.template for p in PROVIDERS for page in p(context, "en")}
    assert set(PAGES) <= set(made_by)  # every golden names a page the providers make
    assert sorted(pages - {made_by[page] for page in PAGES}) == []


def test_no_golden_file_is_left_over() -> None:
    # A page dropped from PAGES must take its golden files with it.
    expected = {golden_path(lang, page) for lang in ("zh", "en") for page in PAGES + FEEDS}
    assert sorted(set(GOLDEN.glob("*/*")) - expected) == []
