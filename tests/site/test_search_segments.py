"""Search bundles: which page goes to which bundle, the cache, and the built sample's bundles.

The small sites here are a few hand-written pages indexed by the real Pagefind (a second
or so each); the built sample site is the session's shared build.
"""

from __future__ import annotations

import gzip
import hashlib
import html as html_text
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
import site_fixture

from generator.site import pagefind_input
from generator.site import search as search_index
from generator.site.search import (
    COMPACT_EVERY,
    MERGED_LIST,
    assign,
    bundles,
    compacted_before,
    index_site,
    segment_of,
)

# The theme's shape (theme/main.html): chrome around one `<div data-pagefind-body>`.
PAGE = (
    '<!doctype html><html lang="{lang}"><head><title>{title}</title>'
    "<script>var x = '<div>';</script></head><body><header><div>搜尋 {title}</div></header>"
    '<main><div class="md-content"><div data-pagefind-body><h1>{title}</h1>'
    '<div class="gz-facets" hidden><span data-pagefind-filter="type:page"></span></div>'
    "<p>{text}</p><!-- </div> -->"
    '<div class="gz-corrected-by" data-pagefind-ignore="all"><div class="admonition">'
    "<p>本則業經更正 {title}</p></div></div>"
    "</div></div></main><footer><div>頁尾</div></footer>"
    "</body></html>"
)
# A language root of a small site: volumes 111 and 113 closed (111 compacted into the
# archive bundle, 113 recent, see search.compacted_before), 114 current, price items.
PAGES = {
    "gazette/111/24/111-24-001/index.html": "府授秘字第1110000001號 公告 陳案",
    "index.html": "市政府 公報 首頁",
    "404.html": "找不到",
    "gazette/index.html": "公報 總覽",
    "gazette/category/announcement/index.html": "公告 類別",
    "gazette/agency/secretariat/index.html": "秘書處 公報",
    "gazette/agency/secretariat/111/index.html": "秘書處 111年 公報",
    "gazette/agency/secretariat/114/index.html": "秘書處 114年 公報",
    "gazette/113/24/index.html": "113年 第24期 公報",
    "gazette/113/24/113-24-001/index.html": "府授秘字第1130000001號 公告 舊案",
    "gazette/114/01/index.html": "114年 第1期 公報",
    "gazette/114/01/114-01-001/index.html": "府授秘字第1140000001號 公告 新案",
    "prices/index.html": "小額採購 參考價格",
    "prices/OF-0001/index.html": "原子筆 採購 價格",
    "data/gifts/index.html": "公務 餽贈",
    "gifts/111/index.html": "111年 公務 餽贈",
    "gifts/114/index.html": "114年 公務 餽贈",
}


def write_site(root: Path, pages: dict[str, str] = PAGES) -> Path:
    """Write the small site: Chinese pages at `root`, the same pages in English under en/."""
    for rel, text in pages.items():
        for prefix, lang in (("", "zh-Hant"), ("en/", "en")):
            path = root / prefix / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            words = text if lang != "en" else f"English {rel} procurement notice"
            path.write_text(PAGE.format(lang=lang, title=rel, text=words), encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, str]:
    """Return {relative path: sha256} of every file under `folder`."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".html"
    }


# The bundles indexed again the day a volume opens: the live and the recent, per language.
OPENING_RUNS = ["en/pagefind", "en/pagefind-recent", "pagefind", "pagefind-recent"]


class Splits:
    """Record the pages cut and Han-split for Pagefind (the slow part of staging one)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple] = []
        cut = search_index.segment.split_html
        monkeypatch.setattr(
            search_index.segment, "split_html", lambda *a: self.calls.append(a) or cut(*a)
        )


class Runs:
    """Record the bundles Pagefind is run for (and run it)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.bundles: list[str] = []
        self._run = search_index.run_pagefind
        monkeypatch.setattr(search_index, "run_pagefind", self)

    def __call__(self, site: Path, bundle: Path) -> None:
        self.bundles.append(bundle.as_posix())
        self._run(site, bundle)

    def names(self, out: Path) -> list[str]:
        """Return the bundles run, relative to `out`."""
        return [str(Path(b).relative_to(out).as_posix()) for b in self.bundles]


# Pagefind is the slow part (about a second a run): the small site is indexed once per
# module, without a cache and with an empty one, and the tests start from copies.


@pytest.fixture(scope="module")
def indexed_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return (site, scratch) of the small site indexed once without a cache (read only)."""
    base = tmp_path_factory.mktemp("indexed")
    out = write_site(base / "site")
    index_site(out, base / "scratch", cache_folder=None)
    return out, base / "scratch"


