"""How the search page loads: what a phone's reader meets before and while it searches.

The search page's script (assets/search-page.js) is added after the first paint
(assets/lazy.js), so on a slow phone a reader can type a keyword or choose a filter before
it arrives (issue 25, commit 9ad0b37). Here the script's request is held until the reader
has typed or chosen, then let through: the form must keep what the reader gave and the
search must run on it (the script once ran the empty address's search instead, and
blanked the form). And Pagefind's WebAssembly runs in its web worker, not on the page's
main thread, where it blocked the page for hundreds of milliseconds on a phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from browser.conftest import new_context
from browser.test_reader import below, path_of, published, results

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LANGS = [pytest.param("", id="zh"), pytest.param("en/", id="en")]
PARENT = "secretariat"  # its notices are filed under its divisions


@pytest.fixture
def held_page(browser: Browser, base_url: str) -> Iterator[tuple[Page, list[Route]]]:
    """Yield a page whose search-page.js requests wait in the list until let through."""
    context = new_context(browser, base_url, [])
    page = context.new_page()
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # not answered: the request waits until the test lets it through

    # A page's route is asked before the context's guard.
    page.route("**/assets/search-page.js", hold)
    yield page, held
    context.close()


def open_before_the_script(page: Page, held: list[Route], path: str) -> None:
    """Open `path` and return once the page has asked for its search script (held)."""
    page.goto(path, wait_until="domcontentloaded")
    page.wait_for_function("() => document.querySelector('#gz-find-q') !== null")
    for _ in range(200):  # lazy.js asks after the first paint: within a few frames
        if held:
            break
        page.wait_for_timeout(50)
    assert len(held) == 1, "the search page never asked for its script"
    # nothing has run the search yet: the reader's form is all there is
    assert page.locator("#gz-find-results").get_attribute("aria-busy") is None


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_keyword_typed_before_the_script_arrives_is_searched(held_page, prefix, viewport):
    page, held = held_page
    page.set_viewport_size(viewport)
    open_before_the_script(page, held, prefix + "search/")
    page.fill("#gz-find-q", "採購")
    held[0].continue_()
    found = results(page)
    expect(page.locator("#gz-find-q")).to_have_value("採購")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["採購"]}  # shareable, as if submitted
    assert found and any(r["kind"] == "entry" for r in found), found
    assert "採購" in page.locator("#gz-find-status").inner_text()


@pytest.mark.parametrize("prefix", LANGS)
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_filter_chosen_before_the_script_arrives_is_searched(held_page, prefix, viewport):
    page, held = held_page
    page.set_viewport_size(viewport)
    open_before_the_script(page, held, prefix + "search/")
    page.select_option("#gz-find-agency", PARENT)
    held[0].continue_()
    found = results(page)
    expect(page.locator("#gz-find-agency")).to_have_value(PARENT)
    assert parse_qs(urlsplit(page.url).query) == {"agency": [PARENT]}
    # the parent's choice finds its divisions' entries, and nothing else
    wanted = {"/" + prefix + path_of(r) for r in published() if r["agency_id"] in below(PARENT)}
    assert found and {r["url"] for r in found} <= wanted, found[:3]


@pytest.mark.parametrize("prefix", LANGS)
def test_pagefind_runs_in_its_web_worker(browser: Browser, base_url: str, prefix: str):
    context = new_context(browser, base_url, [], viewport=PHONE)
    page = context.new_page()
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text))
    page.goto(prefix + "search/?q=採購")
    found = results(page)
    workers = [w.url for w in page.workers]
    context.close()
    assert found
    assert [u for u in workers if u.endswith("/" + prefix + "pagefind/pagefind-worker.js")]
    # Pagefind says so when its worker fails and it falls back to the main thread
    assert not [w for w in warnings if "worker" in w.lower()], warnings


def test_search_works_where_the_worker_cannot_start(browser: Browser, base_url: str):
    context = new_context(browser, base_url, [], viewport=PHONE)
    page = context.new_page()
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    page.route("**/pagefind-worker.js", lambda route: route.fulfill(status=404))
    page.goto("search/?q=採購")
    found = results(page)
    context.close()
    assert any("falling back to main thread" in m for m in said), said  # the worker failed
    assert found and any(r["kind"] == "entry" for r in found)  # and the search ran anyway
