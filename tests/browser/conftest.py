"""Browser fixtures: the sample site served on 127.0.0.1 and Debian's Chromium driving it.

Every test here is marked `browser`. Each browser context aborts any request that does not
go to the local server and records it: the published site must not make a single outside
request (no CDN fonts, no analytics, no external search), and a test asserts there is none.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import site_fixture
from playwright.sync_api import Browser, BrowserContext, Page, Request, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from browser.server import serve_site
from browser.templates import sample_pages

# Debian's headless shell: the same Blink without the browser's UI layers. On this suite it
# costs a third less CPU than `chromium --headless` (bench/README.md, "Test suite times").
# Full Chromium where the shell is not packaged.
CHROMIUM = os.environ.get("GAZETTE_CHROMIUM") or next(
    (p for p in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if Path(p).exists()),
    "/usr/bin/chromium-headless-shell",
)
# Every request to another host goes to a proxy that is not there (the discard port), so it
# fails in the browser, without a round trip through this process; Chromium never sends
# loopback requests through a proxy, so the local server is reached directly.
DEAD_PROXY = "--proxy-server=http://127.0.0.1:9"
# Debian's Chromium, not Playwright's download (which cannot be fetched here); root needs
# --no-sandbox, and the rest keep the browser itself from phoning home during a test.
CHROMIUM_ARGS = [
    DEAD_PROXY,
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder `browser` so `-m "not browser"` can leave them out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> Path:
    """Return the sample site: the shared build, or GAZETTE_TEST_SITE when iterating on tests.

    GAZETTE_TEST_SITE names a site already built with `gazette build --as-of 2026-11-25`, so
    a change to these tests can be tried in seconds; CI never sets it.
    """
    prebuilt = os.environ.get("GAZETTE_TEST_SITE")
    return Path(prebuilt) if prebuilt else request.getfixturevalue("built_site")


@pytest.fixture(scope="session")
def sample(site: Path) -> dict[tuple[str, str], str | None]:
    """Return one URL path per (template, language) of the sample site."""
    return sample_pages(site, site_fixture.REPO / "datasets")


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """Serve the sample site; yield its URL ('http://127.0.0.1:PORT/')."""
    with serve_site(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch one headless Chromium for the whole session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_context(
    browser: Browser, base_url: str, outside: list[str], *, intercept: bool = False, **options
) -> BrowserContext:
    """Open a context that records in `outside` every request to another host.

    Such requests fail at the browser's dead proxy (CHROMIUM_ARGS) and are recorded when
    they fail. With `intercept`, every request is also routed through this process and
    aborted unless it is local: slower (each request makes a round trip, and routing turns
    the browser's cache off), but it sees requests that no failure event reports
    (test_no_page_requests_anything_outside).
    """
    context = browser.new_context(base_url=base_url, accept_downloads=True, **options)
    host = urlsplit(base_url).netloc

    def local(url: str) -> bool:
        return urlsplit(url).netloc == host or url.startswith(("data:", "blob:"))

    def failed(request: Request) -> None:
        if not local(request.url):
            outside.append(request.url)

    def guard(route: Route) -> None:
        url = route.request.url
        if local(url):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    if intercept:  # the guard records what it aborts: no need to hear of it failing too
        context.route("**/*", guard)
    else:
        context.on("requestfailed", failed)
    return context


# A page that was never navigated (about:blank) has no storage to clear, and says so.
CLEAR_STORAGE = "() => { try { localStorage.clear(); sessionStorage.clear(); } catch (e) {} }"


class Pages:
    """Pages a worker's tests share, one per viewport, and the fresh ones a test asks for.

    A page in a new context costs about 0.6 s of CPU more than a page that navigates again
    (a new renderer process), and the browser tests open hundreds. A shared page is handed
    back clean after each test: routes removed, storage and cookies cleared, and on
    about:blank. A test that listens to a page's events or routes its requests takes a
    fresh one (`fresh`), closed when the test ends.
    """

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser, self.base_url = browser, base_url
        self.shared: dict[tuple[int, int], Page] = {}
        self.lent: list[Page] = []
        self.fresh_contexts: list[BrowserContext] = []

    def open(self, viewport: dict[str, int]) -> Page:
        """Return this worker's page for `viewport`, ready for a test to navigate."""
        key = (viewport["width"], viewport["height"])
        page = self.shared.get(key)
        if page is None or page.is_closed():
            page = self._context(viewport).new_page()
            self.shared[key] = page
        self.lent.append(page)
        return page

    def fresh(self, viewport: dict[str, int]) -> Page:
        """Return a page of a new context (a new visitor), closed when the test ends."""
        context = self._context(viewport)
        self.fresh_contexts.append(context)
        return context.new_page()

    def give_back(self) -> None:
        """Close the test's fresh pages; clean the shared ones it used, or drop them."""
        for context in self.fresh_contexts:
            context.close()
        for page in self.lent:
            try:
                page.unroute_all(behavior="ignoreErrors")
                page.evaluate(CLEAR_STORAGE)
                page.context.clear_cookies()
                page.goto("about:blank")
            except PlaywrightError:  # closed or crashed: the next test gets a new one
                page.context.close()
                self.shared = {k: p for k, p in self.shared.items() if p is not page}
        self.lent, self.fresh_contexts = [], []

    def _context(self, viewport: dict[str, int]) -> BrowserContext:
        context = new_context(self.browser, self.base_url, [], viewport=viewport)
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        return context


@pytest.fixture(scope="session")
def shared_pages(browser: Browser, base_url: str) -> Iterator[Pages]:
    """Return this worker's shared pages (see Pages)."""
    pages = Pages(browser, base_url)
    yield pages
    for page in pages.shared.values():
        page.context.close()


@pytest.fixture
def pages(shared_pages: Pages) -> Iterator[Pages]:
    """Lend the shared pages to one test; clean what it used when it ends."""
    yield shared_pages
    shared_pages.give_back()


@pytest.fixture
def open_page(pages: Pages) -> Callable[[dict[str, int]], Page]:
    """Return a function giving the worker's clean page at a viewport (see Pages)."""
    return pages.open


@pytest.fixture
def page(pages: Pages) -> Page:
    """Return a desktop page in which outside requests fail (shared, handed over clean).

    The requests are only blocked here; `test_no_page_requests_anything_outside` asserts
    there are none, so one stray request fails one test instead of every test.
    """
    return pages.open(DESKTOP)


@pytest.fixture
def fresh_page(pages: Pages) -> Page:
    """Return a desktop page of a new context, for a test that listens to its events."""
    return pages.fresh(DESKTOP)