@pytest.fixture(scope="module")
def cold_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Return (site, cache) of the small site indexed once into an empty cache (read only)."""
    base = tmp_path_factory.mktemp("cold")
    cold = write_site(base / "cold")
    index_site(cold, base / "scratch", base / "cache")
    return cold, base / "cache"


@pytest.fixture
def cold(cold_once: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """Return the cold site (read only) and this test's own copy of the cache it filled."""
    site, cache = cold_once
    return site, Path(shutil.copytree(cache, tmp_path / "cache"))


# --- which bundle a page goes to -----------------------------------------------------


def test_closed_volumes_and_price_items_leave_the_live_segment(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    segments = assign(root, skip=("en",))
    assert segments == {
        "live": [
            "404.html",
            "data/gifts/index.html",
            "gazette/114/01/114-01-001/index.html",
            "gazette/114/01/index.html",
            "gazette/agency/secretariat/114/index.html",
            "gazette/agency/secretariat/index.html",
            "gazette/category/announcement/index.html",
            "gazette/index.html",
            "gifts/114/index.html",
            "index.html",
            "prices/index.html",
        ],
        "recent": ["gazette/113/24/113-24-001/index.html", "gazette/113/24/index.html"],
        # A hub's and a register's year page go with its volume: the hub stays live.
        "archive": [
            "gazette/111/24/111-24-001/index.html",
            "gazette/agency/secretariat/111/index.html",
            "gifts/111/index.html",
        ],
        "prices": ["prices/OF-0001/index.html"],
    }
    # English is its own root; Chinese leaves en/ out.
    assert assign(root / "en") == segments
    assert bundles(segments) == {
        "pagefind": segments["live"],
        "pagefind-recent": segments["recent"],
        "pagefind-prices": segments["prices"],
        "pagefind-archive-108": segments["archive"],
    }


def test_the_archive_is_one_bundle_per_block_of_volumes_so_none_grows() -> None:
    archive = [
        "gazette/99/01/index.html",
        "gazette/100/01/index.html",
        "gazette/agency/x/103/index.html",
        "gazette/104/01/index.html",
        "gazette/category/y/107/index.html",
        "gazette/108/01/index.html",
    ]
    found = bundles({"live": ["index.html"], "recent": [], "archive": archive, "prices": []})
    assert list(found) == [
        "pagefind",
        "pagefind-recent",
        "pagefind-prices",
        "pagefind-archive-96",
        "pagefind-archive-100",
        "pagefind-archive-104",
        "pagefind-archive-108",
    ]
    assert found["pagefind-archive-100"] == [
        "gazette/100/01/index.html",
        "gazette/agency/x/103/index.html",
    ]
    assert found["pagefind-archive-104"] == [
        "gazette/104/01/index.html",
        "gazette/category/y/107/index.html",
    ]


def test_the_newest_volume_is_live_even_when_older_ones_have_more_digits(tmp_path: Path):
    root = tmp_path / "site"
    for rel in ("gazette/99/01/index.html", "gazette/100/01/index.html"):
        (root / rel).parent.mkdir(parents=True)
        (root / rel).write_text("<p>x</p>", encoding="utf-8")
    assert assign(root) == {
        "live": ["gazette/100/01/index.html"],
        "recent": [],
        "archive": ["gazette/99/01/index.html"],  # volume 100 opening compacts 96-99
        "prices": [],
    }


@pytest.mark.parametrize(
    ("current", "first_recent"),
    [(113, 112), (115, 112), (116, 116), (117, 116), (111, 108), (4, 4)],
)
def test_closed_volumes_join_the_archive_in_blocks(current: int, first_recent: int) -> None:
    assert compacted_before(current) == first_recent
    last_archived = f"gazette/{first_recent - 1}/01/index.html"
    assert segment_of(last_archived, current) == "archive"
    first = f"gazette/{first_recent}/01/index.html"
    assert segment_of(first, current) == ("recent" if first_recent < current else "live")


def test_the_archive_bundle_changes_once_in_four_openings() -> None:
    # Volume by volume over 20 years: which closed volumes each bundle holds.
    archive_changes, recent_sizes = [], []
    previous: set[int] | None = None
    for current in range(101, 121):
        closed = range(100, current)
        archive = {v for v in closed if segment_of(f"gazette/{v}/01/x.html", current) == "archive"}
        recent = [v for v in closed if segment_of(f"gazette/{v}/01/x.html", current) == "recent"]
        if previous is not None and archive != previous:
            archive_changes.append(current)
        recent_sizes.append(len(recent))
        previous = archive
    assert archive_changes == [104, 108, 112, 116, 120]
    assert max(recent_sizes) == COMPACT_EVERY - 1 and min(recent_sizes) == 0


@pytest.mark.slow  # runs Pagefind
def test_a_single_volume_site_has_no_merged_bundle(tmp_path: Path) -> None:
    pages = {k: v for k, v in PAGES.items() if not re.search(r"/11[13]/|/OF-", k)}
    out = write_site(tmp_path / "site", pages)
    index_site(out, tmp_path / "scratch", cache_folder=None)
    for root in (out, out / "en"):
        listing = json.loads((root / "pagefind" / MERGED_LIST).read_text(encoding="utf-8"))
        assert listing == {"bundles": [], "shared": []}
        assert not [p for p in root.iterdir() if p.name.startswith("pagefind-")]


# --- what a bundle holds --------------------------------------------------------------


def fragment_urls(bundle: Path) -> list[str]:
    """Return the page URLs of a bundle's fragments."""
    urls = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        urls.append(json.loads(text[text.index("{") :])["url"])
    return sorted(urls)


@pytest.mark.slow  # runs Pagefind
def test_each_bundle_holds_its_pages_at_their_site_urls(indexed_once) -> None:
    out, scratch = indexed_once
    for root in (out, out / "en"):
        assert fragment_urls(root / "pagefind-archive-108") == [
            "/gazette/111/24/111-24-001/",
            "/gazette/agency/secretariat/111/",
            "/gifts/111/",
        ]
        assert fragment_urls(root / "pagefind-prices") == ["/prices/OF-0001/"]
        assert fragment_urls(root / "pagefind-recent") == [
            "/gazette/113/24/",
            "/gazette/113/24/113-24-001/",
        ]
        live = fragment_urls(root / "pagefind")
        assert "/gazette/114/01/" in live and "/prices/" in live and len(live) == 11
        listing = json.loads((root / "pagefind" / MERGED_LIST).read_text(encoding="utf-8"))
        # Every search merges the recent and price bundles; the archive (volumes before
        # 112, the first not compacted: 民國 112 is 2023) only when a reader asks for it.
        assert listing == {
            "bundles": ["pagefind-recent/", "pagefind-prices/"],
            "shared": [],
            "older": {"bundles": ["pagefind-archive-108/"], "volume": 112, "year": 2023},
        }
        # The merged bundles are read with the primary's script and WebAssembly.
        for folder in ("pagefind-recent", "pagefind-prices", "pagefind-archive-108"):
            merged = {p.name for p in (root / folder).iterdir()}
            assert "pagefind.js" not in merged and not [n for n in merged if n.startswith("wasm")]
        assert {"pagefind.js", "pagefind-entry.json"} <= {
            p.name for p in (root / "pagefind").iterdir()
        }
    assert not scratch.exists() or not any(scratch.rglob("*.html"))


@pytest.mark.slow  # runs Pagefind
def test_pagefind_reads_only_the_indexed_part_and_writes_the_same_bundles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, indexed_once
) -> None:
    slim, _ = indexed_once
    monkeypatch.setattr(pagefind_input, "indexed_part", lambda html: html)
    whole = write_site(tmp_path / "whole")
    index_site(whole, tmp_path / "scratch", cache_folder=None)
    assert tree(slim) == tree(whole)
    # The chrome is not indexed either way: its words are in no fragment.
    texts = [gzip.decompress(p.read_bytes()) for p in slim.rglob("*.pf_fragment")]
    assert texts and not [t for t in texts if "頁尾".encode() in t or "搜尋".encode() in t]
    # Nor is a div Pagefind is told to ignore, which the cut leaves out.
    assert not [t for t in texts if "本則業經更正".encode() in t]


