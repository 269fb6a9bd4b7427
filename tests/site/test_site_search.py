"""Search: the Han character split behind the Chinese index, the bundles and the panel.

Whether Pagefind really finds every page with a term is checked in Chromium
(tests/browser/test_search_cjk.py); here are the parts Python can see.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from pathlib import Path

import pytest
import site_fixture
from hypothesis import given
from hypothesis import strategies as st

from generator.labels import load_labels
from generator.site.search import MERGED_LIST, UNUSED_BUNDLE_FILES
from generator.site.segment import HAN, ZWSP, copy_split, split_han, split_html

SEARCH_JS = site_fixture.REPO / "generator/site/theme/assets/search.js"
HAN_CHAR = re.compile(f"[{HAN}]")


def words(text: str) -> list[str]:
    """Return the words Pagefind sees: runs between whitespace and zero-width spaces."""
    return [w for w in re.split(rf"[\s{ZWSP}]+", text) if w]


def test_each_han_character_becomes_a_word() -> None:
    assert words(split_han("市政府公報 115年第20期")) == [
        *"市政府公報", "115", "年", "第", "20", "期",
    ]  # fmt: skip
    assert words(split_han("Gazette No. 3")) == ["Gazette", "No.", "3"]
    assert words(split_han("府授秘字第1150001234號，更正")) == [
        *"府授秘字第", "1150001234", "號", "，", "更", "正",
    ]  # fmt: skip


def test_existing_spaces_are_not_doubled() -> None:
    # A zero-width space next to a real one would glue the words around it in excerpts.
    assert split_han("公報 115") == f"公{ZWSP}報 115"
    assert split_han("A 公 B") == "A 公 B"


@given(st.text(alphabet=st.characters(blacklist_characters=ZWSP), max_size=60))
def test_the_split_only_adds_zero_width_spaces(text: str) -> None:
    split = split_han(text)
    assert split.replace(ZWSP, "") == text
    for match in HAN_CHAR.finditer(split):
        before = split[match.start() - 1] if match.start() else " "
        after = split[match.end()] if match.end() < len(split) else " "
        assert (before.isspace() or before == ZWSP) and (after.isspace() or after == ZWSP)


def test_markup_scripts_and_attributes_are_not_split() -> None:
    page = (
        '<h2 id="全文"><a href="../公報/" title="公報">公報</a></h2>'
        '<script>var s = "公報";</script><style>p::after{content:"公報"}</style><!-- 公報 -->'
    )
    split = split_html(page)
    assert split.replace(f"公{ZWSP}報", "") == page.replace(">公報<", "><", 1)
    assert split.count(ZWSP) == 1


def test_copy_split_copies_html_only_and_skips_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "a").mkdir()
    (site / "a/index.html").write_text("<p>公報</p>", encoding="utf-8")
    (site / "en/index.html").write_text("<p>Gazette</p>", encoding="utf-8")
    (site / "a/data.csv").write_text("公報", encoding="utf-8")
    out = copy_split(site, tmp_path / "out", skip=("en",))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "a/index.html"
    ]
    assert (out / "a/index.html").read_text(encoding="utf-8") == f"<p>公{ZWSP}報</p>"


def test_search_js_splits_the_same_characters_as_the_index() -> None:
    code = SEARCH_JS.read_text(encoding="utf-8")
    ranges = re.findall(r"var HAN(?:_ALL)? = /\[(.*?)\]/g?u;", code)
    assert len(ranges) == 2 and ranges[0] == ranges[1], ranges
    unescaped = re.sub(
        r"\\u\{([0-9a-f]+)\}|\\u([0-9a-f]{4})",
        lambda m: chr(int(m.group(1) or m.group(2), 16)),
        ranges[0],
    )
    assert unescaped == HAN


def fragments(bundle: Path) -> list[dict]:
    """Return the decoded page fragments of one Pagefind bundle."""
    out = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        out.append(json.loads(text[text.index("{") :]))
    return out


def bundles(language_root: Path) -> list[Path]:
    """Return the Pagefind bundles of one language: the primary, the merged ones, then the
    archive's (merged when a reader asks for older volumes)."""
    primary = language_root / "pagefind"
    listing = json.loads((primary / MERGED_LIST).read_text(encoding="utf-8"))
    older = listing.get("older", {}).get("bundles", [])
    return [primary, *(language_root / folder for folder in [*listing["bundles"], *older])]


def test_published_pages_carry_no_split(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 900
    assert [p for p in pages if ZWSP in p.read_text(encoding="utf-8")] == []


def test_chinese_index_holds_every_chinese_page_and_only_those(built_site: Path) -> None:
    zh = [f for bundle in bundles(built_site) for f in fragments(bundle)]
    assert len(zh) == len(site_fixture.html_pages(built_site))
    assert not any(f["url"].startswith("/en/") for f in zh)
    issue = next(f for f in zh if re.fullmatch(r"/gazette/\d+/\d\d/", f["url"]))
    # Stored text keeps the split (search.js removes it before showing an excerpt).
    assert "市政府公報" in issue["content"].replace(ZWSP, "")


@pytest.mark.parametrize(("folder", "lang"), [("pagefind", "zh-tw"), ("en/pagefind", "en")])
def test_bundles_hold_only_what_the_panel_loads(built_site: Path, folder: str, lang: str) -> None:
    bundle = built_site / folder
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == [lang]
    assert (bundle / "pagefind.js").is_file()
    assert [n for n in UNUSED_BUNDLE_FILES if (bundle / n).exists()] == []
    names = {p.name for p in bundle.iterdir() if p.is_file()} - {MERGED_LIST}
    assert all(n.startswith(("pagefind", "wasm.")) for n in names), names


@pytest.mark.parametrize(("page", "lang"), [("index.html", "zh-TW"), ("en/index.html", "en")])
def test_panel_is_labelled_from_the_labels_catalogue(built_site: Path, page: str, lang: str):
    text = (built_site / page).read_text(encoding="utf-8")
    labels = load_labels(None, lang)["search"]
    panel = text[text.index('id="gz-search-panel"') :]
    panel = panel[: panel.index("</header>")]
    assert (
        f'<label class="gz-search__label" for="gz-search-input">{labels["label"]}</label>' in panel
    )
    assert f'placeholder="{html.escape(labels["placeholder"])}"' in panel
    assert 'role="status" aria-live="polite"' in panel
    for key in ("loading", "found_one", "found_many", "none", "error"):
        attribute = "data-" + key.replace("_", "-")
        assert f'{attribute}="{html.escape(labels[key])}"' in panel, key
    assert f'aria-label="{html.escape(labels["open"])}"' in text
    assert "https://" not in panel and "//" not in re.sub(r"<svg.*?</svg>", "", panel, flags=re.S)
