"""The header search in Chromium: Chinese terms find every page that contains them, results
open, the keyboard reaches everything, and a query stays light.

A page "contains" a term when the text Pagefind indexes (the `data-pagefind-body` region,
without `data-pagefind-ignore` parts, scripts and styles) holds it with whitespace removed;
the result count must be exactly that number of pages.
"""

from __future__ import annotations

import functools
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from browser.axe import axe_violations, describe
from browser.conftest import DESKTOP, PHONE, new_context
from browser.server import serve_site

SHOTS = Path("/tmp/gazette-shots")
RESULT = ".gz-search__result a"
BUDGET_KB = 300  # bytes of the search bundles that one query may cost a cold visitor
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _IndexedText(HTMLParser):
    """Collect the text Pagefind indexes from one page."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[bool, bool]] = []
        self.body = self.ignored = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        names = {name for name, _value in attrs}
        entry = (
            "data-pagefind-body" in names,
            "data-pagefind-ignore" in names or tag in ("script", "style"),
        )
        self.stack.append(entry)
        self.body += entry[0]
        self.ignored += entry[1]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.stack:
            return
        body, ignored = self.stack.pop()
        self.body -= body
        self.ignored -= ignored

    def handle_data(self, data: str) -> None:
        if self.body and not self.ignored:
            self.text.append(data)


@functools.cache
def indexed_texts(site: Path) -> dict[str, str]:
    """Return the indexed text of every Chinese page, whitespace removed, by relative path."""
    texts = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("en/", "pagefind/")):
            continue
        parser = _IndexedText()
        parser.feed(path.read_text(encoding="utf-8"))
        texts[rel] = re.sub(r"\s+", "", "".join(parser.text))
    return texts


def pages_containing(site: Path, term: str) -> list[str]:
    """Return the Chinese pages (paths relative to the site) whose indexed text holds `term`."""
    return [rel for rel, text in indexed_texts(site).items() if term in text]


def search(page: Page, start: str, query: str) -> int:
    """Open `start`, search `query` from the header; return the count the status announces."""
    page.goto(start)
    page.locator(".gz-search__toggle").click()
    box = page.locator(".gz-search__input")
    expect(box).to_be_focused()
    box.fill(query)
    expect(page.locator(RESULT).first).to_be_visible(timeout=15_000)
    status = page.locator(".gz-search__status").inner_text()
    assert query in status
    return int(re.search(r"\d+", status.replace(query, "")).group())


@pytest.mark.parametrize("term", ["公報", "採購", "致贈", "市政府"])
def test_a_chinese_term_finds_every_page_that_contains_it(page: Page, site: Path, term: str):
    expected = pages_containing(site, term)
    assert expected, f"the sample has no page with {term}"
    assert search(page, "", term) == len(expected)
    shown = page.locator(RESULT)
    expect(shown).to_have_count(min(10, len(expected)))
    hrefs = [urlsplit(h).path.lstrip("/") for h in shown.evaluate_all("a => a.map(x => x.href)")]
    assert set(hrefs) <= {p.removesuffix("index.html") for p in expected}, hrefs


def test_gazette_finds_every_issue_page(page: Page, site: Path):
    issues = [
        p for p in pages_containing(site, "公報") if re.fullmatch(r"gazette/\d+/\d\d/index.html", p)
    ]
    assert len(issues) >= 10
    assert search(page, "", "公報") >= len(issues)


def test_a_term_missing_from_the_site_finds_nothing(page: Page, site: Path):
    assert pages_containing(site, "臺中") == []  # the sample city is not named
    page.goto("")
    page.locator(".gz-search__toggle").click()
    page.locator(".gz-search__input").fill("臺中")
    expect(page.locator(".gz-search__status")).to_contain_text("沒有符合「臺中」的結果")
    expect(page.locator(RESULT)).to_have_count(0)


def test_two_terms_must_both_appear(page: Page, site: Path):
    both = set(pages_containing(site, "致贈")) & set(pages_containing(site, "公告"))
    assert 0 < len(both) < len(pages_containing(site, "致贈"))
    assert search(page, "", "致贈 公告") == len(both)


@pytest.mark.parametrize(("start", "query"), [("", "公報"), ("en/", "procurement")])
def test_a_result_opens_in_the_same_language(page: Page, base_url: str, start: str, query: str):
    search(page, start, query)
    first = page.locator(RESULT).first
    title = first.locator(".gz-search__title").inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(base_url + start) and page.url != base_url + start
    assert query.lower() in page.locator("main").inner_text().lower()
    assert title.strip() in page.locator("h1").first.inner_text()


def test_more_results_load_on_demand(page: Page):
    total = search(page, "", "公報")
    assert total > 20
    page.locator(".gz-search__more").click()
    expect(page.locator(RESULT)).to_have_count(20)
    expect(page.locator(RESULT).nth(10)).to_be_focused()


def test_the_keyboard_reaches_and_opens_results(page: Page, base_url: str):
    page.goto("")
    page.locator(".gz-search__toggle").focus()
    page.keyboard.press("Enter")
    box = page.locator(".gz-search__input")
    expect(box).to_be_focused()
    page.keyboard.type("公報")
    expect(page.locator(RESULT).first).to_be_visible(timeout=15_000)
    page.keyboard.press("ArrowDown")
    expect(page.locator(RESULT).nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(RESULT).nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#gz-search-panel")).to_be_hidden()
    expect(page.locator(".gz-search__toggle")).to_be_focused()
    expect(page.locator(".gz-search__toggle")).to_have_attribute("aria-expanded", "false")
    # Type and press Enter: the first result opens.
    page.keyboard.press("Enter")
    box.fill("")
    page.keyboard.type("致贈")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(base_url) + r".+"))
    assert "致贈" in page.locator("main").inner_text()


def test_excerpts_are_text_and_marks_only(page: Page):
    search(page, "", "公報")
    tags = page.locator(".gz-search__results *").evaluate_all("n => n.map(x => x.tagName)")
    assert set(tags) <= {"LI", "A", "SPAN", "MARK"}, set(tags)
    marks = page.locator(".gz-search__results mark").all_inner_texts()
    assert marks and all(m == "公報" for m in marks), marks[:5]
    # The index splits Han characters with zero-width spaces; none may reach the screen.
    assert "\u200b" not in page.locator(".gz-search__results").inner_text()


def test_search_works_under_a_base_path(browser: Browser, site: Path, tmp_path: Path):
    (tmp_path / "sub").symlink_to(site, target_is_directory=True)
    with serve_site(tmp_path) as url:
        context = new_context(browser, url, [], viewport=DESKTOP)
        page = context.new_page()
        search(page, "sub/en/", "procurement")
        page.locator(RESULT).first.click()
        page.wait_for_load_state()
        assert page.url.startswith(url + "sub/en/") and page.locator("h1").count()
        context.close()


@pytest.mark.parametrize(
    ("start", "query"), [("", "採購"), ("", "公報"), ("", "致贈"), ("en/", "procurement")]
)
def test_a_query_costs_less_than_the_budget(browser: Browser, base_url: str, start, query):
    outside: list[str] = []
    context = new_context(browser, base_url, outside, viewport=DESKTOP)
    page = context.new_page()
    fetched: dict[str, int] = {}

    def record(response: Response) -> None:
        path = urlsplit(response.url).path
        if re.search(r"/pagefind(-[a-z]+)?/", path):  # the primary and the merged bundles
            fetched[path] = len(response.body())

    page.on("response", record)
    page.goto(start)
    page.wait_for_load_state("networkidle")
    assert fetched == {}  # reading a page costs nothing
    search(page, start, query)
    page.wait_for_load_state("networkidle")
    context.close()
    names = {path.rsplit("/", 1)[-1] for path in fetched}
    # Pagefind runs in its web worker (off the main thread), and none of its ready-made UIs
    assert {"pagefind.js", "pagefind-worker.js"} <= names
    assert not {n for n in names if "-ui" in n}
    assert sum(fetched.values()) <= BUDGET_KB * 1024, fetched
    assert sum(1 for path in fetched if path.endswith(".pf_fragment")) == 10
    assert outside == []


@pytest.mark.parametrize(
    ("start", "query", "size"),
    [("", "公報", DESKTOP), ("", "致贈", PHONE), ("en/", "procurement", PHONE)],
)
def test_screenshots_of_the_open_search(open_page, start, query, size):
    page = open_page(size)
    search(page, start, query)
    page.wait_for_load_state("networkidle")
    panel = page.locator("#gz-search-panel").bounding_box()
    assert panel and panel["x"] >= 0 and panel["x"] + panel["width"] <= size["width"]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size["width"]
    SHOTS.mkdir(exist_ok=True)
    name = f"search-{start.strip('/') or 'zh'}-{size['width']}.png"
    page.screenshot(path=str(SHOTS / name))
    assert os.path.getsize(SHOTS / name) > 0


@pytest.mark.parametrize(("start", "query"), [("", "公報"), ("en/", "procurement")])
def test_the_open_search_has_no_axe_violation(page: Page, start: str, query: str):
    search(page, start, query)
    violations = axe_violations(page)
    assert not violations, describe(page.url, violations)
