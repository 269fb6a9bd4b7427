"""Search bundles: which page goes to which bundle, the cache, and the built sample's bundles.

The small sites here are a few hand-written pages indexed by the real Pagefind (a second
or so each); the built sample site is the session's shared build.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import site_fixture

from generator.site import search as search_index
from generator.site.search import MERGED_LIST, assign, bundles, index_site

PAGE = (
    '<!doctype html><html lang="{lang}"><head><title>{title}</title></head>'
    "<body><nav>{title}</nav><main data-pagefind-body><h1>{title}</h1><p>{text}</p></main>"
    "</body></html>"
)
# A language root of a small site: two volumes (113 closed, 114 current), price items.
PAGES = {
    "index.html": "市政府 公報 首頁",
    "404.html": "找不到",
    "gazette/index.html": "公報 總覽",
    "gazette/category/announcement/index.html": "公告 類別",
    "gazette/113/24/index.html": "113年 第24期 公報",
    "gazette/113/24/113-24-001/index.html": "府授秘字第1130000001號 公告 舊案",
    "gazette/114/01/index.html": "114年 第1期 公報",
    "gazette/114/01/114-01-001/index.html": "府授秘字第1140000001號 公告 新案",
    "prices/index.html": "小額採購 參考價格",
    "prices/OF-0001/index.html": "原子筆 採購 價格",
    "data/gifts/index.html": "公務 餽贈",
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
            "gazette/category/announcement/index.html",
            "gazette/index.html",
            "index.html",
            "prices/index.html",
        ],
        "archive": ["gazette/113/24/113-24-001/index.html", "gazette/113/24/index.html"],
        "prices": ["prices/OF-0001/index.html"],
    }
    # English is its own root; Chinese leaves en/ out.
    assert assign(root / "en") == segments
    assert bundles(segments) == {
        "pagefind": segments["live"],
        "pagefind-archive": sorted(segments["archive"] + segments["prices"]),
    }


def test_the_newest_volume_is_live_even_when_older_ones_have_more_digits(tmp_path: Path):
    root = tmp_path / "site"
    for rel in ("gazette/99/01/index.html", "gazette/100/01/index.html"):
        (root / rel).parent.mkdir(parents=True)
        (root / rel).write_text("<p>x</p>", encoding="utf-8")
    assert assign(root) == {
        "live": ["gazette/100/01/index.html"],
        "archive": ["gazette/99/01/index.html"],
        "prices": [],
    }


def test_a_single_volume_site_has_no_merged_bundle(tmp_path: Path) -> None:
    pages = {k: v for k, v in PAGES.items() if "/113/" not in k and "/OF-" not in k}
    out = write_site(tmp_path / "site", pages)
    index_site(out, tmp_path / "scratch", cache_folder=None)
    for root in (out, out / "en"):
        listing = json.loads((root / "pagefind" / MERGED_LIST).read_text(encoding="utf-8"))
        assert listing == {"bundles": [], "shared": []}
        assert not (root / "pagefind-archive").exists()


# --- what a bundle holds --------------------------------------------------------------


def fragment_urls(bundle: Path) -> list[str]:
    """Return the page URLs of a bundle's fragments."""
    import gzip

    urls = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        urls.append(json.loads(text[text.index("{") :])["url"])
    return sorted(urls)


def test_each_bundle_holds_its_pages_at_their_site_urls(tmp_path: Path) -> None:
    out = write_site(tmp_path / "site")
    index_site(out, tmp_path / "scratch", cache_folder=None)
    for root in (out, out / "en"):
        assert fragment_urls(root / "pagefind-archive") == [
            "/gazette/113/24/",
            "/gazette/113/24/113-24-001/",
            "/prices/OF-0001/",
        ]
        live = fragment_urls(root / "pagefind")
        assert "/gazette/114/01/" in live and "/prices/" in live and len(live) == 8
        listing = json.loads((root / "pagefind" / MERGED_LIST).read_text(encoding="utf-8"))
        assert listing == {"bundles": ["pagefind-archive/"], "shared": []}
        # The merged bundle is read with the primary's script and WebAssembly.
        merged = {p.name for p in (root / "pagefind-archive").iterdir()}
        assert "pagefind.js" not in merged and not [n for n in merged if n.startswith("wasm")]
        assert {"pagefind.js", "pagefind-entry.json"} <= {
            p.name for p in (root / "pagefind").iterdir()
        }
    assert not (tmp_path / "scratch").exists() or not any((tmp_path / "scratch").rglob("*.html"))


def test_shared_page_ids_are_listed(tmp_path: Path) -> None:
    out = write_site(tmp_path / "site")
    index_site(out, tmp_path / "scratch", cache_folder=None)
    # Make a page id of the primary appear in the merged bundle too, as a hash clash would.
    clash = sorted((out / "pagefind/fragment").glob("*.pf_fragment"))[0]
    shutil.copyfile(clash, out / "pagefind-archive/fragment" / clash.name)
    search_index.write_bundle_list(out, ["pagefind", "pagefind-archive"])
    listing = json.loads((out / "pagefind" / MERGED_LIST).read_text(encoding="utf-8"))
    assert listing["shared"] == [clash.stem]


