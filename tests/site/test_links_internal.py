"""Every internal link and anchor of the built site resolves (no network involved).

The checker itself (`tests/browser/linkcheck.py`) is first proved on a tiny hand-made site
with one broken reference of each kind, then run over the whole sample site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser.linkcheck import SiteLinks, parse_html

SITE_URL = "https://gazette.example.gov.tw/"


def _write(root: Path, files: dict[str, str]) -> Path:
    """Write a tiny site: {relative path: content}."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def tiny_site(tmp_path: Path) -> Path:
    """Return a site whose every kind of reference resolves."""
    return _write(
        tmp_path,
        {
            "index.html": (
                '<html><head><link rel="stylesheet" href="assets/a.css">'
                f'<link rel="canonical" href="{SITE_URL}"></head><body>'
                '<a href="#top" id="top">top</a> <a href="gazette/">g</a>'
                '<a href="gazette/114/index.html#e-1">e</a> <a href="https://data.gov.tw/">x</a>'
                '<a href="mailto:a@b.tw">m</a> <img src="img/%E5%9C%96.png" alt="">'
                '<a href="">self</a> <a href="?q=1">query</a></body></html>'
            ),
            "assets/a.css": "body{}",
            "img/圖.png": "png",
            "gazette/index.html": '<a href="../">home</a> <a href="114/">v</a>',
            "gazette/114/index.html": (
                '<h2 id="e-1">one</h2><a name="old"></a>'
                f'<a href="../../index.html#top">t</a> <a href="{SITE_URL}gazette/114/#old">o</a>'
                '<img srcset="../../img/%E5%9C%96.png 1x, ../../img/%E5%9C%96.png 2x" alt="">'
            ),
        },
    )


def test_checker_accepts_a_consistent_site(tiny_site: Path) -> None:
    links = SiteLinks(tiny_site, SITE_URL)
    assert links.broken() == []
    assert links.external() == ["https://data.gov.tw/"]


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("missing/", "no such file in the site"),
        ("gazette/115/index.html", "no such file in the site"),
        ("gazette/114/#e-2", "no id 'e-2' in gazette/114/index.html"),
        ("#nowhere", "no id 'nowhere' in index.html"),
        (f"{SITE_URL}gone.html", "no such file in the site"),
        ("javascript:alert(1)", "javascript: URL"),
        ("//en/", "protocol-relative URL points to host 'en'"),
    ],
)
def test_checker_reports_each_broken_reference(tiny_site: Path, href: str, reason: str) -> None:
    index = tiny_site / "index.html"
    index.write_text(index.read_text() + f'\n<a href="{href}">bad</a>', encoding="utf-8")
    broken = SiteLinks(tiny_site, SITE_URL).broken()
    assert [(b.source, b.line, b.url, b.reason) for b in broken] == [
        ("index.html", 2, href, reason)
    ]


def test_parser_collects_ids_and_every_url_attribute() -> None:
    page = parse_html(
        '<div id="a"></div><a name="b"></a><script src="s.js"></script>'
        '<source srcset="x.webp 1x, y.webp 2x"><form action="f/"></form>'
    )
    assert page.ids == {"a", "b"}
    assert [url for _line, _tag, url in page.refs] == ["s.js", "x.webp", "y.webp", "f/"]


def test_every_internal_link_of_the_sample_site_resolves(built_site: Path) -> None:
    links = SiteLinks(built_site, SITE_URL)
    assert len(links.pages) > 50, "the sample site looks empty"
    broken = links.broken()
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(
        str(b) for b in broken[:50]
    )
