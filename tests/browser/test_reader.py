"""Readers find, browse and cite (issue 15), in Chromium at phone and desktop widths, in both
languages: the search page and its shareable URL, English search for Chinese document
numbers, browse pages for every category and agency, and entry citations with their JSON.

Screenshots go to artifacts/reader/ (gitignored; GAZETTE_ARTIFACTS moves it) to look at.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import site_fixture
from playwright.sync_api import Page

from browser.settle import settle
from generator.gazette import browse

DATASETS = site_fixture.REPO / "datasets"
ARTIFACTS = site_fixture.ARTIFACTS / "reader"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LANGS = [pytest.param("", id="zh"), pytest.param("en/", id="en")]
SLUGS = {"法規": "regulations", "行政規則": "rules", "公告": "announcements", "人事": "personnel",
         "採購": "procurement", "財經": "finance", "更正": "corrigenda"}  # fmt: skip


def published() -> list[dict[str, str]]:
    """Return the sample's entries whose issue is published as of AS_OF, with its date."""
    with (DATASETS / "gazette_issues.csv").open(encoding="utf-8", newline="") as handle:
        dates = {
            r["issue_id"]: r["publication_date"]
            for r in csv.DictReader(handle)
            if r["publication_date"] <= site_fixture.AS_OF.isoformat()
        }
    with (DATASETS / "gazette_entries.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["issue_id"] in dates]
    for row in rows:
        row["date"] = dates[row["issue_id"]]
    return rows


def path_of(entry: dict[str, str]) -> str:
    """Return an entry's URL path: gazette/<volume>/<nn>/<entry_id>/."""
    volume, number, _seq = entry["entry_id"].split("-")
    return f"gazette/{int(volume)}/{int(number):02d}/{entry['entry_id']}/"


def busiest_procurement_agency() -> str:
    """Return the agency with the most published procurement entries (ties: by id)."""
    counts: dict[str, int] = {}
    for row in published():
        if row["category"] == "採購":
            counts[row["agency_id"]] = counts.get(row["agency_id"], 0) + 1
    return sorted(counts, key=lambda a: (-counts[a], a))[0]


def shoot(page: Page, name: str) -> None:
    """Save a full-page screenshot of `page` as ARTIFACTS/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def results(page: Page) -> list[dict[str, str]]:
    """Wait for the search page's answer; return its results (kind, url path, date, doc)."""
    page.wait_for_selector("#gz-find-results[aria-busy=false]", state="attached")
    more = page.locator(".gz-find__more")
    while more.is_visible():
        count = page.locator(".gz-find__result").count()
        more.click()
        page.wait_for_function(
            f"() => document.querySelectorAll('.gz-find__result').length > {count}"
        )
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('.gz-find__result')).map(li => ({
            kind: li.getAttribute('data-kind'),
            url: new URL(li.querySelector('a').href).pathname,
            date: (li.querySelector('.gz-find__date') || {}).textContent || '',
            doc: (li.querySelector('.gz-find__doc') || {}).textContent || '',
        }))"""
    )


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_search_page_filters_sorts_and_the_url_reproduces_it(open_page, pages, prefix, viewport):
    page = open_page(viewport)
    agency = busiest_procurement_agency()
    wanted = {
        "/" + prefix + path_of(r): r
        for r in published()
        if r["category"] == "採購" and r["agency_id"] == agency
    }
    page.goto(prefix + "search/")
    page.fill("#gz-find-q", "採購")
    page.select_option("#gz-find-category", "procurement")
    page.select_option("#gz-find-agency", agency)
    page.select_option("#gz-find-sort", "date")
    page.click(".gz-find__actions button[type=submit]")
    found = results(page)
    query = dict(p.split("=", 1) for p in urlsplit(page.url).query.split("&"))
    assert query["category"] == "procurement" and query["agency"] == agency
    assert query["sort"] == "date" and query["q"] == "%E6%8E%A1%E8%B3%BC"  # 採購
    assert found, "no result for 採購 in category 採購 of " + agency
    assert all(r["kind"] == "entry" for r in found), found
    assert {r["url"] for r in found} <= set(wanted), "a result outside the filters"
    if not prefix:  # every zh entry page names its category, 採購, in its header line
        assert {r["url"] for r in found} == set(wanted)
    dates = [wanted[r["url"]]["date"] for r in found]
    assert dates == sorted(dates, reverse=True), "not sorted by date, newest first"
    assert all(r["date"] and r["doc"] for r in found), "results must show date and doc number"
    assert [r["doc"] for r in found] == [wanted[r["url"]]["doc_number"] for r in found]
    shown = page.url
    name = f"search-{prefix[:2] or 'zh'}-{'phone' if viewport is PHONE else 'desktop'}"
    shoot(page, name)
    again = pages.fresh(viewport)  # a fresh visitor opening the shared address
    again.goto(shown)
    assert results(again) == found
    assert again.input_value("#gz-find-agency") == agency
    assert again.input_value("#gz-find-q") == "採購"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_english_search_finds_a_chinese_document_number(open_page, viewport):
    page = open_page(viewport)
    entry = next(r for r in published() if r["doc_number"].startswith("府授秘"))
    page.goto("en/search/?q=" + entry["doc_number"])
    found = results(page)
    assert found and found[0]["url"] == "/en/" + path_of(entry), found[:3]
    page.goto("en/search/?q=府授秘&type=entry")
    prefixed = results(page)
    assert prefixed and all(r["doc"].startswith("府授秘") for r in prefixed)
    # The header search finds it too, and "all results" leads to the search page.
    page.goto("en/")
    page.locator(".gz-search__toggle").click()
    page.locator(".gz-search__input").fill("府授秘")
    page.wait_for_selector(".gz-search__result")
    page.locator(".gz-search__all").click()
    page.wait_for_url("**/en/search/?q=*")
    assert results(page)


def below(agency_id: str) -> set[str]:
    """Return an agency and every division under it, at any depth (agencies.csv parent_id)."""
    with (DATASETS / "agencies.csv").open(encoding="utf-8", newline="") as handle:
        parents = {r["agency_id"]: r["parent_id"] for r in csv.DictReader(handle)}
    found = {agency_id}
    while more := {a for a, p in parents.items() if p in found} - found:
        found |= more
    return found


def test_browse_pages_exist_for_every_category_and_agency(site: Path):
    """Each hub lists its latest entries and links a page per volume, which lists that
    volume's entries; the JSON lists are split the same way."""
    rows = published()
    for prefix in ("", "en/"):
        for field, folder in (("category", "category"), ("agency_id", "agency")):
            for value in sorted({r[field] for r in rows}):
                key = SLUGS[value] if field == "category" else value
                hub = site / prefix / "gazette" / folder / key
                # an agency's pages hold its divisions' entries too (issue 25)
                within = below(value) if field == "agency_id" else {value}
                mine = [r for r in rows if r[field] in within]
                # the hub shows the latest HUB_LATEST, newest first (issue 28: a bounded hub)
                ordered = sorted(mine, key=lambda r: (r["date"], r["entry_id"]), reverse=True)
                latest = {r["entry_id"] for r in ordered[: browse.HUB_LATEST]}
                hub_html = (hub / "index.html").read_text("utf-8")
                for row in mine:
                    volume = row["entry_id"].split("-")[0]
                    html = (hub / volume / "index.html").read_text("utf-8")
                    assert f"/{row['entry_id']}/" in html, (prefix, folder, key, row["entry_id"])
                    assert (f"/{row['entry_id']}/" in hub_html) == (row["entry_id"] in latest)
                    assert f'href="{volume}/"' in hub_html
                listing = json.loads((site / "gazette" / folder / key / "index.json").read_text())
                assert {v["volume"] for v in listing["volumes"]} == {
                    int(r["entry_id"].split("-")[0]) for r in mine
                }
                assert len(listing["entries"]) == len(latest)
                days = [e["publication_date"] for e in listing["entries"]]
                assert days == sorted(days, reverse=True)


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_entry_page_offers_a_citation_and_its_json(open_page, prefix, viewport):
    page = open_page(viewport)
    entry = next(r for r in published() if r["category"] == "採購")
    page.goto(prefix + path_of(entry))
    cites = page.locator(".gz-cite__text")
    assert cites.count() == 2
    assert entry["doc_number"] in cites.nth(0).inner_text()
    assert entry["doc_number"] in cites.nth(1).inner_text()
    header = page.locator(".gz-entry-meta").inner_text()
    assert entry["doc_number"] in header
    page.locator(".gz-cite__copy button").first.click()
    page.wait_for_function("() => document.querySelector('.gz-cite__said').textContent")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == cites.nth(0).inner_text().strip()
    href = page.locator("a[href$='index.json']").first.get_attribute("href")
    twin = page.request.get(page.url.split("#")[0] + href)
    assert twin.ok and twin.json()["entry_id"] == entry["entry_id"]
    assert page.locator("a[href$='.pdf']").count() >= 1  # the authoritative edition
    shoot(page, f"entry-{prefix[:2] or 'zh'}-{'phone' if viewport is PHONE else 'desktop'}")


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_browse_pages_fit_and_are_photographed(open_page, prefix, viewport):
    page = open_page(viewport)
    label = f"{prefix[:2] or 'zh'}-{'phone' if viewport is PHONE else 'desktop'}"
    wide = []
    for path, name in [
        ("gazette/", "archive"),
        ("gazette/category/procurement/", "category"),
        (f"gazette/agency/{busiest_procurement_agency()}/", "agency"),
        (path_of(published()[-1]).rsplit("/", 2)[0] + "/", "issue"),
        ("gazette/api/", "api"),
        ("search/", "search-empty"),
    ]:
        page.goto(prefix + path)
        settle(page)
        shoot(page, f"{name}-{label}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"] + 1:
            wide.append(f"{prefix}{path}: {width}px")
    assert not wide, wide
