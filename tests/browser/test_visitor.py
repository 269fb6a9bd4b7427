"""What a visitor does on the published site, in Chromium: search, switch language, download,
follow a permalink, sort and filter a table, read a chart. No request may leave 127.0.0.1:
every context aborts them, and the last test proves none is attempted.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pytest
import site_fixture
import yaml
from playwright.sync_api import Page, expect

from browser.conftest import DESKTOP, PHONE, new_context
from browser.settle import settle

SHOTS = Path("/tmp/gazette-shots")
DATASETS = site_fixture.REPO / "datasets"


def published_entry() -> dict[str, str]:
    """Return the first gazette entry of the sample whose issue is published as of AS_OF."""
    with (DATASETS / "gazette_issues.csv").open(encoding="utf-8", newline="") as handle:
        out = {
            r["issue_id"]
            for r in csv.DictReader(handle)
            if r["publication_date"] <= site_fixture.AS_OF.isoformat()
        }
    with (DATASETS / "gazette_entries.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["issue_id"] in out and row["title_en"] and row["category"] != "更正":
                return row
    raise AssertionError("the sample has no published entry")


def entry_url(entry: dict[str, str]) -> str:
    """Return the permalink path of an entry: gazette/<volume>/<number:02d>/<entry_id>/."""
    volume, number, _seq = entry["entry_id"].split("-")
    return f"gazette/{int(volume)}/{int(number):02d}/{entry['entry_id']}/"


def fold(text: str) -> str:
    """Return text as the filter compares it (NFKC, lower case)."""
    return unicodedata.normalize("NFKC", text).lower()


@pytest.mark.parametrize(("start", "query"), [("", "採購"), ("en/", "procurement")])
def test_search_finds_and_opens_a_result(page: Page, base_url: str, start: str, query: str):
    page.goto(start)
    page.locator(".gz-search__toggle").click()
    box = page.locator(".gz-search__input")
    expect(box).to_be_focused()
    box.fill(query)
    first = page.locator(".gz-search__result a").first
    expect(first).to_be_visible()
    href = first.get_attribute("href")
    assert href and not href.startswith("http") or href.startswith(base_url), href
    first.click()
    page.wait_for_load_state()
    assert page.url != base_url + start
    assert page.url.startswith(base_url + start)  # a result of this language's index
    assert query.lower() in page.locator("main").inner_text().lower()


def test_language_switch_lands_on_the_same_page(page: Page, base_url: str):
    path = entry_url(published_entry())
    page.goto(path)
    assert page.locator("html").get_attribute("lang").startswith("zh")
    page.locator("a.gz-lang").first.click()
    page.wait_for_load_state()
    assert page.url == base_url + "en/" + path
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("a.gz-lang").first.click()
    page.wait_for_load_state()
    assert page.url == base_url + path


def test_permalink_opens_the_entry_in_both_languages(page: Page):
    entry = published_entry()
    response = page.goto(entry_url(entry))
    assert response and response.status == 200
    expect(page.locator("h1")).to_contain_text(entry["title_zh"])
    expect(page.locator("main")).to_contain_text(entry["doc_number"])
    page.goto("en/" + entry_url(entry))
    expect(page.locator("h1")).to_contain_text(entry["title_en"])


def test_dataset_page_downloads_its_csv(page: Page, site: Path):
    descriptor = yaml.safe_load((DATASETS / "datapackage.yaml").read_text(encoding="utf-8"))
    gifts = next(r for r in descriptor["resources"] if r["name"] == "gifts")
    page.goto("data/gifts/")
    link = page.locator('main a[href$=".csv"]').first
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_bytes()
    expected = (site / "data" / "gifts" / link.get_attribute("href")).resolve()
    assert data == expected.read_bytes()
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == [f["name"] for f in gifts["schema"]["fields"]]


def _column(page: Page, table: str, index: int) -> list[str]:
    """Return the visible text of one column of a table."""
    return page.locator(f"{table} tbody tr:visible > :nth-child({index + 1})").all_inner_texts()


def _number(text: str) -> float:
    return float(re.sub(r"[^0-9.+-]", "", text) or "nan")


def test_sort_and_filter_the_price_table(page: Page):
    page.goto("prices/")
    table = "table[data-portal-table]"
    expect(page.locator(table).first).to_be_visible()
    table = (
        f'table[data-portal-table="{page.locator(table).first.get_attribute("data-portal-table")}"]'
    )
    headings = page.locator(f"{table} thead th")
    numeric = [i for i in range(headings.count()) if headings.nth(i).get_attribute("data-type")]
    assert numeric, "no numeric column to sort by"
    index = numeric[0]
    heading = headings.nth(index)
    heading.locator("button").click()
    expect(heading).to_have_attribute("aria-sort", "ascending")
    values = [_number(v) for v in _column(page, table, index)]
    assert values == sorted(values) and len(set(values)) > 1
    heading.locator("button").click()
    expect(heading).to_have_attribute("aria-sort", "descending")
    values = [_number(v) for v in _column(page, table, index)]
    assert values == sorted(values, reverse=True)

    total = page.locator(f"{table} tbody tr").count()
    term = _column(page, table, 0)[0].strip()[:2]
    page.locator("[data-portal-filter] input[data-filter-text]").first.fill(term)
    rows = page.locator(f"{table} tbody tr:visible")
    expect(rows.first).to_be_visible()
    shown = rows.all_inner_texts()
    assert 0 < len(shown) < total
    assert all(fold(term) in fold(row) for row in shown)


def test_chart_is_an_image_with_a_name(page: Page):
    page.goto("indicators/")
    page.locator("main tbody th a").first.click()  # the charts are on each plan year's page
    chart = page.locator('svg[role="img"]').first
    expect(chart).to_be_visible()
    names = (chart.get_attribute("aria-labelledby") or "").split()
    assert names, "the chart has no accessible name"
    title = page.locator(f'[id="{names[0]}"]').text_content()
    assert title and title.strip()
    box = chart.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50


TABS = 6  # pages loaded side by side by test_no_page_requests_anything_outside
SCREENS = [("", "home"), ("gazette/", "archive"), ("prices/", "prices"), ("indicators/", "ind")]


@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_pages_fit_the_screen_and_are_photographed(browser, base_url, viewport, label):
    """Photograph a few pages for a person to look at; the page itself must not scroll sideways."""
    outside: list[str] = []
    context = new_context(browser, base_url, outside, viewport=viewport)
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    entry = entry_url(published_entry())
    wide = []
    for prefix in ("", "en/"):
        for path, name in [*SCREENS, (entry, "entry")]:
            page.goto(prefix + path)
            settle(page)
            page.screenshot(path=SHOTS / f"{label}-{prefix[:2] or 'zh'}-{name}.png")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"] + 1:
                wide.append(f"{prefix}{path}: {width}px")
    context.close()
    assert not wide, f"pages wider than the {label} screen: {wide}"


def test_no_page_requests_anything_outside(browser, base_url, sample):
    outside: list[str] = []
    context = new_context(browser, base_url, outside, intercept=True, viewport=PHONE)
    missing = [f"{t}/{lang}" for (t, lang), path in sorted(sample.items()) if path is None]
    paths = [path for _, path in sorted(sample.items()) if path is not None]
    # A few tabs at a time: each waits for its network to be quiet for half a second, and
    # those waits overlap instead of adding up (30 s for the sample's pages one by one).
    for start in range(0, len(paths), TABS):
        tabs = [context.new_page() for _ in paths[start : start + TABS]]
        for tab, path in zip(tabs, paths[start : start + TABS], strict=True):
            tab.goto(path, wait_until="commit")
        for tab in tabs:
            tab.wait_for_load_state("networkidle")
            tab.close()
    page = context.new_page()
    page.goto(paths[0])
    page.locator(".gz-search__toggle").click()  # the search bundle loads on first use
    page.locator(".gz-search__input").fill("公報")
    page.wait_for_load_state("networkidle")
    context.close()
    assert outside == [], f"outside requests: {sorted(set(outside))}"
    assert not missing, f"templates without a page in the sample site: {missing}"
