"""The built sample site: bilingual twins, language links, search index, no outside request,
nothing after --as-of, and a nav that does not grow with the archive."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
from site_fixture import AS_OF, REPO, html_pages

SITE_ROOT = "https://gazette.example.gov.tw/"


class Head(HTMLParser):
    """Collect <html lang>, <link>, <script src> and <a href> of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.links: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self.anchors: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang") or ""
        elif tag == "link":
            self.links.append(found)
        elif tag == "script" and found.get("src"):
            self.scripts.append(found["src"] or "")
        elif tag == "a":
            self.anchors.append(found)


def parse(path: Path) -> Head:
    """Return the parsed head facts of one HTML file."""
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def test_every_chinese_page_has_its_english_twin(built_site: Path) -> None:
    zh = html_pages(built_site)
    en = sorted(
        p.relative_to(built_site / "en").as_posix()
        for p in (built_site / "en").rglob("index.html")
        if not p.relative_to(built_site / "en").as_posix().startswith("pagefind/")
    )
    assert len(zh) > 100
    assert zh == en


def test_pages_declare_their_language_and_link_the_same_page_in_the_other(built_site: Path) -> None:
    page = "gazette/115/21/index.html"
    zh, en = parse(built_site / page), parse(built_site / "en" / page)
    assert zh.lang in ("zh-Hant", "zh-TW") and en.lang == "en"
    url = "gazette/115/21/"
    for head in (zh, en):
        links = [k for k in head.links if k.get("rel") == "alternate"]
        alternates = {k["hreflang"]: k["href"] for k in links if k.get("hreflang")}
        feeds = {k.get("type"): k["href"] for k in links if not k.get("hreflang")}
        prefix = "en/" if head is en else ""
        assert feeds == {
            "application/atom+xml": f"{SITE_ROOT}{prefix}gazette/feed.atom",
            "application/rss+xml": f"{SITE_ROOT}{prefix}gazette/feed.rss",
        }
        assert alternates == {
            "zh-Hant": SITE_ROOT + url,
            "en": SITE_ROOT + "en/" + url,
            "x-default": SITE_ROOT + url,
        }
    switch_zh = [a["href"] for a in zh.anchors if a.get("hreflang") == "en"]
    switch_en = [a["href"] for a in en.anchors if a.get("hreflang") == "zh-Hant"]
    assert switch_zh == ["../../../en/" + url]
    assert switch_en == ["../../../../" + url]


def test_the_site_makes_no_outside_request(built_site: Path) -> None:
    for path in [built_site / "index.html", built_site / "en/gazette/index.html"]:
        head = parse(path)
        fetched = ("stylesheet", "icon", "preload", "modulepreload", "manifest")
        loaded = head.scripts + [k["href"] or "" for k in head.links if k.get("rel") in fetched]
        assert loaded and all(not re.match(r"^(https?:)?//", url) for url in loaded), loaded
        assert "fonts.googleapis" not in path.read_text(encoding="utf-8")


def test_each_language_has_its_own_search_index(built_site: Path) -> None:
    for folder, lang in ((built_site / "pagefind", "zh-tw"), (built_site / "en/pagefind", "en")):
        assert (folder / "pagefind.js").is_file()
        assert not (folder / "pagefind-ui.js").exists()  # the theme has its own search UI
        assert (folder / "pagefind-entry.json").read_text(encoding="utf-8").count('"languages"')
        assert list(folder.glob(f"pagefind.{lang}_*.pf_meta")), sorted(folder.iterdir())
        assert list((folder / "index").glob(f"{lang}_*.pf_index"))
    body = (built_site / "gazette/index.html").read_text(encoding="utf-8")
    assert body.count("data-pagefind-body") == 1


def test_nothing_after_the_cut_off_is_published(built_site: Path) -> None:
    issues = pd.read_csv(REPO / "datasets/gazette_issues.csv", dtype=str)
    later = issues[issues["publication_date"] > AS_OF.isoformat()]
    earlier = issues[issues["publication_date"] <= AS_OF.isoformat()]
    assert len(later) and len(earlier)  # the sample straddles the cut-off
    for _, row in later.iterrows():
        path = f"gazette/{int(row['volume'])}/{int(row['number']):02d}/index.html"
        assert not (built_site / path).exists(), path
    for _, row in earlier.iterrows():
        path = f"gazette/{int(row['volume'])}/{int(row['number']):02d}/index.html"
        assert (built_site / path).exists(), path
    parts = sorted((built_site / "sitemaps").glob("*.xml"))
    assert {p.name for p in parts} >= {"zh-site.xml", "en-site.xml", "zh-115.xml", "en-115.xml"}
    dates = [
        day
        for part in parts
        for day in re.findall(r"<lastmod>([0-9-]+)</lastmod>", part.read_text(encoding="utf-8"))
    ]
    assert dates and max(dates) <= AS_OF.isoformat()
    listed = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert listed.count("<sitemap>") == len(parts) and "<sitemapindex" in listed


def test_a_closed_volume_has_a_sitemap_part_of_its_own(built_site: Path) -> None:
    part = (built_site / "sitemaps/zh-114.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", part)
    assert locs and all("/gazette/" in loc and "/114/" in loc for loc in locs)
    assert all(
        "/en/" in loc
        for loc in re.findall(
            r"<loc>([^<]+)</loc>", (built_site / "sitemaps/en-114.xml").read_text(encoding="utf-8")
        )
    )
    assert not (built_site / "sitemap.xml.gz").exists()


def _primary_nav(path: Path) -> str:
    """Return the HTML of a page's primary navigation."""
    page = path.read_text(encoding="utf-8")
    nav = page[page.index('<nav class="md-nav md-nav--primary"') :]
    return nav[: nav.index("</nav>")]


def test_the_nav_lists_sections_and_volumes_but_no_issue(built_site: Path) -> None:
    volume = _primary_nav(built_site / "gazette/115/index.html")
    assert "第115卷" in volume and "第114卷" in volume
    assert not re.search(r'href="[^"]*\b\d\d/"', volume)  # no issue page is listed
    issue = _primary_nav(built_site / "gazette/115/21/index.html")
    assert not re.search(r'href="[^"]*\b\d\d/"', issue)


def test_entry_pages_stay_small_however_big_the_archive(built_site: Path) -> None:
    # gazette/<volume>/<number>/<entry>/: not the browse pages (gazette/agency/<id>/<year>/)
    entries = [p for p in built_site.glob("gazette/*/*/*/index.html") if p.parts[-4].isdigit()]
    assert entries
    sizes = [p.stat().st_size for p in entries]
    assert max(sizes) < 60_000, max(sizes)


def test_materials_sitemap_lookup_is_switched_off(built_site: Path) -> None:
    # Material fetches sitemap.xml next to every <link rel="alternate">: with absolute
    # hreflang links that would be a request to the public host from every page.
    for bundle in [*built_site.glob("assets/javascripts/bundle.*.min.js")] + [
        *built_site.glob("en/assets/javascripts/bundle.*.min.js")
    ]:
        code = bundle.read_text(encoding="utf-8")
        assert 'M("link[rel=alternate]")' not in code
        assert "data-gz-none" in code
    assert not (built_site / "assets/javascripts/lunr").exists()


def test_gazette_pages_take_their_title_from_their_heading(built_site: Path) -> None:
    # Pages in the nav take the nav title instead; issue and entry pages are not in it.
    for page in (
        "gazette/115/21/115-21-001/index.html",
        "gazette/115/21/index.html",
        "en/gazette/115/21/index.html",
    ):
        html = (built_site / page).read_text(encoding="utf-8")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1)
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title.startswith(heading + " - "), (page, title)
