"""Browser fixtures: the sample site served on 127.0.0.1 and Debian's Chromium driving it.

Every test here is marked `browser`. Each browser context aborts any request that does not
go to the local server and records it; the `page` fixture fails the test if one was
attempted, because the published site must not make a single outside request (no CDN fonts,
no analytics, no external search).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from browser.server import serve_site

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
def base_url(built_site: Path) -> Iterator[str]:
    """Serve the built sample site; yield its URL ('http://127.0.0.1:PORT/')."""
    with serve_site(built_site) as url:
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
def outside_requests() -> list[str]:
    """Return the list the context fills with outside URLs the site tried to fetch."""
    return []


@pytest.fixture
def page(browser: Browser, base_url: str, outside_requests: list[str]) -> Iterator[Page]:
    """Yield a desktop page of a fresh context; fail if it requested anything outside."""
    context = new_context(browser, base_url, outside_requests, viewport=DESKTOP)
    page = context.new_page()
    yield page
    context.close()
    assert outside_requests == [], f"the site requested outside URLs: {outside_requests}"
