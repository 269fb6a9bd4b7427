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

from generator.portal import charts
from generator.portal.pages.indicators import achievement

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
        content = (built_site / "data" / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    report = frictionless.validate(str(built_site / "data/datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])[:5]


def test_no_download_holds_a_row_dated_after_as_of(built_site):
    limit = site_fixture.AS_OF.isoformat()
    gifts = json.loads(read(built_site, "data/gifts.json"))
    assert gifts and max(g["date"] for g in gifts) <= limit
    issues = json.loads(read(built_site, "data/gazette_issues.json"))
    assert max(i["publication_date"] for i in issues) <= limit
    later = [r["gift_id"] for r in sample_rows("gifts") if r["date"] > limit]
    text = (built_site / "data/gifts.csv").read_bytes().decode("utf-8-sig")
    assert not [g for g in later if g in text]


def test_dataset_pages_embed_valid_schema_org(built_site):
    for lang_prefix in ("", "en/"):
        for name in ("agencies", "gifts", "procurement_prices", "plan_indicators"):
            html = read(built_site, f"{lang_prefix}data/{name}/index.html")
            blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
            assert len(blocks) == 1
            data = json.loads(blocks[0])
            assert data["@type"] == "Dataset" and data["name"] and data["description"]
            assert data["license"] and len(data["distribution"]) == 3


def test_catalog_lists_every_dataset_and_links_downloads(built_site):
    html = read(built_site, "en/data/index.html")
    for name in ("agencies", "gazette_issues", "gazette_entries", "gifts"):
        assert f'href="../../data/{name}.csv"' in html
    assert (built_site / "data/catalog.jsonld").is_file()


def test_price_page_lists_every_item(built_site):
    html = read(built_site, "prices/index.html")
    limit = site_fixture.AS_OF.isoformat()
    items = {r["item_id"] for r in sample_rows("procurement_prices") if r["survey_date"] <= limit}
    assert items and all(f'href="{i}/"' in html for i in items)
    for item in sorted(items)[:3]:
        page = read(built_site, f"en/prices/{item}/index.html")
        assert len(svgs(page)) == 1


def test_gift_total_equals_the_published_rows(built_site):
    limit = site_fixture.AS_OF.isoformat()
    total = sum(int(r["total_value"]) for r in sample_rows("gifts") if r["date"] <= limit)
    html = read(built_site, "gifts/index.html")
    assert f"{total:,}" in html


def test_portal_charts_on_pages_parse(built_site):
    for rel in ("gifts/index.html", "en/indicators/index.html"):
        found = svgs(read(built_site, rel))
        assert found
        for svg in found:
            root = ET.fromstring(svg)
            assert root.get("role") == "img" and root.find(f"{SVG}title") is not None
