"""Portal pages answer at a glance, on a phone (390×844) and a desktop (1366×900), in both
languages: nothing is clipped, the indicators page of a year says how many targets were met,
gift filters and whole-cell sorting work, price charts have an axis, a unit and the page's
dates. Screenshots go to artifacts/screenshots/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import csv

import pytest
import site_fixture
import yaml
from playwright.sync_api import Page, expect

from browser.conftest import PHONE
from browser.settle import settle

SHOTS = site_fixture.ARTIFACTS / "screenshots"
DATASETS = site_fixture.REPO / "datasets"
WIDE = {"width": 1366, "height": 900}
LIMIT = site_fixture.AS_OF.isoformat()

# Every element's box must lie inside the viewport unless an ancestor scrolls or clips it
# sideways (a table or chart scrolling in its wrapper is fine; a page cut off is not).
CLIPPED_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const clipped = [];
  const scrolls = el => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') {
        if (a !== document.documentElement && a !== document.body) return true;
      }
    }
    return false;
  };
  for (const el of document.querySelectorAll('.md-header *, .md-content *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if ((box.right > width + 1 || box.left < -1) && !scrolls(el)) {
      clipped.push(el.tagName.toLowerCase() + '.' + el.className + ' ' +
        Math.round(box.left) + '–' + Math.round(box.right));
    }
  }
  return {clipped: clipped.slice(0, 10), scrollWidth: document.documentElement.scrollWidth,
          width: width};
}
"""


