"""Older volumes on demand: the archive bundle is fetched only when a reader asks for it.

The archive bundle's metadata grows with the archive (141 KB at 30 years), so a search
reads the live, recent and price bundles, and the archive (generator/site/search.py) only
when the reader ticks "also search older volumes", when a volume or date filter reaches
before the archive's end, or when the search page's address carries `older=1`. The sample
has no volume old enough for the archive, so here its Chinese and English sites are indexed
again with volume 114 compacted into the archive (as if volume 116 had opened: see
search.compacted_before): 115 is live, 114 the archive.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from browser.axe import axe_violations, describe
from browser.conftest import new_context
from browser.server import serve_site
from browser.test_search_cjk import RESULT, pages_containing
from generator.site import search as search_index

pytestmark = pytest.mark.slow  # Pagefind indexes the sample's two languages again

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
TERM = "公報"  # on pages of both volumes, and on others
FIND_RESULT = ".gz-find__result a"


def indexed_copy(site: Path, folder: Path, compacted_before) -> tuple[Path, dict]:
    """Return a copy of the sample site indexed again with `compacted_before` (which closed
    volumes are in the archive), and its bundles.json."""
    copy = folder / "site"
    shutil.copytree(site, copy, copy_function=os.link, symlinks=True)
    for lang_root in (copy, copy / "en"):
        for bundle in lang_root.glob("pagefind*"):
            shutil.rmtree(bundle)  # unlinks: the shared site's files stay as they are
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "compacted_before", compacted_before)
        search_index.index_site(copy, folder / "scratch", None)
    return copy, json.loads((copy / "pagefind/bundles.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def archived(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a copy of the sample site whose volume 114 is in the archive bundle."""
    copy, listing = indexed_copy(site, tmp_path_factory.mktemp("archived"), lambda now: now)
    assert listing["older"] == {
        "bundles": ["pagefind-archive-104/", "pagefind-archive-112/"],
        "volume": 115,
        "year": 2026,
    }
    return copy