@pytest.mark.slow  # runs Pagefind
def test_shared_page_ids_are_listed(tmp_path: Path, indexed_once) -> None:
    out = Path(shutil.copytree(indexed_once[0], tmp_path / "site"))
    # Make a page id of the primary appear in the merged bundle too, as a hash clash would.
    clash = sorted((out / "pagefind/fragment").glob("*.pf_fragment"))[0]
    shutil.copyfile(clash, out / "pagefind-archive-108/fragment" / clash.name)
    search_index.write_bundle_list(out, ["pagefind", "pagefind-archive-108"])
    listing = json.loads((out / "pagefind" / MERGED_LIST).read_text(encoding="utf-8"))
    assert listing["shared"] == [clash.stem]


@pytest.mark.slow  # runs Pagefind
def test_two_runs_write_the_same_bytes(tmp_path: Path, indexed_once) -> None:
    first, _ = indexed_once
    second = write_site(tmp_path / "two")
    index_site(second, tmp_path / "scratch2", cache_folder=None)
    assert tree(first) == tree(second)
    assert len(tree(first)) > 10


# --- the cache ------------------------------------------------------------------------


@pytest.mark.slow  # runs Pagefind
def test_a_warm_cache_reuses_every_bundle_without_pagefind(tmp_path, monkeypatch, cold) -> None:
    cold, cache = cold
    warm = write_site(tmp_path / "warm")
    runs = Runs(monkeypatch)
    index_site(warm, tmp_path / "scratch", cache)
    assert runs.bundles == []
    assert tree(warm) == tree(cold)
    assert sorted(p.relative_to(cache).as_posix() for p in cache.glob("*/*/key")) == [
        "en/pagefind-archive-108/key",
        "en/pagefind-prices/key",
        "en/pagefind-recent/key",
        "en/pagefind/key",
        "zh/pagefind-archive-108/key",
        "zh/pagefind-prices/key",
        "zh/pagefind-recent/key",
        "zh/pagefind/key",
    ]


