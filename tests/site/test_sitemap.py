"""The sitemaps: one part per gazette volume, pages dated by publication or corrigendum."""

from __future__ import annotations

import datetime as dt

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.models import BuildContext
from generator.site import sitemap


def test_pages_are_split_by_volume_and_the_rest():
    parts = sitemap.split(
        ["", "about/", "gazette/", "gazette/113/", "gazette/113/01/", "gazette/114/01/x/",
         "gazette/category/rules/113/", "gazette/category/rules/", "prices/A-1/"]
    )  # fmt: skip
    assert parts == {
        "113": ["gazette/113/", "gazette/113/01/", "gazette/category/rules/113/"],
        "114": ["gazette/114/01/x/"],
        "site": ["", "about/", "gazette/", "gazette/category/rules/", "prices/A-1/"],
    }


def test_a_corrected_entry_is_dated_by_its_corrigendum(mini_project, tmp_path):
    dataset, problems = validate_project(mini_project.root)
    assert problems == []
    as_of = dt.date(2024, 2, 15)
    ctx = BuildContext(
        mini_project.root, as_of, published(dataset, as_of), "https://x.tw/", tmp_path
    )
    dates = sitemap.page_dates(ctx)
    assert dates["gazette/113/02/"] == "2024-01-31"
    assert dates["gazette/113/01/113-01-001/"] == "2024-02-15"  # corrected by 113-03-001
    assert dates["gazette/113/01/"] == "2024-02-15"
    assert max(dates.values()) <= as_of.isoformat()


def test_sitemaps_are_well_formed_and_escaped():
    import xml.etree.ElementTree as ET

    root = ET.fromstring(
        sitemap.urlset([("https://x.tw/a&b/", "2024-01-01"), ("https://x.tw/", None)])
    )
    assert [u[0].text for u in root] == ["https://x.tw/a&b/", "https://x.tw/"]
    assert ET.fromstring(sitemap.index(["https://x.tw/sitemaps/zh-site.xml"]))[0][0].text.endswith(
        "zh-site.xml"
    )


def test_mkdocs_builds_no_sitemap_of_its_own():
    # Its sitemap lists every page and is deleted by the writer: a dirty build's waste.
    import io

    from mkdocs.config import load_config

    from generator.site.mkdocs_worker import skip_sitemap

    config = load_config(config_file=io.StringIO("site_name: x\ntheme: material\n"))
    assert "sitemap.xml" in config.theme.static_templates
    skip_sitemap(config)
    assert "sitemap.xml" not in config.theme.static_templates
    assert "404.html" in config.theme.static_templates