def rows(name: str) -> list[dict[str, str]]:
    with (DATASETS / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def labels(lang: str) -> dict:
    name = "en" if lang == "en/" else "zh-TW"
    path = site_fixture.REPO / "generator" / "locale" / f"labels.{name}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["portal"]


def latest_gift_year() -> int:
    return max(int(r["date"][:4]) for r in rows("gifts") if r["date"] <= LIMIT) - 1911


def met_counts() -> dict[int, tuple[int, int]]:
    """Return {plan year: (met, total)} computed from the CSV, independently of the code."""
    result: dict[int, tuple[int, int]] = {}
    for r in rows("plan_indicators"):
        year = int(r["plan_year"])
        met, total = result.get(year, (0, 0))
        ok = False
        if r["actual_value"]:
            target, actual = float(r["target_value"]), float(r["actual_value"])
            ok = actual >= target if r["higher_is_better"] == "true" else actual <= target
        result[year] = (met + ok, total + 1)
    return result


def pages_to_check() -> list[tuple[str, str]]:
    year = max(met_counts())
    return [
        ("gifts/", "gifts"),
        (f"gifts/{latest_gift_year()}/", "gifts-year"),
        ("prices/", "prices"),
        ("prices/OF-0001/", "price-item"),
        ("indicators/", "indicators"),
        (f"indicators/{year}/", "indicators-year"),
    ]


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize(("viewport", "label"), [(PHONE, "phone"), (WIDE, "desktop")])
def test_portal_pages_fit_the_screen(open_page, viewport, label, lang):
    page = open_page(viewport)
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for path, name in pages_to_check():
        page.goto(lang + path)
        settle(page)
        page.screenshot(path=SHOTS / f"{label}-{lang[:2] or 'zh'}-{name}.png", full_page=True)
        found = page.evaluate(CLIPPED_JS)
        if found["clipped"] or found["scrollWidth"] > found["width"] + 1:
            problems.append(f"{lang}{path}: {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["", "en/"])
def test_indicator_year_page_states_how_many_targets_were_met(page: Page, lang: str):
    shown = labels(lang)["met_summary"]
    for year, (met, total) in met_counts().items():
        page.goto(f"{lang}indicators/{year}/")
        expect(page.locator(".portal-met-summary")).to_contain_text(
            shown.format(year=year, n=met, m=total)
        )
        statuses = page.locator("main td strong").all_inner_texts()
        assert statuses.count(labels(lang)["statuses"]["met"]) == met


def test_indicator_overview_lists_years_newest_first(page: Page):
    page.goto("indicators/")
    years = [
        int(t.strip().rstrip("年度")) for t in page.locator("main tbody th a").all_inner_texts()
    ]
    assert years == sorted(met_counts(), reverse=True)


def must_report(row: dict[str, str]) -> bool:
    """Return whether the ethics rules ask a received gift to be handled (from the CSV)."""
    unit, total = int(row["unit_value"]), int(row["total_value"])
    return (row["stakeholder"] == "true" and unit > 500) or unit > 3000 or total > 10000


def test_gift_year_filters_by_direction_ethics_rule_and_outcome(page: Page):
    year = latest_gift_year()
    expected = [
        r for r in rows("gifts") if r["date"] <= LIMIT and int(r["date"][:4]) - 1911 == year
    ]
    page.goto(f"gifts/{year}/")
    table = 'table[data-portal-table="gifts"]'
    visible = page.locator(f"{table} tbody tr:visible")
    assert visible.count() == len(expected)
    page.select_option("#gifts-d", "受贈")
    assert visible.count() == sum(r["direction"] == "受贈" for r in expected)
    page.select_option("#gifts-e", "report")  # the ethics rule's own test, not the total
    must = [r for r in expected if r["direction"] == "受贈" and must_report(r)]
    assert visible.count() == len(must) > 0
    page.select_option("#gifts-e", "")
    page.select_option("#gifts-o", "below_threshold")
    below = [r for r in expected if r["direction"] == "受贈" and not r["outcome"]]
    assert visible.count() == len(below)
    for text in visible.locator(":nth-child(8)").all_inner_texts():
        assert text == labels("")["gift_outcomes"]["below_threshold"]
    page.select_option("#gifts-d", "致贈")
    assert visible.count() == 0
    assert "—" not in page.locator(f"{table} tbody").inner_text()


def test_sorting_works_from_anywhere_in_the_heading_cell(page: Page):
    page.goto(f"gifts/{latest_gift_year()}/")
    heading = page.locator('table[data-portal-table="gifts"] thead th[data-type="number"]').last
    heading.scroll_into_view_if_needed()
    box = heading.bounding_box()
    assert box
    # The far bottom-right corner of the cell, away from the label text.
    page.mouse.click(box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    expect(heading).to_have_attribute("aria-sort", "ascending")
    heading.locator("button").focus()
    page.keyboard.press("Enter")
    expect(heading).to_have_attribute("aria-sort", "descending")


@pytest.mark.parametrize(
    ("lang", "date_mark", "unit_mark"), [("", "年", "元／"), ("en/", "-", "NT$ per")]
)
def test_price_chart_has_axis_unit_and_the_pages_dates(open_page, lang, date_mark, unit_mark):
    page = open_page(PHONE)
    page.goto(f"{lang}prices/OF-0001/")
    chart = page.locator("svg.portal-chart").first
    texts = chart.locator("text").all_text_contents()
    assert any(t.startswith(unit_mark) for t in texts), texts
    first_survey = next(r for r in rows("procurement_prices") if r["item_id"] == "OF-0001")
    year = int(first_survey["survey_date"][:4])
    shown_year = f"{year - 1911}年" if not lang else str(year)
    assert any(shown_year in t and date_mark in t for t in texts), texts
    # Legible on a phone: the smallest label renders at 12 px or more.
    smallest = page.evaluate(
        """svg => {
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          return Math.min(...[...svg.querySelectorAll('text')].map(t =>
            parseFloat(t.getAttribute('font-size') || svg.getAttribute('font-size')) * scale));
        }""",
        chart.element_handle(),
    )
    assert smallest >= 11.99, smallest  # 12 px, give or take rounding
    headings = page.locator("main table thead th").all_inner_texts()
    assert labels(lang)["latest_price"] not in headings
    assert all(h.strip() for h in headings), headings