@pytest.mark.slow  # runs Pagefind
def test_a_restored_bundle_takes_the_replaced_sites_untouched_files(tmp_path, monkeypatch, cold):
    """A warm build links each bundle file the replaced site holds untouched, copies the
    others from the cache, and never shares a file with the cache."""
    cold_site, cache = cold
    previous = Path(shutil.copytree(cold_site, tmp_path / "previous"))  # times kept
    edited = sorted((previous / "pagefind-archive-108/fragment").glob("*.pf_fragment"))[0]
    with edited.open("ab") as handle:  # an edit of the live site, in place
        handle.write(b"\0")
    warm = write_site(tmp_path / "warm")
    runs = Runs(monkeypatch)
    index_site(warm, tmp_path / "scratch", cache, previous)
    assert runs.bundles == []
    assert tree(warm) == tree(cold_site)
    rel = edited.relative_to(previous)
    assert not (warm / rel).samefile(edited)  # the edited file was copied from the cache
    files = [
        p
        for p in warm.rglob("*")
        if p.is_file() and any(d.startswith("pagefind") for d in p.relative_to(warm).parts[:-1])
    ]
    linked = [p for p in files if p.samefile(previous / p.relative_to(warm))]
    assert len(linked) >= len(files) - 3  # all but the edited file and the bundle lists
    cached = {(p.stat().st_dev, p.stat().st_ino) for p in cache.rglob("*") if p.is_file()}
    assert not [p for p in files if (p.stat().st_dev, p.stat().st_ino) in cached]


@pytest.mark.slow  # runs Pagefind
def test_a_changed_page_rebuilds_only_its_bundle(tmp_path, monkeypatch, cold) -> None:
    _, cache = cold
    changed = dict(PAGES)
    changed["gazette/113/24/113-24-001/index.html"] = "府授秘字第1130000001號 更正 舊案"
    out = write_site(tmp_path / "changed", changed)
    runs = Runs(monkeypatch)
    index_site(out, tmp_path / "scratch", cache)
    assert runs.names(out) == ["pagefind-recent"]  # only the Chinese text changed
    assert "/gazette/113/24/113-24-001/" in fragment_urls(out / "pagefind-recent")
    # The replaced entry now serves the next build.
    runs.bundles.clear()
    again = write_site(tmp_path / "again", changed)
    index_site(again, tmp_path / "scratch", cache)
    assert runs.bundles == []
    assert tree(again) == tree(out)