def test_two_runs_write_the_same_bytes(tmp_path: Path) -> None:
    first = write_site(tmp_path / "one")
    second = write_site(tmp_path / "two")
    index_site(first, tmp_path / "scratch1", cache_folder=None)
    index_site(second, tmp_path / "scratch2", cache_folder=None)
    assert tree(first) == tree(second)
    assert len(tree(first)) > 10


# --- the cache ------------------------------------------------------------------------


def test_a_warm_cache_reuses_every_bundle_without_pagefind(tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    cold = write_site(tmp_path / "cold")
    index_site(cold, tmp_path / "scratch", cache)
    warm = write_site(tmp_path / "warm")
    runs = Runs(monkeypatch)
    index_site(warm, tmp_path / "scratch", cache)
    assert runs.bundles == []
    assert tree(warm) == tree(cold)
    assert sorted(p.relative_to(cache).as_posix() for p in cache.glob("*/*/key")) == [
        "en/pagefind-archive/key",
        "en/pagefind/key",
        "zh/pagefind-archive/key",
        "zh/pagefind/key",
    ]


def test_a_changed_page_rebuilds_only_its_bundle(tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    index_site(write_site(tmp_path / "cold"), tmp_path / "scratch", cache)
    changed = dict(PAGES)
    changed["gazette/113/24/113-24-001/index.html"] = "府授秘字第1130000001號 更正 舊案"
    out = write_site(tmp_path / "changed", changed)
    runs = Runs(monkeypatch)
    index_site(out, tmp_path / "scratch", cache)
    assert runs.names(out) == ["pagefind-archive"]  # only the Chinese text changed
    assert "/gazette/113/24/113-24-001/" in fragment_urls(out / "pagefind-archive")
    # The replaced entry now serves the next build.
    runs.bundles.clear()
    again = write_site(tmp_path / "again", changed)
    index_site(again, tmp_path / "scratch", cache)
    assert runs.bundles == []
    assert tree(again) == tree(out)


def test_a_new_issue_rebuilds_the_live_bundles_only(tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    index_site(write_site(tmp_path / "cold"), tmp_path / "scratch", cache)
    added = {**PAGES, "gazette/114/02/index.html": "114年 第2期 公報"}
    out = write_site(tmp_path / "new", added)
    runs = Runs(monkeypatch)
    index_site(out, tmp_path / "scratch", cache)
    assert sorted(runs.names(out)) == ["en/pagefind", "pagefind"]  # languages run side by side


@pytest.mark.parametrize("damage", ["no key", "wrong key", "file changed", "file missing"])
def test_a_damaged_cache_entry_is_rebuilt_not_used(tmp_path, monkeypatch, damage) -> None:
    cache = tmp_path / "cache"
    cold = write_site(tmp_path / "cold")
    index_site(cold, tmp_path / "scratch", cache)
    entry = cache / "zh" / "pagefind-archive"
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
    assert runs.names(out) == ["pagefind-archive"]
    assert tree(out) == tree(cold)


def test_a_failed_store_leaves_the_old_entry_usable(tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    cold = write_site(tmp_path / "cold")
    index_site(cold, tmp_path / "scratch", cache)

    def broken_digest(bundle: Path) -> str:
        raise OSError("disk full")

    changed = {**PAGES, "gazette/114/02/index.html": "114年 第2期 公報"}
    monkeypatch.setattr(search_index, "bundle_digest", broken_digest)
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
    assert sorted(p.name for p in (cache / "zh").iterdir()) == ["pagefind", "pagefind-archive"]


# --- the built sample site ------------------------------------------------------------


def listed_bundles(root: Path) -> list[Path]:
    """Return a language's bundles: the primary and those its bundles.json lists."""
    listing = json.loads((root / "pagefind" / MERGED_LIST).read_text(encoding="utf-8"))
    return [root / "pagefind", *(root / folder for folder in listing["bundles"])]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sample_indexes_every_page_once_across_its_bundles(built_site: Path, lang: str):
    root = built_site / "en" if lang == "en" else built_site
    found = listed_bundles(root)
    assert [b.name for b in found] == ["pagefind", "pagefind-archive"]
    on_disk = sorted(p.name for p in root.iterdir() if p.name.startswith("pagefind"))
    assert on_disk == [b.name for b in found]  # no bundle the search script would miss
    urls = [url for bundle in found for url in fragment_urls(bundle)]
    assert len(urls) == len(set(urls)) == len(site_fixture.html_pages(built_site))
    archive = fragment_urls(root / "pagefind-archive")
    assert archive and all(re.match(r"/(gazette/114|prices)/", u) for u in archive)
    ids = [p.stem for b in found for p in (b / "fragment").glob("*.pf_fragment")]
    shared = json.loads((root / "pagefind" / MERGED_LIST).read_text("utf-8"))["shared"]
    assert sorted({i for i in ids if ids.count(i) > 1}) == shared


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
    assert any("pagefind-archive" in p.parts for p in scanned)
