"""Browser fixtures: the sample site served on 127.0.0.1 and Debian's Chromium driving it.

Every test here is marked `browser`. Each browser context aborts any request that does not
go to the local server and records it: the published site must not make a single outside
request (no CDN fonts, no analytics, no external search), and a test asserts there is none.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import site_fixture
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from browser.server import serve_site
from browser.templates import sample_pages

CHROMIUM = os.environ.get("GAZETTE_CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium, not Playwright's download (which cannot be fetched here); root needs
# --no-sandbox, and the rest keep the browser itself from phoning home during a test.
CHROMIUM_ARGS = [
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


def new_context(browser: Browser, base_url: str, outside: list[str], **options) -> BrowserContext:
    """Open a context that aborts, and records in `outside`, every non-local request."""
    context = browser.new_context(base_url=base_url, accept_downloads=True, **options)
    host = urlsplit(base_url).netloc

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == host or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    return context


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """Yield a desktop page of a fresh context in which outside requests are aborted.

    The requests are only blocked here; `test_no_page_requests_anything_outside` asserts
    there are none, so one stray request fails one test instead of every test.
    """
    context = new_context(browser, base_url, [], viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()