@pytest.mark.slow  # runs Pagefind
def test_a_new_issue_rebuilds_the_live_bundles_only(tmp_path, monkeypatch, cold) -> None:
    _, cache = cold
    added = {**PAGES, "gazette/114/02/index.html": "114年 第2期 公報"}
    out = write_site(tmp_path / "new", added)
    runs = Runs(monkeypatch)
    index_site(out, tmp_path / "scratch", cache)
    assert sorted(runs.names(out)) == ["en/pagefind", "pagefind"]  # languages run side by side


@pytest.mark.slow  # runs Pagefind
def test_opening_a_volume_rebuilds_the_recent_bundles_not_the_archive(tmp_path, monkeypatch, cold):
    _, cache = cold
    opened = {**PAGES, "gazette/115/01/index.html": "115年 第1期 公報"}
    out = write_site(tmp_path / "new", opened)
    runs = Runs(monkeypatch)
    index_site(out, tmp_path / "scratch", cache)
    # Volume 114 closed and joined volume 113 in the recent bundle.
    assert sorted(runs.names(out)) == OPENING_RUNS
    assert "/gazette/114/01/" in fragment_urls(out / "pagefind-recent")
    # Once in four openings the recent volumes join the archive: volume 117 opening.
    opened["gazette/116/01/index.html"] = "116年 第1期 公報"
    opened["gazette/117/01/index.html"] = "117年 第1期 公報"
    runs.bundles.clear()
    out = write_site(tmp_path / "compacted", opened)
    index_site(out, tmp_path / "scratch", cache)
    # Volumes 112-115 become the block pagefind-archive-112; the block of 108-111 is kept.
    assert "pagefind-archive-112" in runs.names(out)
    assert "pagefind-archive-108" not in runs.names(out)
    assert "/gazette/113/24/" in fragment_urls(out / "pagefind-archive-112")
    assert fragment_urls(out / "pagefind-archive-108") == [
        "/gazette/111/24/111-24-001/",
        "/gazette/agency/secretariat/111/",
        "/gifts/111/",
    ]
    assert fragment_urls(out / "pagefind-recent") == ["/gazette/116/01/"]


@pytest.mark.slow  # runs Pagefind
@pytest.mark.parametrize("damage", ["no key", "wrong key", "file changed", "file missing"])
def test_a_damaged_cache_entry_is_rebuilt_not_used(tmp_path, monkeypatch, damage, cold) -> None:
    cold, cache = cold
    entry = cache / "zh" / "pagefind-archive-108"
    fragment = sorted((entry / "bundle/fragment").glob("*.pf_fragment"))[0]
    if damage == "no key":
        (entry / "key").unlink()
    elif damage == "wrong key":
        (entry / "key").write_text("0" * 64 + "\n" + "0" * 64 + "\n", encoding="utf-8")
    elif damage == "file changed":
        data = fragment.read_bytes()
        fragment.unlink()  # the cache links into the cold site: change a copy, not both
        fragment.write_bytes(data + b"\0")
    else:
        fragment.unlink()
    out = write_site(tmp_path / "out")
    runs = Runs(monkeypatch)
    index_site(out, tmp_path / "scratch", cache)
    assert runs.names(out) == ["pagefind-archive-108"]
    assert tree(out) == tree(cold)


@pytest.mark.slow  # runs Pagefind
def test_a_failed_store_leaves_the_old_entry_usable(tmp_path, monkeypatch, cold) -> None:
    cold, cache = cold

    def broken_digest(bundle: Path) -> str:
        raise OSError("disk full")

    changed = {**PAGES, "gazette/114/02/index.html": "114年 第2期 公報"}
    monkeypatch.setattr(search_index, "bundle_listing", broken_digest)
    with pytest.raises(OSError):
        index_site(write_site(tmp_path / "changed", changed), tmp_path / "scratch", cache)
    monkeypatch.undo()
    assert list((cache / "zh").glob(".pagefind.new-*"))  # the half-written entry
    # Nothing half-written is used: the old live entry still matches the old pages.
    runs = Runs(monkeypatch)
    out = write_site(tmp_path / "out")
    index_site(out, tmp_path / "scratch", cache)
    assert runs.bundles == []
    assert tree(out) == tree(cold)
    # The next store clears what the failed one left.
    index_site(write_site(tmp_path / "changed2", changed), tmp_path / "scratch", cache)
    assert sorted(p.name for p in (cache / "zh").iterdir()) == [
        "pagefind",
        "pagefind-archive-108",
        "pagefind-prices",
        "pagefind-recent",
    ]


