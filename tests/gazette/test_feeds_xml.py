"""Atom and RSS feeds: valid structure, stable ids and dates, only published content."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from test_lifecycle_support import make_project

from generator.data.embargo import published
from generator.data.validate import validate_project
from generator.gazette import feeds
from generator.models import BuildContext

A = "{http://www.w3.org/2005/Atom}"
SITE = "https://gazette.example.gov.tw/"
AS_OF = dt.date(2025, 2, 20)  # three of four issues published


def build_feeds(root: Path, out: Path, as_of: dt.date = AS_OF) -> Path:
    """Write the feeds of a project's data cut at `as_of` into `out`."""
    dataset, problems = validate_project(root)
    assert problems == []
    feeds.write(BuildContext(root, as_of, published(dataset, as_of), SITE, out))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("feeds")
    return build_feeds(make_project(base / "p", issues=4), base / "site")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_atom_has_required_elements(site: Path, prefix: str) -> None:
    root = ET.parse(site / prefix / "gazette/feed.atom").getroot()
    assert root.tag == f"{A}feed"
    for tag in ("id", "title", "updated", "author/" + A + "name"):
        assert root.find(A + tag) is not None and root.find(A + tag).text, tag
    assert root.find(f"{A}link[@rel='self']").get("href") == f"{SITE}{prefix}gazette/feed.atom"
    entries = root.findall(f"{A}entry")
    assert [e.find(f"{A}id").text for e in entries] == [
        f"{SITE}{prefix}gazette/114/03/",
        f"{SITE}{prefix}gazette/114/02/",
        f"{SITE}{prefix}gazette/114/01/",
    ]
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert entry.find(A + tag).text
        assert entry.find(f"{A}link[@rel='alternate']").get("href").startswith(SITE)
    assert root.find(f"{A}updated").text == "2025-02-15T00:00:00+08:00"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_rss_has_required_elements(site: Path, prefix: str) -> None:
    channel = ET.parse(site / prefix / "gazette/entries/feed.rss").getroot().find("channel")
    for tag in ("title", "link", "description"):
        assert channel.findtext(tag)
    items = channel.findall("item")
    assert len(items) == 6
    guids = [i.findtext("guid") for i in items]
    assert len(set(guids)) == 6 and all(g.startswith(SITE + prefix) for g in guids)
    assert items[0].findtext("pubDate") == "Sat, 15 Feb 2025 00:00:00 +0800"


def test_category_feeds_hold_only_their_category(site: Path) -> None:
    zh = ET.parse(site / "gazette/category/regulations/feed.atom").getroot()
    terms = {c.get("term") for c in zh.iter(f"{A}category")}
    assert terms == {"法規"}
    en = ET.parse(site / "en/gazette/category/announcements/feed.rss").getroot()
    assert {c.text for c in en.iter("category")} == {"Announcements"}
    empty = ET.parse(site / "gazette/category/corrigenda/feed.atom").getroot()
    assert empty.findall(f"{A}entry") == [] and empty.find(f"{A}updated").text


def test_unpublished_issue_never_appears(site: Path) -> None:
    for path in site.rglob("feed.*"):
        text = path.read_text(encoding="utf-8")
        assert "114-04" not in text and "2025-02-28" not in text, path


def test_feeds_are_byte_identical_across_builds(tmp_path: Path, site: Path) -> None:
    again = build_feeds(make_project(tmp_path / "p", issues=4), tmp_path / "site")
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("feed.*")}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("feed.*")}
    assert first == second and len(first) == 2 * 2 * (2 + len(feeds.CATEGORY_SLUGS))


def test_markup_in_titles_stays_text(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", issues=1)
    path = root / "datasets/gazette_entries.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "Notice 1 of issue 114-01", "<script>alert(1)</script> & co"
        ),
        encoding="utf-8",
    )
    out = build_feeds(root, tmp_path / "site")
    raw = (out / "en/gazette/entries/feed.atom").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;" in raw
    titles = [t.text for t in ET.parse(out / "en/gazette/entries/feed.atom").iter(f"{A}title")]
    assert "<script>alert(1)</script> & co" in titles


def test_an_issue_summary_keeps_whole_titles_and_counts_the_rest() -> None:
    titles = [f"第{n}則公告標題" + "字" * 40 for n in range(1, 21)]
    summary = feeds.issue_summary(titles)
    kept = summary.split("；")[:-1]
    assert kept == titles[: len(kept)] and 1 <= len(kept) < 20  # whole titles, in order
    assert summary.endswith(f"… (+{20 - len(kept)})")
    assert len(summary) <= feeds.ISSUE_SUMMARY_CHARS + len(f"；… (+{20 - len(kept)})")
    assert feeds.issue_summary(["短"]) == "短"  # nothing left out: no marker
    assert feeds.issue_summary(["長" * 500, "b"]) == "長" * 500 + "；… (+1)"  # first kept whole


def test_a_feed_is_bounded_in_items_and_bytes() -> None:
    day = dt.date(2025, 1, 15)
    many = [
        feeds.Item(f"{SITE}gazette/114/01/114-01-{n:03d}/", "標題" * 1000, day, "府法字第1號")
        for n in range(200)
    ]
    feed = feeds.Feed("gazette/entries/feed", "t", "d", SITE, "zh-TW", "a", many)
    for render in (feeds.atom, feeds.rss):
        data = feeds.bounded(render, feed, SITE + "feed", day)
        assert len(data) <= feeds.MAX_BYTES
        found = data.count(b"114-01-") // 2  # each item names its URL in id/guid and link
        assert 1 <= found < feeds.MAX_ITEMS
        assert b"114-01-000/" in data  # the newest items stay, the oldest drop out
        short = [feeds.Item(i.id, "t", day, "s") for i in many]
        small = feeds.Feed(feed.path, "t", "d", SITE, "zh-TW", "a", short)
        data = feeds.bounded(render, small, SITE + "feed", day)
        assert data.count(b"114-01-") // 2 == feeds.MAX_ITEMS  # short items: the count bounds
