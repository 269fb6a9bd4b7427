"""Issue 25 part B on the portal: the gift register's ethics filter and downloads, one page
per indicator across the years, price charts that fit a phone and name their region, and
one header convention for every download."""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
import site_fixture

from generator.data.rules import over_gift_limits
from generator.portal import charts
from generator.portal.pages.gifts import BELOW_LIMITS, MUST_REPORT, ethics_code

SVG = "{http://www.w3.org/2000/svg}"


def read(site, rel):
    return (site / rel).read_text(encoding="utf-8")


def sample_rows(resource):
    text = (site_fixture.REPO / "datasets" / f"{resource}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def gift(direction="受贈", quantity=1, unit=0, stakeholder=False):
    return {
        "direction": direction,
        "quantity": quantity,
        "unit_value": unit,
        "total_value": quantity * unit,
        "stakeholder": stakeholder,
    }


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (gift(quantity=5, unit=700), BELOW_LIMITS),  # 3,500 in all: over 3,000, yet no rule hit
        (gift(unit=3100), MUST_REPORT),  # a unit over 3,000
        (gift(quantity=12, unit=1000), MUST_REPORT),  # 12,000 in all: over 10,000
        (gift(unit=600, stakeholder=True), MUST_REPORT),  # a stakeholder, over 500
        (gift(unit=600), BELOW_LIMITS),
        (gift(direction="致贈", unit=9000), "致贈"),  # presented: the rule does not apply
    ],
)
def test_register_filter_is_the_ethics_rules_own_test(row, expected):
    assert ethics_code(row) == expected


def test_rule_and_register_share_one_test_on_columns_and_on_rows():
    frame = pd.DataFrame(
        [gift(quantity=5, unit=700), gift(unit=3100), gift(unit=600, stakeholder=True)]
    )
    on_columns = over_gift_limits(frame["stakeholder"], frame["unit_value"], frame["total_value"])
    on_rows = [ethics_code(r) == MUST_REPORT for r in frame.to_dict("records")]
    assert on_columns.tolist() == on_rows == [False, True, True]


def test_line_chart_fits_a_phone_and_keeps_the_latest_date():
    points = [(f"115年{m}月10日", 100.0 + m) for m in range(1, 13)]
    svg = ET.fromstring(
        str(charts.line_chart("c", "t", "d", points, [f"{v:.0f}" for _, v in points]))
    )
    assert float(svg.get("width")) <= 358  # a 390 px screen less the page margins
    assert svg.get("viewBox").split()[2] == svg.get("width")
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("font-size") == str(charts.FONT - 1)]
    assert labels[-1].text == "115年12月10日"  # thinned from the latest, which always shows
    x, width = float(labels[-1].get("x")), float(svg.get("width"))
    assert x + charts.text_width(labels[-1].text, charts.FONT - 1) / 2 <= width
    assert 1 < len(labels) < len(points)


def test_gift_year_page_filters_by_the_rule_links_its_downloads_and_keeps_filters(built_site):
    limit = site_fixture.AS_OF.isoformat()
    rows = [r for r in sample_rows("gifts") if r["date"] <= limit and r["date"][:4] == "2024"]
    page = read(built_site, "gifts/113/index.html")
    shown = {  # ids as the page writes them (escaped for Markdown: "-" as &#45;)
        gift_id: code
        for code, gift_id in re.findall(
            r'data-ethics="([^"]+)"[^>]*><th scope="row"[^>]*>([^<]+)<', page
        )
    }
    expected = {
        r["gift_id"]: ethics_code(
            {
                "direction": r["direction"],
                "unit_value": int(r["unit_value"]),
                "total_value": int(r["total_value"]),
                "stakeholder": r["stakeholder"] == "true",
            }
        )
        for r in rows
    }
    shown = {html.unescape(k): v for k, v in shown.items()}
    assert shown == expected and MUST_REPORT in shown.values()
    # A gift the rule says must be reported is never labelled "none needed" on the page.
    for gift_id, code in shown.items():
        row = html.unescape(page).split(f">{gift_id}<", 1)[1].split("</tr>", 1)[0]
        assert code != MUST_REPORT or "免處理（未達門檻）" not in row
    assert 'name="ethics"' in page and f'value="{MUST_REPORT}">應登錄處理' in page
    for name in ("q", "direction", "agency", "outcome"):
        assert f'name="{name}"' in page
    assert "data-filter-min" not in page  # the old cut-off on the total value is gone
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="../../data/gifts/113.{fmt}"' in page
        assert (built_site / f"data/gifts/113.{fmt}").is_file()
    en = read(built_site, "en/gifts/113/index.html")
    assert 'href="../../../data/gifts/113.csv"' in en and "Must be reported" in en


def test_indicator_across_years_page_and_links_from_each_year(built_site):
    rows = [
        r for r in sample_rows("plan_indicators") if r["indicator_zh"] == "中堂輓聯二個工作天完成率"
    ]
    first = min(rows, key=lambda r: r["plan_year"])["indicator_id"]
    page = html.unescape(read(built_site, f"indicators/trend/{first}/index.html"))
    for row in rows:
        assert f'href="../../{row["plan_year"]}/"' in page
        year_page = read(built_site, f"indicators/{row['plan_year']}/index.html")
        assert f'href="../trend/{first}/"' in year_page
    actual = [f"{float(r['actual_value']):g}" for r in sorted(rows, key=lambda r: r["plan_year"])]
    assert actual == ["92.8", "100", "91.9"]
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in table.split("</tr>")[:-1]]
    assert [c[2].split()[0] for c in cells] == actual[::-1]  # newest year first
    assert "<strong>未達成</strong>" in page and "<strong>達成</strong>" in page
    svg = ET.fromstring(re.search(r'<svg [^>]*class="portal-chart".*?</svg>', page, re.S)[0])
    assert svg.find(f"{SVG}title") is not None and float(svg.get("width")) <= 358
    assert "衡量標準" in page and rows[0]["measure_zh"] in page
    en = read(built_site, f"en/indicators/trend/{first}/index.html")
    assert "achievement by plan year" in en


def test_price_chart_names_its_region_and_offers_the_others(built_site):
    surveys = [r for r in sample_rows("procurement_prices") if r["item_id"] == "OF-0003"]
    regions = {r["region"] for r in surveys}
    assert len(regions) > 1
    page = read(built_site, "prices/OF-0003/index.html")
    charts_found = re.findall(r'<svg [^>]*class="portal-chart".*?</svg>', page, re.S)
    assert len(charts_found) == len(regions)
    titles = [ET.fromstring(c).find(f"{SVG}title").text for c in charts_found]
    assert all(any(f"（{region}）" in t for t in titles) for region in regions)
    assert "本圖為「本市」之" in page and page.count("<details") >= len(regions) - 1
    assert "&lt;ul" not in page  # the legend is markup, not text
    for chart in charts_found:
        assert float(ET.fromstring(chart).get("width")) <= 358


def test_catalogue_states_the_header_convention(built_site):
    assert "皆以欄位代碼為欄名" in read(built_site, "data/index.html")
    assert "head each column with its field name" in read(built_site, "en/data/index.html")