# --- the built sample site ------------------------------------------------------------


def listed_bundles(root: Path) -> list[Path]:
    """Return a language's bundles: the primary, those its bundles.json lists, the older."""
    listing = json.loads((root / "pagefind" / MERGED_LIST).read_text(encoding="utf-8"))
    older = listing["older"]["bundles"] if "older" in listing else []
    return [root / "pagefind", *(root / folder for folder in [*listing["bundles"], *older])]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sample_indexes_every_page_once_across_its_bundles(built_site: Path, lang: str):
    root = built_site / "en" if lang == "en" else built_site
    found = listed_bundles(root)
    # Volumes 114 (closed, recent) and 115 (current); the indicators of 107 are the one
    # page before 112, in the archive block of 104-107; the price items have their own.
    assert [b.name for b in found] == [
        "pagefind",
        "pagefind-recent",
        "pagefind-prices",
        "pagefind-archive-104",
    ]
    assert fragment_urls(root / "pagefind-archive-104") == ["/indicators/107/"]
    on_disk = sorted(p.name for p in root.iterdir() if p.name.startswith("pagefind"))
    assert on_disk == sorted(b.name for b in found)  # no bundle the search script would miss
    urls = [url for bundle in found for url in fragment_urls(bundle)]
    assert len(urls) == len(set(urls)) == len(site_fixture.html_pages(built_site))
    recent = fragment_urls(root / "pagefind-recent")
    # Volume 114's issues and entries, the browse hubs' year pages of 114, and the
    # registers' pages of 113 and 114.
    assert recent and all(search_index.volume_of(u[1:]) in (113, 114) for u in recent)
    assert [u for u in recent if u.startswith("/gazette/agency/")]
    prices = fragment_urls(root / "pagefind-prices")
    assert prices and all(u.startswith("/prices/") for u in prices)
    ids = [p.stem for b in found for p in (b / "fragment").glob("*.pf_fragment")]
    shared = json.loads((root / "pagefind" / MERGED_LIST).read_text("utf-8"))["shared"]
    assert sorted({i for i in ids if ids.count(i) > 1}) == shared


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_corrected_entry_links_its_correction_outside_what_is_indexed(built_site, lang) -> None:
    """The notice a corrigendum adds to the entry it corrects is on the page, linked, and
    left out of the search index, so correcting an old entry re-indexes no closed volume."""
    from browser.templates import corrigendum_page

    root = built_site / "en" if lang == "en" else built_site
    corrected = corrigendum_page(built_site, site_fixture.REPO / "datasets", corrected=True)
    fix = corrigendum_page(built_site, site_fixture.REPO / "datasets")
    assert corrected and fix
    html = (root / corrected / "index.html").read_text(encoding="utf-8")
    notice = re.search(
        r'<div class="gz-corrected-by" data-pagefind-ignore="all">\s*'
        r'<div class="admonition warning">(.*?)</div>\s*</div>',
        html,
        re.S,
    )
    assert notice, "the corrected entry shows no correction notice"
    href = re.search(r'<a href="([^"]+)"', notice.group(1)).group(1)
    target = (root / corrected / href).resolve()
    assert target == (root / fix).resolve() and (target / "index.html").is_file()
    assert "gz-corrected-by" not in pagefind_input.indexed_part(html)
    label = "本則業經更正" if lang == "zh" else "Corrected by"
    assert label in notice.group(1)
    texts = [
        gzip.decompress(p.read_bytes()).decode("utf-8")
        for bundle in listed_bundles(root)
        for p in (bundle / "fragment").glob("*.pf_fragment")
    ]
    page = [t for t in texts if f'"url":"/{corrected}"' in t]  # URLs from its root
    assert len(page) == 1 and label not in page[0]


def test_the_embargo_scan_reads_every_bundle(built_site: Path) -> None:
    # tests/test_lifecycle_site.py scans every file under the site for unpublished text;
    # this checks that its file walk reaches the fragments of every listed bundle.
    scanned = {p for p in built_site.rglob("*.pf_fragment")}
    listed = {
        p
        for root in (built_site, built_site / "en")
        for bundle in listed_bundles(root)
        for p in (bundle / "fragment").glob("*.pf_fragment")
    }
    assert listed == scanned
    assert any("pagefind-prices" in p.parts for p in scanned)
    assert any("pagefind-recent" in p.parts for p in scanned)


