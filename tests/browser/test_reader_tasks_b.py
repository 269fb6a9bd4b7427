"""Issue 25 part B as readers do it, at 390 and 1366 px in both languages, axe at 0:
a watchdog filters the gift register by the ethics rule, shares the address and downloads
the year; a councillor follows one indicator across the years; a purchaser reads the price
chart of the region it names. Screenshots go to artifacts/screenshots/ for a person.
"""

from __future__ import annotations

import csv
import html

import pytest
import site_fixture
from playwright.sync_api import Page

from browser.axe import axe_violations, describe
from browser.conftest import PHONE

SHOTS = site_fixture.ARTIFACTS / "screenshots"
DATASETS = site_fixture.REPO / "datasets"
WIDE = {"width": 1366, "height": 900}
LIMIT = site_fixture.AS_OF.isoformat()
VIEWPORTS = [pytest.param(PHONE, id="390"), pytest.param(WIDE, id="1366")]
LANGS = [pytest.param("", id="zh"), pytest.param("en/", id="en")]


def rows(name: str) -> list[dict[str, str]]:
    with (DATASETS / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def must_report(row: dict[str, str]) -> bool:
    """Return whether the ethics rules ask a received gift to be handled (from the CSV)."""
    unit, total = int(row["unit_value"]), int(row["total_value"])
    return (row["stakeholder"] == "true" and unit > 500) or unit > 3000 or total > 10000


def latest_gift_year() -> int:
    return max(int(r["date"][:4]) for r in rows("gifts") if r["date"] <= LIMIT) - 1911


def no_axe_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)


def fits(page: Page, selector: str) -> None:
    """Assert the element lies inside the content box, none of it out of view sideways."""
    box = page.evaluate(
        """sel => { const el = document.querySelector(sel).getBoundingClientRect();
          const main = document.querySelector('.md-content__inner').getBoundingClientRect();
          return {left: el.left, right: el.right, mainLeft: main.left, mainRight: main.right,
                  page: document.documentElement.scrollWidth,
                  view: document.documentElement.clientWidth}; }""",
        selector,
    )
    assert box["right"] <= box["mainRight"] + 1 and box["left"] >= box["mainLeft"] - 1, box
    assert box["page"] <= box["view"], box


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_watchdog_filters_gifts_by_the_ethics_rule_shares_it_and_downloads(
    open_page, viewport, lang
):
    year = latest_gift_year()
    mine = [r for r in rows("gifts") if r["date"] <= LIMIT and int(r["date"][:4]) - 1911 == year]
    must = [r for r in mine if r["direction"] == "受贈" and must_report(r)]
    page = open_page(viewport)
    page.goto(f"{lang}gifts/{year}/")
    visible = page.locator('table[data-portal-table="gifts"] tbody tr:visible')
    assert visible.count() == len(mine)
    fits(page, 'table[data-portal-table="gifts"]')  # all 12 columns (or cards) in view
    page.select_option("#gifts-e", "report")
    assert visible.count() == len(must) > 0
    ids = sorted(html.unescape(t).strip() for t in visible.locator("th").all_inner_texts())
    assert ids == sorted(r["gift_id"] for r in must)
    assert "ethics=report" in page.url  # the filter is in the address
    page.select_option("#gifts-d", "受贈")
    shared = page.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"b-gifts-{viewport['width']}-{lang[:2] or 'zh'}.png")
    no_axe_violations(page)
    # Someone opening the shared address sees the same filtered register.
    other = page.context.new_page()  # a second tab of the same visitor
    other.goto(shared)
    assert other.locator("#gifts-e").input_value() == "report"
    assert other.locator("#gifts-d").input_value() == "受贈"
    assert other.locator('table[data-portal-table="gifts"] tbody tr:visible').count() == len(must)
    # The year's CSV downloads from the page, headed by field names like every format.
    with other.expect_download() as info:
        other.locator('.portal-year-downloads a[href$=".csv"]').click()
    first_line = info.value.path().read_text(encoding="utf-8-sig").split("\r\n", 1)[0]
    header = first_line.split(",")
    assert header[:3] == ["gift_id", "date", "direction"] and "total_value" in header
    other.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_councillor_follows_one_indicator_across_the_years(open_page, viewport, lang):
    series = sorted(
        (r for r in rows("plan_indicators") if r["indicator_zh"] == "中堂輓聯二個工作天完成率"),
        key=lambda r: r["plan_year"],
    )
    first, last = series[0], series[-1]
    page = open_page(viewport)
    page.goto(f"{lang}indicators/{last['plan_year']}/")
    row = page.locator("main tbody tr", has_text=last["indicator_id"])
    standard = last["measure_en"] if lang else last["measure_zh"]
    assert row.locator("td").last.is_visible()
    assert standard[:8] in row.locator("td").last.inner_text()
    fits(page, "table.portal-indicators")  # the standard's column is in view, not cut off
    row.locator("a").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"indicators/trend/{first['indicator_id']}/")
    fits(page, "table.portal-trend")  # every year's target, actual and status in view
    table = page.locator("table.portal-trend").inner_text()
    for r in series:
        assert f"{float(r['actual_value']):g}" in table
    chart = page.locator("svg.portal-chart")
    assert chart.get_attribute("role") == "img" and chart.locator("title").count() == 1
    fits(page, "svg.portal-chart")
    page.screenshot(
        path=SHOTS / f"b-trend-{viewport['width']}-{lang[:2] or 'zh'}.png", full_page=True
    )
    no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_purchaser_reads_a_price_chart_that_fits_and_names_its_region(open_page, viewport, lang):
    page = open_page(viewport)
    page.goto(f"{lang}prices/OF-0003/")
    chart = page.locator("svg.portal-chart").first
    fits(page, "svg.portal-chart")
    texts = chart.locator("text").all_text_contents()
    title = chart.locator("title").text_content() or ""
    region = "City" if lang else "本市"
    assert region in title and region in page.locator(".portal-series-name").first.inner_text()
    last_label = chart.locator("text[font-size='12']").last
    box, svg_box = last_label.bounding_box(), chart.bounding_box()
    assert box and svg_box and box["x"] + box["width"] <= svg_box["x"] + svg_box["width"]
    assert box["x"] + box["width"] <= viewport["width"]
    assert texts
    others = page.locator("details.portal-series")
    assert others.count() >= 1
    others.first.locator("summary").click()
    assert others.first.locator("svg.portal-chart").is_visible()
    no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_says_which_headers_the_downloads_have(page: Page, lang: str):
    page.goto(f"{lang}data/")
    text = page.locator("main").inner_text()
    assert ("field name" if lang else "欄位代碼為欄名") in text
    no_axe_violations(page)
