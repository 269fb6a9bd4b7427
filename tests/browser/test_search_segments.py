"""The search panel over several Pagefind bundles: the closed volumes live in merged
bundles (generator/site/search.py), which must be searched, opened and paid for like the
primary one, without their own script or WebAssembly."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, Response

from browser.conftest import DESKTOP, new_context
from browser.server import serve_site
from browser.test_search_cjk import RESULT, indexed_texts, pages_containing, search

DOCUMENT_NUMBER = re.compile(r"府\w{1,4}字第\d{10}號")


def archive_only_term(site: Path) -> tuple[str, list[str]]:
    """Return a document number found only in closed-volume pages, and those pages."""
    for rel, text in indexed_texts(site).items():
        if not re.fullmatch(r"gazette/114/\d\d/114-\d\d-\d{3}/index.html", rel):
            continue
        for number in DOCUMENT_NUMBER.findall(text):
            pages = pages_containing(site, number)
            if all(p.startswith("gazette/114/") for p in pages):
                return number, pages
    raise AssertionError("no document number of volume 114 is found only in volume 114")


def test_a_page_of_a_closed_volume_is_found_and_opens(page: Page, site: Path, base_url: str):
    listing = json.loads((site / "pagefind/bundles.json").read_text(encoding="utf-8"))
    # Volume 114 is closed in the sample (the recent bundle); price items have their own.
    assert listing["bundles"] == ["pagefind-recent/", "pagefind-prices/"]
    term, pages = archive_only_term(site)
    assert search(page, "", term) == len(pages)
    first = page.locator(RESULT).first
    first.click()
    page.wait_for_load_state()
    opened = urlsplit(page.url).path.lstrip("/")
    assert opened + "index.html" in pages, (opened, pages)
    assert term in page.locator("main").inner_text().replace(" ", "")


def test_merged_bundles_cost_no_script_or_webassembly(browser: Browser, base_url: str):
    context = new_context(browser, base_url, [], viewport=DESKTOP)
    page = context.new_page()
    fetched: list[tuple[str, int]] = []

    def record(response: Response) -> None:
        fetched.append((urlsplit(response.url).path, response.status))

    page.on("response", record)
    search(page, "", "公報")
    page.wait_for_load_state("networkidle")
    context.close()
    for folder in ("/pagefind-recent/", "/pagefind-prices/"):
        merged = [path for path, _status in fetched if path.startswith(folder)]
        assert f"{folder}pagefind-entry.json" in merged
        assert any(path.endswith(".pf_index") for path in merged)
        assert not [p for p in merged if p.endswith(("pagefind.js", ".pagefind"))], merged
    assert [(path, status) for path, status in fetched if status >= 400] == []


def test_ids_two_bundles_share_are_told_apart_by_url(browser: Browser, site: Path, tmp_path):
    # Pretend every Chinese page id clashes with one in another bundle: search.js must then
    # match terms by page URL, and still count every page that has both terms exactly once.
    copy = tmp_path / "site"
    shutil.copytree(site, copy, copy_function=os.link, symlinks=True)
    listing_path = copy / "pagefind/bundles.json"
    listing = json.loads(listing_path.read_text(encoding="utf-8"))
    ids = [
        p.stem
        for folder in ["pagefind/", *listing["bundles"]]
        for p in (copy / folder / "fragment").glob("*.pf_fragment")
    ]
    listing_path.unlink()  # a link to the shared site's file: replace it, don't edit it
    listing_path.write_text(json.dumps({**listing, "shared": ids}), encoding="utf-8")
    gifts, notices = set(pages_containing(site, "致贈")), set(pages_containing(site, "公告"))
    with serve_site(copy) as url:
        context = new_context(browser, url, [], viewport=DESKTOP)
        page = context.new_page()
        fragments: set[str] = set()
        page.on("response", lambda r: r.url.endswith(".pf_fragment") and fragments.add(r.url))
        assert search(page, "", "致贈 公告") == len(gifts & notices) > 0
        page.wait_for_load_state("networkidle")
        # Every result of either term was looked up by URL: the path under test ran.
        assert len(fragments) == len(gifts | notices)
        assert search(page, "", "公報") == len(pages_containing(site, "公報"))
        context.close()