# --- Pagefind runs side by side -------------------------------------------------------


def test_pagefind_runs_share_a_page_budget() -> None:
    budget = search_index.PageBudget(10)
    with budget.take(4), budget.take(6):
        assert budget.used == 10  # both fit: they run side by side
    with budget.take(25):
        assert budget.used == 10  # larger than the whole budget: it runs alone
    assert budget.used == 0
    entered = threading.Event()

    def large() -> None:
        with budget.take(7):
            entered.set()

    with budget.take(4):
        waiting = threading.Thread(target=large)
        waiting.start()
        assert not entered.wait(0.2)  # 4 + 7 pages exceed the budget: it waits
    waiting.join(10)
    assert entered.is_set() and budget.used == 0


@pytest.mark.slow  # runs Pagefind
def test_a_change_outside_the_indexed_part_reindexes_nothing(tmp_path, monkeypatch, cold):
    """A new year in the nav changes the chrome of closed volumes' pages, not what Pagefind
    reads of them: no bundle is rebuilt. A change inside the indexed part rebuilds one."""
    _, cache = cold
    out = write_site(tmp_path / "chrome")
    old = out / "gazette/111/24/111-24-001/index.html"
    old.write_text(old.read_text("utf-8").replace("頁尾", "頁尾 115年"), encoding="utf-8")
    runs = Runs(monkeypatch)
    index_site(out, tmp_path / "scratch", cache)
    assert runs.names(out) == []
    # A corrigendum years later adds a link to the old entry's "corrected by" notice, which
    # Pagefind ignores: the archive bundle is not rebuilt for it.
    old.write_text(
        old.read_text("utf-8").replace("本則業經更正", "本則業經更正 <a href='x'>115年更正</a>"),
        encoding="utf-8",
    )
    index_site(out, tmp_path / "scratch", cache)
    assert runs.names(out) == []
    old.write_text(old.read_text("utf-8").replace("陳案", "陳案 更正"), encoding="utf-8")
    index_site(out, tmp_path / "scratch", cache)
    assert runs.names(out) == ["pagefind-archive-108"]


# --- a publish day reads only the pages that changed ---------------------------------