@pytest.fixture(scope="module")
def unarchived_url(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a copy of the sample site indexed with no archive (every closed year recent:
    the sample's one old page, the indicators of 107, would be the archive); yield its URL."""
    copy, listing = indexed_copy(site, tmp_path_factory.mktemp("unarchived"), lambda now: 0)
    assert "older" not in listing
    with serve_site(copy) as url:
        yield url


@pytest.fixture(scope="module")
def archived_url(archived: Path) -> Iterator[str]:
    """Serve the archived copy; yield its base URL."""
    with serve_site(archived) as url:
        yield url


class Fetched:
    """The paths a page requests, by bundle."""

    def __init__(self, page: Page) -> None:
        self.paths: list[str] = []
        page.on("request", lambda request: self.paths.append(urlsplit(request.url).path))

    def archive(self) -> list[str]:
        """Return the archive bundle's files requested so far."""
        return [p for p in self.paths if "/pagefind-archive-" in p]


def status_count(page: Page, selector: str) -> int:
    """Return the number the status line announces."""
    text = page.locator(selector).inner_text().replace(TERM, "")
    return int(re.search(r"\d+", text).group())


@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_header_search_fetches_the_archive_only_when_asked(
    browser: Browser, archived: Path, archived_url: str, size: dict
) -> None:
    context = new_context(browser, archived_url, [], viewport=size)
    page = context.new_page()
    fetched = Fetched(page)
    page.goto("")
    page.locator(".gz-search__toggle").click()
    page.locator(".gz-search__input").fill(TERM)
    expect(page.locator(RESULT).first).to_be_visible(timeout=15_000)
    page.wait_for_load_state("networkidle")
    without = status_count(page, ".gz-search__status")
    assert fetched.archive() == []
    every = pages_containing(archived, TERM)
    # Volume 114's issues and entries, the browse hubs' and the registers' pages of 114.
    older = [p for p in every if search_index.volume_of(p) == 114]
    assert [p for p in older if p.startswith("gazette/agency/")]
    assert older and without == len(every) - len(older)
    box = page.locator("#gz-search-older")
    expect(box).to_be_visible()
    expect(page.locator(".gz-search__older")).to_contain_text("也搜尋較早的卷期（民國 115 年以前）")
    box.focus()
    page.keyboard.press("Space")  # the keyboard ticks it
    expect(box).to_be_checked()
    expect(page.locator(".gz-search__status")).to_contain_text(str(len(every)), timeout=15_000)
    assert "/pagefind-archive-112/pagefind-entry.json" in fetched.archive()
    assert not [p for p in fetched.archive() if p.endswith((".js", ".pagefind"))]
    # The search page's link carries the choice.
    assert "older=1" in (page.locator(".gz-search__all").get_attribute("href") or "")
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)
    # Unticked, the older results go again (Pagefind is started without the archive).
    page.keyboard.press("Space")
    expect(page.locator(".gz-search__status")).to_contain_text(str(without), timeout=15_000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"]
    context.close()


@pytest.mark.parametrize("prefix", ["", "en/"])
@pytest.mark.parametrize("size", VIEWPORTS)
def test_the_search_page_fetches_the_archive_only_when_asked(
    browser: Browser, archived_url: str, prefix: str, size: dict
) -> None:
    context = new_context(browser, archived_url, [], viewport=size)
    page = context.new_page()
    fetched = Fetched(page)
    page.add_init_script(
        "window.__shifts = [];"
        "new PerformanceObserver(l => l.getEntries().forEach(e => window.__shifts.push("
        "  e.sources.filter(s => s.node && s.node.closest && s.node.closest('form')).length)"
        ")).observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(f"{prefix}search/?q={TERM}")
    expect(page.locator(FIND_RESULT).first).to_be_visible(timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert fetched.archive() == []
    without = status_count(page, "#gz-find-status")
    label = page.locator(".gz-find__older")
    expect(label).to_be_visible()
    expected = "也搜尋較早的卷期（民國 115 年以前）" if not prefix else "(before 2026)"
    expect(label).to_contain_text(expected)
    page.locator("#gz-find-older").check()  # its change event starts the search at once
    expect(page).to_have_url(re.compile(r"[?&]older=1"))
    expect(page.locator("#gz-find-results")).to_have_attribute("aria-busy", "false")
    assert "/pagefind-archive-112/pagefind-entry.json" in [
        p.removeprefix("/en") for p in fetched.archive()
    ]
    assert status_count(page, "#gz-find-status") > without
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)
    # Nothing in the form moved while the script filled it (the row's space is kept).
    assert page.evaluate("window.__shifts.reduce((a, b) => a + b, 0)") == 0
    context.close()


def test_a_shared_link_with_older_searches_the_archive_at_once(
    browser: Browser, archived: Path, archived_url: str
) -> None:
    context = new_context(browser, archived_url, [], viewport=DESKTOP)
    page = context.new_page()
    fetched = Fetched(page)
    page.goto(f"search/?q={TERM}&older=1")
    expect(page.locator(FIND_RESULT).first).to_be_visible(timeout=15_000)
    expect(page.locator("#gz-find-older")).to_be_checked()
    assert "/pagefind-archive-112/pagefind-entry.json" in fetched.archive()
    assert status_count(page, "#gz-find-status") == len(pages_containing(archived, TERM))
    context.close()


def test_a_volume_filter_in_the_archive_fetches_it(browser: Browser, archived_url: str) -> None:
    context = new_context(browser, archived_url, [], viewport=PHONE)
    page = context.new_page()
    fetched = Fetched(page)
    page.goto("search/?volume=114")
    expect(page.locator(FIND_RESULT).first).to_be_visible(timeout=15_000)
    page.wait_for_load_state("networkidle")
    assert fetched.archive()
    box = page.locator("#gz-find-older")
    expect(box).to_be_checked()
    expect(box).to_be_disabled()  # the filter asked, not the reader: not written to the URL
    hrefs = page.locator(FIND_RESULT).evaluate_all("links => links.map(a => a.pathname)")
    assert hrefs and all(h.startswith("/gazette/114/") for h in hrefs), hrefs
    context.close()
    # A date range that starts before the archive's end asks for it too.
    context = new_context(browser, archived_url, [], viewport=PHONE)
    page = context.new_page()
    fetched = Fetched(page)
    page.goto("search/?from=2025-12-01&to=2026-01-31")
    expect(page.locator(FIND_RESULT).first).to_be_visible(timeout=15_000)
    assert fetched.archive()
    context.close()


def test_a_site_without_an_archive_keeps_the_control_out_of_the_way(
    browser: Browser, unarchived_url: str
) -> None:
    context = new_context(browser, unarchived_url, [], viewport=DESKTOP)
    page = context.new_page()
    fetched = Fetched(page)
    page.goto(f"search/?q={TERM}")
    expect(page.locator(FIND_RESULT).first).to_be_visible(timeout=15_000)
    assert fetched.archive() == []
    expect(page.locator("#gz-find-older")).to_be_disabled()
    expect(page.locator(".gz-find__older")).to_be_hidden()
    page.locator(".gz-search__toggle").click()
    page.locator(".gz-search__input").fill(TERM)
    expect(page.locator(RESULT).first).to_be_visible(timeout=15_000)
    expect(page.locator(".gz-search__older")).to_be_hidden()
    context.close()
