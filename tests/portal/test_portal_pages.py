"""Portal pages on the built sample site, plus the page helpers and charts as units."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET

import frictionless
import pytest
import site_fixture
from markupsafe import Markup

from generator.data.yearly import site_rows
from generator.portal import charts
from generator.portal.pages.indicators import achievement, missing_years, status

SVG = "{http://www.w3.org/2000/svg}"


def read(site, rel):
    return (site / rel).read_text(encoding="utf-8")


def sample_rows(resource):
    text = (site_fixture.REPO / "datasets" / f"{resource}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def svgs(html):
    return re.findall(r'<svg [^>]*class="portal-chart".*?</svg>', html, flags=re.S)


@pytest.mark.parametrize(
    ("target", "actual", "higher", "expected"),
    [(80, 88, True, 110.0), (5, 4, False, 125.0), (1000, None, False, None), (0, 5, True, None)],
)
def test_achievement(target, actual, higher, expected):
    result = achievement(target, actual, higher)
    assert result == expected if expected is None else result == pytest.approx(expected)


def test_charts_are_well_formed_accessible_svg():
    bar = charts.bar_chart("c1", "標題 <b>", "說明 & more", [charts.Bar("甲<", 3, "3")], 2, "x")
    line = charts.line_chart("c2", "t", "d", [("2025", 1.0), ("2026", 2.0)], ["1", "2"])
    for chart in (bar, line):
        assert isinstance(chart, Markup)
        root = ET.fromstring(str(chart))
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    assert ET.fromstring(str(bar)).find(f"{SVG}title").text == "標題 <b>"


def test_downloads_match_datapackage_and_validate(built_site):
    package = json.loads(read(built_site, "data/datapackage.json"))
    for resource in package["resources"]:
        for part in resource.get("parts") or [resource]:
            content = (built_site / "data" / part["path"]).read_bytes()
            assert part["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    report = frictionless.validate(str(built_site / "data/datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])[:5]


def test_no_download_holds_a_row_dated_after_as_of(built_site):
    limit = site_fixture.AS_OF.isoformat()
    gifts = [
        g
        for p in sorted((built_site / "data/gifts").glob("*.json"))
        for g in json.loads(p.read_bytes())
    ]
    assert gifts and max(g["date"] for g in gifts) <= limit
    issues = site_rows(built_site, "gazette_issues")  # one file per volume
    assert issues and max(i["publication_date"] for i in issues) <= limit
    later = [r["gift_id"] for r in sample_rows("gifts") if r["date"] > limit]
    for path in (built_site / "data/gifts").glob("*.csv"):
        text = path.read_bytes().decode("utf-8-sig")
        assert not [g for g in later if g in text]


def test_dataset_pages_embed_valid_schema_org(built_site):
    for lang_prefix in ("", "en/"):
        for name in ("agencies", "gifts", "procurement_prices", "plan_indicators"):
            html = read(built_site, f"{lang_prefix}data/{name}/index.html")
            blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
            assert len(blocks) == 1
            data = json.loads(blocks[0])
            assert data["@type"] == "Dataset" and data["name"] and data["description"]
            assert data["license"] and len(data["distribution"]) % 3 == 0  # 3 formats (a year)


def test_catalog_lists_every_dataset_and_links_downloads(built_site):
    html = read(built_site, "en/data/index.html")
    assert 'href="../../data/agencies.csv"' in html
    for name in ("gazette_issues", "gazette_entries", "gifts"):  # one file per archive year
        assert re.search(rf'href="\.\./\.\./data/{name}/[0-9]+\.csv"', html)
    assert (built_site / "data/catalog.jsonld").is_file()


def test_price_page_lists_every_item(built_site):
    html = read(built_site, "prices/index.html")
    limit = site_fixture.AS_OF.isoformat()
    items = {r["item_id"] for r in sample_rows("procurement_prices") if r["survey_date"] <= limit}
    assert items and all(f'href="{i}/"' in html for i in items)
    for item in sorted(items)[:3]:
        page = read(built_site, f"en/prices/{item}/index.html")
        regions = {
            r["region"]
            for r in sample_rows("procurement_prices")
            if r["item_id"] == item and r["survey_date"] <= limit
        }
        assert len(svgs(page)) == len(regions)  # one chart per region surveyed


def test_gift_total_equals_the_published_rows(built_site):
    limit = site_fixture.AS_OF.isoformat()
    total = sum(int(r["total_value"]) for r in sample_rows("gifts") if r["date"] <= limit)
    html = read(built_site, "gifts/index.html")
    assert f"{total:,}" in html


def test_portal_charts_on_pages_parse(built_site):
    year = max(int(r["plan_year"]) for r in sample_rows("plan_indicators"))
    for rel in ("gifts/index.html", f"en/indicators/{year}/index.html"):
        found = svgs(read(built_site, rel))
        assert found
        for svg in found:
            root = ET.fromstring(svg)
            assert root.get("role") == "img" and root.find(f"{SVG}title") is not None


# --- portal pages at a glance: per-year pages, met counts, outcomes, price chart axes ---


@pytest.mark.parametrize(
    ("target", "actual", "higher", "expected"),
    [
        (6, 7, True, "met"),
        (6, 6, True, "met"),
        (6, 5, True, "not_met"),
        (5, 4, False, "met"),
        (5, 6, False, "not_met"),
        (5, None, True, "not_measured"),
    ],
)
def test_indicator_status_follows_the_measurement_direction(target, actual, higher, expected):
    assert status(target, actual, higher) == expected


def test_missing_plan_years_are_reported_as_ranges():
    assert missing_years([107, 113, 114, 115]) == [(108, 112)]
    assert missing_years([113, 114]) == []


def test_nice_ticks_cover_the_values_with_round_steps():
    ticks = charts.nice_ticks(85, 109)
    assert ticks[0] <= 85 and ticks[-1] >= 109 and ticks[0] > 0
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1 and steps.pop() in (5, 10, 20)


def test_bar_colours_come_from_the_bars_not_their_position():
    bars = [charts.Bar("a", 1, "1", charts.ALT_MARK), charts.Bar("b", 2, "2", charts.ALT_MARK)]
    svg = ET.fromstring(str(charts.bar_chart("c", "t", "d", bars)))
    fills = [r.get("fill") for r in svg.iter(f"{SVG}rect")][1:]  # after the background
    assert fills == [charts.ALT_MARK, charts.ALT_MARK]


def _met_counts():
    result = {}
    for r in sample_rows("plan_indicators"):
        met, total = result.get(int(r["plan_year"]), (0, 0))
        ok = False
        if r["actual_value"]:
            target, actual = float(r["target_value"]), float(r["actual_value"])
            ok = actual >= target if r["higher_is_better"] == "true" else actual <= target
        result[int(r["plan_year"])] = (met + ok, total + 1)
    return result


def test_indicator_year_pages_state_met_counts_from_the_csv(built_site):
    counts = _met_counts()
    assert len(counts) >= 2
    for year, (met, total) in counts.items():
        zh = read(built_site, f"indicators/{year}/index.html")
        assert f"{year}年度 {total} 項績效指標中 {met} 項達成目標值" in zh
        assert zh.count("<strong>達成</strong>") == met
        assert zh.count("<strong>未達成</strong>") + zh.count("<strong>尚未衡量</strong>") == (
            total - met
        )
        en = read(built_site, f"en/indicators/{year}/index.html")
        assert f"{met} of {total} indicators met their target in plan year {year}" in en
    overview = read(built_site, "indicators/index.html")
    found = [int(y) for y in re.findall(r'<a href="(\d+)/">', overview)]
    assert found[: len(counts)] == sorted(counts, reverse=True)
    assert "108–112" in overview


def test_gift_year_pages_hold_each_years_rows_and_label_blank_outcomes(built_site):
    limit = site_fixture.AS_OF.isoformat()
    published = [r for r in sample_rows("gifts") if r["date"] <= limit]
    years = sorted({int(r["date"][:4]) for r in published})
    overview = read(built_site, "gifts/index.html")
    for year in years:
        roc = year - 1911
        assert f'href="{roc}/"' in overview
        mine = [r for r in published if int(r["date"][:4]) == year]
        html = read(built_site, f"gifts/{roc}/index.html")
        body = html.split('data-portal-table="gifts"', 1)[1]
        assert body.count("<tr data-direction=") == len(mine)
        assert f"{sum(int(r['total_value']) for r in mine):,}" in html
        presented = sum(r["direction"] == "致贈" for r in mine)
        below = sum(r["direction"] == "受贈" and not r["outcome"] for r in mine)
        assert len(re.findall(r"<td[^>]*>不適用（致贈）</td>", body)) == presented
        assert len(re.findall(r"<td[^>]*>免處理（未達門檻）</td>", body)) == below
        assert "<td>—</td>" not in html
        for heading in ("致贈禮品依登錄機關", "受贈禮品依登錄機關"):
            assert heading in html


def test_price_item_page_has_roc_dates_unit_axis_and_right_headers(built_site):
    zh = read(built_site, "prices/OF-0001/index.html")
    en = read(built_site, "en/prices/OF-0001/index.html")
    chart_zh, chart_en = svgs(zh)[0], svgs(en)[0]
    first = next(r for r in sample_rows("procurement_prices") if r["item_id"] == "OF-0001")
    year = int(first["survey_date"][:4])
    assert f">{year - 1911}年" in chart_zh and first["survey_date"] not in chart_zh
    assert first["survey_date"] in chart_en
    assert "元／包" in chart_zh and "NT$ per pack" in chart_en
    history = zh.split("歷次訪價</h2>", 1)[1]
    assert "最新參考價格</th>" not in history and "參考價格</th>" in history
    assert not re.search(r"<th[^>]*>\s*</th>", zh)
    assert "Chinese only" in en  # the specification has no English in the data
    assert "<td>pack</td>" in en


def test_stacked_bar_chart_wraps_long_labels_to_fit_a_phone():
    label = "115-04-04 Scrolls and couplets within two working days of the request"
    assert all(charts.text_width(line) <= 300 for line in charts.wrap(label, 300))
    assert " ".join(charts.wrap(label, 300)) == label
    bars = [charts.Bar(label, 95.7, "95.7% Not met", charts.ALT_MARK)]
    svg = ET.fromstring(str(charts.bar_chart("c", "t", "d", bars, 100, "100%", 220, True)))
    assert float(svg.get("width")) <= 358  # a 390 px screen less the page margins
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "95.7% Not met" in texts and len(texts) >= 3