class PageReads:
    """Record the HTML pages whose bytes the search stage reads."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.pages: list[str] = []
        read = Path.read_bytes

        def counted(path: Path) -> bytes:
            if path.suffix == ".html":
                self.pages.append(path.as_posix())
            return read(path)

        monkeypatch.setattr(Path, "read_bytes", counted)


def publish_day(previous: Path, target: Path, changes: dict[str, str]) -> Path:
    """Return a copy of the site `previous` (times kept, as the build stages MkDocs' output)
    with `changes` written as new pages of both languages, its bundles left out."""
    shutil.copytree(previous, target, ignore=shutil.ignore_patterns("pagefind*"))
    changed = write_site(target.parent / f"{target.name}-changes", changes)
    for path in changed.rglob("*.html"):
        rel = path.relative_to(changed)
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / rel)
    return target


@pytest.mark.slow  # runs Pagefind
def test_a_publish_day_reads_only_the_pages_that_changed(tmp_path, monkeypatch, cold) -> None:
    cold_site, cache = cold
    first = publish_day(cold_site, tmp_path / "day0", {})
    index_site(first, tmp_path / "scratch", cache)  # the memo learns this build's pages
    issue = {"gazette/114/02/index.html": "114年 第2期 公報"}
    day = publish_day(first, tmp_path / "day1", issue)
    reads, runs = PageReads(monkeypatch), Runs(monkeypatch)
    splits = Splits(monkeypatch)
    index_site(day, tmp_path / "scratch", cache)
    # Pagefind is given every live page again, but only the new ones are cut and split:
    # the others' copies are the last build's (SplitCopies).
    assert len(splits.calls) == 2
    # Only the new issue's pages (both languages) are read; the live bundles run again.
    assert sorted(reads.pages) == [
        (day / "en/gazette/114/02/index.html").as_posix(),
        (day / "gazette/114/02/index.html").as_posix(),
    ]
    assert sorted(runs.names(day)) == ["en/pagefind", "pagefind"]
    # The same bytes as a cold build of the same pages (no cache at all).
    cold_day = write_site(tmp_path / "cold-day", {**PAGES, **issue})
    index_site(cold_day, tmp_path / "scratch-cold", cache_folder=None)
    assert tree(day) == tree(cold_day)


@pytest.mark.slow  # runs Pagefind
def test_opening_a_volume_splits_only_its_new_pages(tmp_path, monkeypatch, cold) -> None:
    """A publish day keeps the split copies of the recent bundle's pages too, although it
    does not index them: the day a volume opens indexes the recent bundle again."""
    cold_site, cache = cold
    issue = {"gazette/114/02/index.html": "114年 第2期 公報"}
    first = publish_day(cold_site, tmp_path / "day1", issue)
    index_site(first, tmp_path / "scratch", cache)  # indexes the live bundles only
    splits = Splits(monkeypatch)
    runs = Runs(monkeypatch)
    opened = publish_day(first, tmp_path / "day2", {"gazette/115/01/index.html": "115年 第1期"})
    index_site(opened, tmp_path / "scratch", cache)
    assert sorted(runs.names(opened)) == OPENING_RUNS
    assert len(splits.calls) == 2  # the new issue, in both languages


@pytest.mark.slow  # runs Pagefind
def test_a_damaged_split_copy_is_made_again(tmp_path, monkeypatch, cold) -> None:
    cold_site, cache = cold
    issue = {"gazette/114/02/index.html": "114年 第2期 公報"}
    index_site(publish_day(cold_site, tmp_path / "day1", issue), tmp_path / "scratch", cache)
    copies = sorted((cache / "split").glob("*.split"))
    assert copies  # the live pages of both languages
    for path in copies:
        path.write_bytes(path.read_bytes().replace("公報".encode(), "竄改".encode()))
    more = {**issue, "gazette/114/03/index.html": "114年 第3期 公報"}
    day = publish_day(cold_site, tmp_path / "day2", more)
    index_site(day, tmp_path / "scratch", cache)
    cold_day = write_site(tmp_path / "cold-day", {**PAGES, **more})
    index_site(cold_day, tmp_path / "scratch-cold", cache_folder=None)
    assert tree(day) == tree(cold_day)


@pytest.mark.slow  # runs Pagefind
def test_a_page_with_a_new_time_is_read_again_even_at_the_same_size(tmp_path, monkeypatch, cold):
    cold_site, cache = cold
    first = publish_day(cold_site, tmp_path / "day0", {})
    index_site(first, tmp_path / "scratch", cache)
    # A correction of a closed volume's entry: same length (更正 for 公告), new time.
    fixed = {"gazette/113/24/113-24-001/index.html": "府授秘字第1130000001號 更正 舊案"}
    day = publish_day(first, tmp_path / "day1", fixed)
    page = day / "gazette/113/24/113-24-001/index.html"
    assert page.stat().st_size == (first / "gazette/113/24/113-24-001/index.html").stat().st_size
    runs = Runs(monkeypatch)
    index_site(day, tmp_path / "scratch", cache)
    assert runs.names(day) == ["pagefind-recent"]
    cold_day = write_site(tmp_path / "cold-day", {**PAGES, **fixed})
    index_site(cold_day, tmp_path / "scratch-cold", cache_folder=None)
    assert tree(day) == tree(cold_day)


def test_a_price_item_is_searched_by_its_facts_not_its_survey_history(built_site: Path):
    """Years of surveys were most of what Pagefind read of a price page (and held in memory,
    and sent to every reader of the price bundle): the history and the charts are shown,
    not indexed."""
    page = sorted((built_site / "prices").glob("*/index.html"))[0]
    html = page.read_text(encoding="utf-8")
    assert '<div class="portal-history" data-pagefind-ignore="all">' in html
    assert '<div class="portal-chart-wrap" data-pagefind-ignore="all">' in html
    assert "<table" in html.split('class="portal-history"', 1)[1]
    indexed = pagefind_input.indexed_part(html)
    assert page.parent.name in html_text.unescape(indexed) and "portal-facts" in indexed
    assert "portal-history" not in indexed and "<svg" not in indexed
    assert len(indexed) < len(pagefind_input.indexed_part(html.replace("all", "none"))) / 2
